"""The one Job model keeps the data of before: download jobs keep their rows, and each dossier
ingest's status, progress, message and lease move to a job of its own (and back)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("indicators", "0004_merge_20261207_2102"), ("jobs", "0003_scheduled_runs")]
AFTER = [("indicators", "0007_ingest_state_on_job"), ("jobs", "0004_one_job_model")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_ingests_and_downloads_keep_their_data_across_the_migration(org_tree, users):
    old = _migrate(BEFORE)
    Ingest, Download = old.get_model("indicators", "DossierIngest"), old.get_model("jobs", "DownloadJob")
    officer = users["officer"].pk
    Download.objects.create(user_id=officer, kind="reporting.consolidation", label="Báo cáo", status="done",
                            progress=100, filename="a.docx")  # fmt: skip
    common = {"province_id": org_tree["HP"].pk, "created_by_id": officer}
    Ingest.objects.create(
        file_name="a.csv", status="preview", progress=100, message="Chờ", attempts=1, **common
    )
    Ingest.objects.create(
        file_name="b.csv", status="failed", progress=5, message="Máy xử lý nền đã dừng", **common
    )

    new = _migrate(AFTER)
    Job, Ingest = new.get_model("jobs", "Job"), new.get_model("indicators", "DossierIngest")
    download = Job.objects.get(kind="reporting.consolidation")
    assert (download.user_id, download.status, download.filename) == (officer, "done", "a.docx")
    rows = {i.file_name: i.job for i in Ingest.objects.select_related("job")}
    a, b = rows["a.csv"], rows["b.csv"]
    assert (a.kind, a.user_id, a.status, a.progress, a.message, a.attempts) == (
        "indicators.dossier_ingest",
        officer,
        "preview",
        100,
        "Chờ",
        1,
    )
    assert (b.status, b.message) == ("failed", "Máy xử lý nền đã dừng")

    old = _migrate(BEFORE)  # and back
    Ingest = old.get_model("indicators", "DossierIngest")
    assert sorted(Ingest.objects.values_list("file_name", "status", "message")) == [
        ("a.csv", "preview", "Chờ"), ("b.csv", "failed", "Máy xử lý nền đã dừng")
    ]  # fmt: skip
    assert old.get_model("jobs", "DownloadJob").objects.count() == 1
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())  # every app as the other tests expect it
