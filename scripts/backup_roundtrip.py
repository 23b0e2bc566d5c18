"""The backup/restore round trip as an operator runs it, one process per step (used by
``.ci/run`` and ``cchc/core/tests/test_backup_operator.py``)::

    cchc migrate                                       # source installation
    python scripts/backup_roundtrip.py populate        # a small installation: plan, progress,
                                                       # evidence files, users, a live session
    cchc backup DIR [--key-file K]
    (target env) cchc restore DIR [--key-file K]       # into an empty database and media folder
    python scripts/backup_roundtrip.py compare --source-url URL --target-url URL \\
        --source-media DIR --target-media DIR          # every table's rows, every file's SHA-256

A database URL is ``DATABASE_URL``'s form, or ``sqlite:///PATH``.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path


def populate() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")
    import django

    django.setup()
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from cchc.accounts.actions import do_create_user
    from cchc.accounts.models import LoginThrottle
    from cchc.core.uploads import tiny_pdf
    from cchc.orgs.models import OrgUnit
    from cchc.testing.factories import make_area, make_plan, make_task
    from cchc.tracking.actions import EvidenceInput, do_assign_plan, do_record_progress
    from cchc.tracking.models import Assignment

    hp = OrgUnit.objects.create(code="HP", name="Thành phố Hải Phòng", level="province", kind="central_city")
    units = {"HP": hp}
    for code, name in (("HP-SNV", "Sở Nội vụ"), ("HP-STP", "Sở Tư pháp"), ("HP-STTTT", "Sở TT&TT")):
        units[code] = OrgUnit.objects.create(
            code=code, name=name, level="department", kind="department", parent=hp,
            is_standing_agency=code == "HP-SNV",
        )  # fmt: skip
    reporter = do_create_user(
        actor=None, username="reporter", password="mat-khau-thu-nghiem-1", full_name="Báo Cáo Viên",
        memberships=[(units["HP-STP"], "reporter")],
    )  # fmt: skip
    do_create_user(
        actor=None, username="officer", password="mat-khau-thu-nghiem-1", full_name="Chuyên Viên",
        memberships=[(units["HP-SNV"], "standing_officer")],
    )  # fmt: skip
    plan = make_plan(units)
    area = make_area(plan)
    for i in range(3):
        make_task(plan, f"Nhiệm vụ số {i + 1}: rà soát thủ tục", area=area, lead=[units["HP-STP"]],
                  support=[units["HP-STTTT"]], timeframe_text="2022", start_year=2022, end_year=2022)  # fmt: skip
    do_assign_plan(plan, actor=None)
    for n, a in enumerate(Assignment.objects.filter(unit=units["HP-STP"], role="lead").order_by("pk")):
        do_record_progress(
            actor=reporter, assignment=a, status="in_progress", percent=30 + n, narrative="Đã triển khai",
            evidence=[EvidenceInput(doc_number=f"{n}/QĐ", file_name=f"qd-{n}.pdf", file_data=tiny_pdf(f"qd {n}"))],
            expected_version=a.version,
        )  # fmt: skip
    session = SessionStore()
    session["_auth_user_id"] = str(reporter.pk)
    session.create()
    LoginThrottle.objects.create(username="reporter", address="203.0.113.9", failures=2,
                                 last_failure_at=timezone.now())  # fmt: skip
    print(
        f"populated: plan {plan.pk}, {Assignment.objects.count()} assignments, a session and a throttle row"
    )


def compare(args) -> int:
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from cchc.core.backup import EPHEMERAL_TABLES, _Reader, compare_installations
    from cchc.env import database_from_url

    base = Path(__file__).resolve().parent.parent
    db_a = database_from_url(args.source_url, base_dir=base, var_dir=base / "var")
    db_b = database_from_url(args.target_url, base_dir=base, var_dir=base / "var")
    problems = compare_installations(db_a, db_b, Path(args.source_media), Path(args.target_media))
    reader = _Reader(db_b)
    with reader.connect() as conn:
        counts = reader.counts(conn)
    for table in EPHEMERAL_TABLES:
        if counts.get(table):
            problems.append(f"{table}: {counts[table]} rows restored (must be left out of backups)")
    for p in problems:
        print("DIFFERENCE:", p)
    if problems:
        return 1
    files = sum(1 for p in Path(args.target_media).rglob("*") if p.is_file())
    print(f"identical: {len(counts)} tables ({sum(counts.values())} rows), {files} media files")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    sub = parser.add_subparsers(dest="cmd", required=True)
    sub.add_parser("populate")
    c = sub.add_parser("compare")
    c.add_argument("--source-url", required=True)
    c.add_argument("--target-url", required=True)
    c.add_argument("--source-media", required=True)
    c.add_argument("--target-media", required=True)
    args = parser.parse_args()
    if args.cmd == "populate":
        populate()
        return 0
    return compare(args)


if __name__ == "__main__":
    sys.exit(main())
