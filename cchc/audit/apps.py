from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "cchc.audit"
    label = "audit"
    verbose_name = _("Nhật ký thay đổi")

    def ready(self):
        from cchc.core import nav

        nav.register(_("Nhật ký"), "audit:event_list", lambda g: g.can_read_audit(), order=90)
