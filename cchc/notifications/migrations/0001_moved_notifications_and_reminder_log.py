"""The bell's notifications (from oversight) and the reminder log (from tracking) move here.

State only: the tables ``oversight_notification`` and ``tracking_reminderlog`` stay as they are,
with their rows (``db_table`` on the models); oversight and tracking drop the models from their
state in their own migrations, which run after this one.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("oversight", "0002_inspection_programmes_per_organiser"),
        ("tracking", "0005_merge_20261207_2112"),
        ("orgs", "0001_org_units_groups_successions"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Notification",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        (
                            "kind",
                            models.CharField(
                                choices=[
                                    ("returned", "Bị trả lại"),
                                    ("approved", "Đã được duyệt"),
                                    ("due", "Sắp đến hạn, quá hạn"),
                                    ("campaign", "Đợt đánh giá mới"),
                                    ("inspection", "Kiểm tra CCHC"),
                                    ("publication", "Công bố kết quả"),
                                ],
                                max_length=16,
                                verbose_name="loại",
                            ),
                        ),
                        ("text", models.CharField(max_length=500, verbose_name="nội dung")),
                        ("url", models.CharField(blank=True, max_length=500)),
                        ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                        ("read_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="notifications",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "thông báo",
                        "verbose_name_plural": "thông báo",
                        "db_table": "oversight_notification",
                        "ordering": ["-created_at", "-id"],
                        "indexes": [models.Index(fields=["user", "read_at"], name="notification_user_unread_idx")],
                    },
                ),
                migrations.CreateModel(
                    name="ReminderLog",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("kind", models.CharField(max_length=16)),
                        ("key", models.CharField(max_length=120)),
                        ("sent_at", models.DateTimeField()),
                        (
                            "unit",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="orgs.orgunit"
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "nhắc việc đã gửi",
                        "verbose_name_plural": "nhắc việc đã gửi",
                        "db_table": "tracking_reminderlog",
                        "constraints": [
                            models.UniqueConstraint(fields=("unit", "kind", "key"), name="reminderlog_unique_once")
                        ],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
