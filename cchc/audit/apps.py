from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "cchc.audit"
    label = "audit"
    verbose_name = _("Nhật ký thay đổi")

    def ready(self):
        from cchc.audit.panels import audit_panel
        from cchc.core import home_panels, nav

        home_panels.register(audit_panel, order=95)

        nav.register(_("Nhật ký"), "audit:event_list", lambda g: g.can_read_audit(), order=90)
