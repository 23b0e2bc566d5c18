"""``Notification`` moved to the notifications app: dropped from oversight's state only (the
table ``oversight_notification`` and its rows now belong to ``notifications.Notification``)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("oversight", "0002_inspection_programmes_per_organiser"),
        ("notifications", "0001_moved_notifications_and_reminder_log"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="Notification")],
            database_operations=[],
        ),
    ]
