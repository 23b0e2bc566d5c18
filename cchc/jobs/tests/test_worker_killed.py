"""A worker killed in the middle of a job (subprocesses, on the suite's engine): a dossier ingest
is marked failed with a Vietnamese message and its upload deleted; a report render (idempotent)
is queued again and finished by the next worker. Nothing stays "running" for ever."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from cchc.testing.installations import REPO
from cchc.testing.installations import child_env as _env
from cchc.testing.installations import run_cchc as _cchc
from cchc.testing.installations import run_python as _run

pytestmark = pytest.mark.django_db

SETUP = r"""
import json, os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
import django
django.setup()
from django.db import transaction
from cchc.accounts.models import User
from cchc.indicators.ingest import start_ingest
from cchc.indicators.models import DossierIngest
from cchc.jobs.actions import do_request_job
from cchc.orgs.models import OrgUnit
from cchc.plans.models import Plan

upload = sys.argv[1]
with open(upload, "w", encoding="utf-8") as fh:
    fh.write("Mã hồ sơ,TTHC,Lĩnh vực,Cơ quan,Ngày tiếp nhận,Ngày hẹn trả,Ngày có kết quả\n")
    for i in range(200):
        fh.write(f"H{i},Cấp phép,Tư pháp,Sở Tư pháp,03/01/2022,05/01/2022,04/01/2022\n")
hp = OrgUnit.objects.get(code="HP")
officer = User.objects.get(username="officer")
with transaction.atomic():  # both queued when it commits
    ingest = start_ingest(province=hp, file_name="ho-so.csv", actor=officer, stored_path=upload)
    job = do_request_job(kind="reporting.consolidation", label="Báo cáo", actor=officer,
                         params={"plan_id": Plan.objects.get().pk, "period": "2022-Y", "fmt": "docx"})
print(json.dumps({"ingest": ingest.pk, "job": job.pk}))
"""

STATE = r"""
import json, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
import django
django.setup()
from cchc.indicators.models import DossierIngest
from cchc.jobs.models import Job
print(json.dumps({
    "ingests": [[i.status, i.message, i.job.attempts, i.stored_path]
                for i in DossierIngest.objects.select_related("job").order_by("pk")],
    "jobs": [[j.status, j.message, j.attempts, j.progress]
             for j in Job.objects.exclude(kind="indicators.dossier_ingest").order_by("pk")],
}))
"""


def _state(env) -> dict:
    return json.loads(_run(["-c", STATE], env).stdout.strip().splitlines()[-1])


def test_killing_the_worker_mid_job_never_leaves_it_running(tmp_path, installations):
    src_url, _dst = installations
    env = _env(src_url, tmp_path / "var", CCHC_JOB_LEASE_SECONDS="2", CCHC_JOB_HEARTBEAT_SECONDS="1")
    _cchc("migrate", "--verbosity", "0", env=env)
    _run(["scripts/backup_roundtrip.py", "populate"], env)
    upload = tmp_path / "var" / "media" / "dossier-uploads" / "x.upload"
    upload.parent.mkdir(parents=True, exist_ok=True)
    _run(["-c", SETUP, str(upload)], env)

    def kill_worker_while_running(which: str) -> None:
        """Start a worker that holds each job "running" (heartbeat on), wait until ``which``
        runs, kill -9 the worker (no cleanup of any kind), let the 2 s lease run out."""
        worker = subprocess.Popen(
            [sys.executable, "-m", "cchc.cli", "worker"],
            env={**env, "CCHC_TEST_JOB_PAUSE": "60"}, cwd=REPO,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                state = _state(env)
                if state[which][0][0] == "running":
                    break
                time.sleep(1)
            assert state[which][0][0] == "running", state
            time.sleep(3)  # a few heartbeats: the lease is renewed while it runs
            assert _state(env)[which][0][0] == "running"
        finally:
            os.killpg(worker.pid, signal.SIGKILL)
            worker.wait(timeout=30)
        time.sleep(3)

    kill_worker_while_running("ingests")  # during the dossier ingest
    assert upload.exists()
    kill_worker_while_running("jobs")  # during the report render (its sweeper failed the ingest)

    # the next worker's sweeper: the ingest failed and its upload deleted, the render queued
    # again (idempotent) and finished
    _cchc("worker", "--batch", env=env)
    state = _state(env)
    status, message, _attempts, stored = state["ingests"][0]
    assert status == "failed" and "Máy xử lý nền đã dừng giữa chừng" in message and stored == ""
    assert not upload.exists()
    job_status, job_message, attempts, progress = state["jobs"][0]
    assert job_status in {"done", "failed"}, state
    assert job_status == "done" and attempts == 2 and progress == 100, state
