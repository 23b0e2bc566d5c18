"""One Job model for every background job: ``DownloadJob`` renamed (its table and rows kept), a
job may have no user (a command-line ingest), and a job may wait for confirmation (``preview``)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0003_scheduled_runs"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel("DownloadJob", "Job"),
        migrations.AlterModelOptions(
            name="job",
            options={
                "ordering": ["-created_at", "-id"],
                "verbose_name": "việc chạy nền",
                "verbose_name_plural": "việc chạy nền",
            },
        ),
        migrations.AlterField(
            model_name="job",
            name="user",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="jobs",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AlterField(
            model_name="job",
            name="status",
            field=models.CharField(
                choices=[
                    ("queued", "Đang chờ"),
                    ("running", "Đang chuẩn bị"),
                    ("preview", "Chờ xác nhận"),
                    ("done", "Đã xong"),
                    ("failed", "Không thành công"),
                ],
                default="queued",
                max_length=16,
                verbose_name="trạng thái",
            ),
        ),
    ]
