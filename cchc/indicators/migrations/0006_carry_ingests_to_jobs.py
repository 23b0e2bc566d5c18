"""Each dossier ingest's status, progress, message and lease move to a job of the kind
``indicators.dossier_ingest`` (the one Job model of ``cchc.jobs``); the ingest keeps its data."""

from django.db import migrations

KIND = "indicators.dossier_ingest"
CARRIED = ("status", "progress", "finished_at", "started_at", "heartbeat_at", "lease_until", "attempts")


def forwards(apps, schema_editor):
    DossierIngest = apps.get_model("indicators", "DossierIngest")
    Job = apps.get_model("jobs", "Job")
    for ingest in DossierIngest.objects.filter(job__isnull=True).order_by("pk").iterator():
        job = Job.objects.create(
            user_id=ingest.created_by_id,
            kind=KIND,
            label=f"Nhập thống kê hồ sơ: {ingest.file_name}"[:255],
            params={},
            message=(ingest.message or "")[:500],
            **{f: getattr(ingest, f) for f in CARRIED},
        )
        Job.objects.filter(pk=job.pk).update(created_at=ingest.created_at)  # not auto_now_add's now
        DossierIngest.objects.filter(pk=ingest.pk).update(job=job)


def backwards(apps, schema_editor):
    DossierIngest = apps.get_model("indicators", "DossierIngest")
    Job = apps.get_model("jobs", "Job")
    for ingest in DossierIngest.objects.filter(job__isnull=False).select_related("job").iterator():
        job = ingest.job
        DossierIngest.objects.filter(pk=ingest.pk).update(
            job=None, message=job.message, **{f: getattr(job, f) for f in CARRIED}
        )
        Job.objects.filter(pk=job.pk).delete()


class Migration(migrations.Migration):
    dependencies = [("indicators", "0005_ingest_job")]

    operations = [migrations.RunPython(forwards, backwards)]
