from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "cchc.notifications"
    label = "notifications"
    verbose_name = _("Thông báo")

    def ready(self):
        from cchc.jobs import schedule
        from cchc.notifications.tasks import send_reminders_task

        schedule.register("notifications.reminders", send_reminders_task, at=remind_at)


def remind_at():
    """When the daily reminder run is due (local time): ``CCHC_REMIND_AT`` ("HH:MM", default 07:00)."""
    import datetime as dt

    from django.conf import settings

    return dt.time.fromisoformat(getattr(settings, "CCHC_REMIND_AT", "07:00"))
