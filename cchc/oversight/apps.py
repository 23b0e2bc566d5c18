from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OversightConfig(AppConfig):
    name = "cchc.oversight"
    label = "oversight"
    verbose_name = _("Điều hành, kiểm tra, công khai")

    def ready(self):
        from cchc.accounts import policy
        from cchc.core import demo, home_panels, nav
        from cchc.oversight import panels
        from cchc.oversight.demo import load_demo_oversight

        nav.register(
            _("Bảng điều hành"),
            "oversight:dashboard",
            policy.can_see_dashboard,
            order=10,
            group="reports",
        )
        nav.register(
            _("Kiểm tra CCHC"),
            "oversight:inspection_plan_list",
            policy.can_see_inspections,
            order=60,
            group="inspections",
        )
        nav.register(
            _("Công khai kết quả"),
            "oversight:publication_list",
            policy.can_manage_publications,
            order=61,
            group="public",
        )
        home_panels.register(panels.dashboard_panel, order=10)
        demo.register_step(90, "điều hành, kiểm tra CCHC, công khai kết quả", load_demo_oversight)

        from cchc.core import figures
        from cchc.oversight import figures as inspection_figures

        figures.register(
            "inspection.inspected_share",
            inspection_figures.inspected_share,
            label=inspection_figures.INSPECTED_SHARE_LABEL,
        )
        figures.register(
            "inspection.findings_remedied",
            inspection_figures.findings_remedied,
            label=inspection_figures.FINDINGS_REMEDIED_LABEL,
        )
        figures.provide_inspection_figures(inspection_figures.inspection_figures)
