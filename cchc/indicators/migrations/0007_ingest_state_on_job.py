from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("indicators", "0006_carry_ingests_to_jobs")]

    operations = [
        migrations.RemoveField(model_name="dossieringest", name=name)
        for name in (
            "status",
            "progress",
            "message",
            "finished_at",
            "started_at",
            "heartbeat_at",
            "lease_until",
            "attempts",
        )
    ]
