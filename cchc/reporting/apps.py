from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportingConfig(AppConfig):
    name = "cchc.reporting"
    label = "reporting"
    verbose_name = _("Báo cáo")

    def ready(self):
        from cchc.accounts import policy
        from cchc.core import demo, nav
        from cchc.reporting.demo import load_demo_reports

        nav.register(_("Báo cáo định kỳ"), "reporting:report_list", policy.is_member, 50)
        demo.register_step(95, "Báo cáo định kỳ CCHC (Hải Phòng 2022)", load_demo_reports)

        from cchc.jobs import registry
        from cchc.reporting.consolidation_views import build_consolidation_file

        registry.register("reporting.consolidation", build_consolidation_file)

        from cchc.notifications import reminders
        from cchc.reporting import reminders as report_reminders

        reminders.register(
            report_reminders.KIND,
            collect=report_reminders.build_report_digests,
            link=report_reminders.link,
            order=20,
        )

        from cchc.core import figures
        from cchc.reporting import figures as report_figures

        figures.register("reporting.pakn_handled", report_figures.pakn_handled, label=report_figures.LABEL)
