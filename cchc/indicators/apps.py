from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "cchc.indicators"
    label = "indicators"
    verbose_name = _("Chỉ số đo lường")

    def ready(self):
        from cchc.core import demo, nav
        from cchc.indicators import dossier_jobs
        from cchc.indicators.demo import load_demo_indicators

        dossier_jobs.register()  # the dossier ingest, a job kind of cchc.jobs
        nav.register(_("Chỉ số đo lường"), "indicators:indicator_list", lambda g: True, order=45)
        # after the plans (seeds) and the reports (60): values and dossier aggregates of 2022
        demo.register_step(65, "chỉ số, số liệu và thống kê hồ sơ một cửa 2022", load_demo_indicators)

        from cchc.core import figures
        from cchc.indicators.figures import dossiers_received

        figures.provide_dossiers_received(dossiers_received)
