from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "cchc.orgs"
    label = "orgs"
    verbose_name = _("Cơ quan, đơn vị")

    def ready(self):
        from cchc.accounts import policy
        from cchc.core import demo, home_panels, nav
        from cchc.orgs import panels
        from cchc.orgs.demo import load_orgs

        demo.register_step(1, "cơ quan, đơn vị", load_orgs)
        home_panels.register(panels.unit_panel, order=10)
        home_panels.register(panels.org_panel, order=90, cached_under=("orgs",))

        nav.register(_("Cơ quan, đơn vị"), "orgs:unit_list", policy.is_member, order=80)
