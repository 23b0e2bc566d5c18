"""``ReminderLog`` moved to the notifications app: dropped from tracking's state only (the table
``tracking_reminderlog`` and its rows now belong to ``notifications.ReminderLog``)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("tracking", "0005_merge_20261207_2112"),
        ("notifications", "0001_moved_notifications_and_reminder_log"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ReminderLog")],
            database_operations=[],
        ),
    ]
