from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "cchc.core"
    label = "core"
    verbose_name = _("Lõi")

    def ready(self):
        from cchc.core import home_panels, panels

        home_panels.register(panels.unit_panel, order=10)
        home_panels.register(panels.org_panel, order=90)
        home_panels.register(panels.audit_panel, order=95)
