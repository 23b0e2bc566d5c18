from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "cchc.jobs"
    label = "jobs"
    verbose_name = _("Việc chạy nền")

    def ready(self):
        from cchc.jobs import lease
        from cchc.jobs.tasks import run_job

        lease.on_requeue(run_job.enqueue)  # the sweeper queues an idempotent job again
