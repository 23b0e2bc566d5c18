from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "cchc.jobs"
    label = "jobs"
    verbose_name = _("Tệp chuẩn bị nền")

    def ready(self):
        from cchc.jobs import actions  # noqa: F401 (registers the download jobs' lease)
