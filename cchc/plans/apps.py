from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class PlansConfig(AppConfig):
    name = "cchc.plans"
    label = "plans"
    verbose_name = pgettext_lazy("menu", "Kế hoạch")

    def ready(self):
        from cchc.accounts import policy
        from cchc.core import demo, home_panels, nav
        from cchc.plans.demo import load_pending_imports, load_seed_plans
        from cchc.plans.panels import plans_panel

        nav.register(
            pgettext_lazy("menu", "Kế hoạch"),
            "plans:plan_list",
            policy.is_member,
            order=20,
        )
        home_panels.register(plans_panel, order=20, cached_under=("plans", "tracking"))
        from cchc.jobs import registry
        from cchc.plans.ocr_jobs import KIND, build_ocr_import

        registry.register(KIND, build_ocr_import)
        demo.register_step(20, "kế hoạch mẫu (5 văn bản)", load_seed_plans)
        demo.register_step(21, "lượt nhập chờ xác nhận (báo cáo nhập)", load_pending_imports)
