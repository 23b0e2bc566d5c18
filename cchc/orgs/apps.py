from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgsConfig(AppConfig):
    name = "cchc.orgs"
    label = "orgs"
    verbose_name = _("Cơ quan, đơn vị")

    def ready(self):
        from cchc.accounts import policy
        from cchc.core import nav

        nav.register(_("Cơ quan, đơn vị"), "orgs:unit_list", policy.is_member, order=80)
