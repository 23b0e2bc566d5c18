from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "cchc.notifications"
    label = "notifications"
    verbose_name = _("Thông báo")

    def ready(self):
        from cchc.jobs import schedule
        from cchc.notifications.reminders import remind_at
        from cchc.notifications.tasks import send_reminders_task

        # the worker sends every registered kind of reminder once a day (docs/notifications.md)
        schedule.register("notifications.reminders", send_reminders_task, at=remind_at)
