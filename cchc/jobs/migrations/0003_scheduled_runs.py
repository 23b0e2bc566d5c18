from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0002_leases"),
    ]

    operations = [
        migrations.CreateModel(
            name="ScheduledRun",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("name", models.CharField(max_length=100)),
                ("day", models.DateField()),
                ("started_at", models.DateTimeField(auto_now_add=True)),
            ],
            options={
                "verbose_name": "lần chạy theo lịch",
                "verbose_name_plural": "lần chạy theo lịch",
                "constraints": [models.UniqueConstraint(fields=("name", "day"), name="scheduledrun_once_a_day")],
            },
        ),
    ]
