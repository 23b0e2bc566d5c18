from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParIndexConfig(AppConfig):
    name = "cchc.parindex"
    label = "parindex"
    verbose_name = _("Chỉ số CCHC")

    def ready(self):
        from cchc.accounts import policy
        from cchc.core import demo, home_panels, nav
        from cchc.parindex import panels
        from cchc.parindex.demo import load_demo_parindex

        nav.register(
            _("Chỉ số CCHC (PAR INDEX)"),
            "parindex:campaign_list",
            policy.is_member,
            55,
        )
        home_panels.register(panels.my_sheet_panel, order=35)
        home_panels.register(panels.council_panel, order=36)
        demo.register_step(80, "Chỉ số CCHC năm 2022 (Hải Phòng)", load_demo_parindex)
        from cchc.parindex.province_demo import load_demo_province_index

        demo.register_step(
            82, "Chỉ số CCHC của thành phố Hà Nội năm 2022 (192/KH-UBND)", load_demo_province_index
        )
        from cchc.notifications import reminders
        from cchc.parindex import reminders as par_reminders

        reminders.register(
            par_reminders.KIND, collect=par_reminders.build_par_digests, link=par_reminders.link, order=30
        )

        from cchc.core import figures
        from cchc.parindex import figures as par_figures

        figures.register("par.index", par_figures.par_index, label=par_figures.INDEX_LABEL)
        figures.register("par.rank", par_figures.par_rank, label=par_figures.RANK_LABEL)
