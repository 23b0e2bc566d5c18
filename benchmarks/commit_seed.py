"""Benchmark committing the real Hải Phòng plan (seed 000): ``cchc import-plan --commit``'s work
(parse, resolve, store, assign every task to its units), on the database you choose.

Run (a fresh database; it is migrated and filled here)::

    DATABASE_URL=postgresql://cchc:…@127.0.0.1:5432/cchc_bench uv run python benchmarks/commit_seed.py

Prints the wall time of the commit and of its assignment step, the CPU time of this process
(the database server's not included; on a loaded machine a steadier figure than the wall time),
the rows and audit events written, and the process's peak memory. Target (issue 22): ≤ 1,5 s on PostgreSQL.
"""

from __future__ import annotations

import os
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
os.environ.setdefault("CCHC_DEMO", "1")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402

SEED = Path(os.environ.get("CCHC_SEEDS_DIR", ROOT.parent / "shared" / "seeds")) / "000_ba99fad979cb327a.txt"


def main() -> None:
    call_command("migrate", verbosity=0)
    from cchc.accounts.demo import create_demo_users
    from cchc.audit.models import AuditEvent
    from cchc.orgs.demo import load_orgs
    from cchc.orgs.models import OrgUnit
    from cchc.plans.actions import do_import_plan
    from cchc.tracking import actions
    from cchc.tracking.models import Assignment

    load_orgs()
    create_demo_users()
    timed = {"assign": 0.0}
    original = actions.do_assign_plan

    def assign(plan, *, actor):
        t = time.perf_counter()
        try:
            return original(plan, actor=actor)
        finally:
            timed["assign"] += time.perf_counter() - t

    actions.do_assign_plan = assign
    events = AuditEvent.objects.count()
    t, cpu = time.perf_counter(), time.process_time()
    outcome = do_import_plan(
        actor=None,
        data=SEED.read_bytes(),
        filename=SEED.name,
        province=OrgUnit.objects.get(code="HP"),
        commit=True,
    )
    total, cpu = time.perf_counter() - t, time.process_time() - cpu
    n = Assignment.objects.filter(task__plan=outcome.plan).count()
    print(f"engine: {django.db.connection.vendor}")
    print(
        f"commit of seed 000: {total:.2f} s (assigning: {timed['assign']:.2f} s; CPU of this process: {cpu:.2f} s)"
    )
    print(f"assignments: {n}, audit events written: {AuditEvent.objects.count() - events}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory of this process: {peak:.0f} MB")


if __name__ == "__main__":
    main()
