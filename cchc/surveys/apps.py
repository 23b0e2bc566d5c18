from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "cchc.surveys"
    label = "surveys"
    verbose_name = _("Khảo sát sự hài lòng")

    def ready(self):
        from cchc.accounts import policy
        from cchc.core import demo, nav
        from cchc.surveys.demo import load_demo_surveys

        nav.register(
            _("Khảo sát hài lòng (SIPAS)"),
            "surveys:round_list",
            policy.is_member,
            60,
        )
        demo.register_step(70, "Khảo sát sự hài lòng (Hải Phòng 2022)", load_demo_surveys)

        from cchc.core import figures
        from cchc.surveys import figures as survey_figures

        figures.register("sipas.index", survey_figures.sipas_index, label=survey_figures.LABEL)
