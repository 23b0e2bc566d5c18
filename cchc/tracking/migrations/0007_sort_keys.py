"""The task list's sort keys stored on each assignment (``cchc.tracking.sortkeys``)."""

from django.db import migrations, models


BACKFILL = """
UPDATE tracking_assignment
SET sort_plan = t.plan_id, sort_order = t."order", sort_unit_code = u.code
FROM plans_task t, orgs_orgunit u
WHERE t.id = tracking_assignment.task_id AND u.id = tracking_assignment.unit_id
"""


# the descending sorts (due date, last update) keep NULLs last: an index in that order exists on
# PostgreSQL only (SQLite has no NULLS LAST in an index, and sorts its embedded-size lists)
DESCENDING = {
    "assignment_sort_due_desc_idx": '"due_date" DESC NULLS LAST, "sort_plan", "sort_order", "sort_unit_code",'
    ' "period_label"',
    "assignment_sort_updated_idx": '"cur_at" DESC NULLS LAST, "sort_order", "sort_unit_code"',
}


def add_descending(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name, columns in DESCENDING.items():
            schema_editor.execute(f'CREATE INDEX IF NOT EXISTS "{name}" ON "tracking_assignment" ({columns})')


def drop_descending(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for name in DESCENDING:
            schema_editor.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [
        ("orgs", "0002_finance_agency"),
        ("plans", "0003_corenumbers_target_details"),
        ("tracking", "0006_reminderlog_moves_to_notifications"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="assignment",
            name="assignment_due_idx",
        ),
        migrations.AddField(
            model_name="assignment",
            name="sort_order",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="assignment",
            name="sort_plan",
            field=models.BigIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="assignment",
            name="sort_unit_code",
            field=models.CharField(default="", editable=False, max_length=64),
        ),
        # the keys of the existing rows, in one statement (PostgreSQL and SQLite >= 3.33), before
        # the indexes are built
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop),
        migrations.AddIndex(
            model_name="assignment",
            index=models.Index(
                fields=["due_date", "sort_plan", "sort_order", "sort_unit_code", "period_label"],
                name="assignment_sort_due_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="assignment",
            index=models.Index(
                fields=["sort_plan", "sort_order", "period_label", "-role", "sort_unit_code"],
                name="assignment_sort_task_idx",
            ),
        ),
        migrations.AddIndex(
            model_name="assignment",
            index=models.Index(
                fields=["cur_percent", "due_date", "sort_order", "sort_unit_code"],
                name="assignment_sort_percent_idx",
            ),
        ),
        migrations.RunPython(add_descending, drop_descending),
    ]
