import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0004_merge_20261207_2102"),
        ("jobs", "0004_one_job_model"),
    ]

    operations = [
        migrations.AddField(
            model_name="dossieringest",
            name="job",
            field=models.OneToOneField(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="dossier_ingest",
                to="jobs.job",
            ),
        ),
    ]
