"""Demo step: the five seed plans, committed through ``do_commit_plan`` like a real import."""

from __future__ import annotations

from pathlib import Path

from cchc.orgs.models import OrgUnit

SEEDS_DIR = Path(__file__).resolve().parent / "demo_seeds"

# seed file prefix -> (province code, issuing unit code or None)
SEED_PLANS = [
    ("000", "HP", None),
    ("001", "DN", None),
    ("002", "VP", "VP-TP-VINHYEN"),
    ("003", "HN", None),
    ("004", "HD", None),
]


def load_seed_plans(stdout=None) -> None:
    from cchc.plans.actions import do_commit_plan, parse_upload
    from cchc.plans.models import Plan

    for prefix, province_code, owner_code in SEED_PLANS:
        path = next(SEEDS_DIR.glob(f"{prefix}_*.txt"), None)
        province = OrgUnit.objects.filter(code=province_code).first()
        owner = OrgUnit.objects.filter(code=owner_code).first() if owner_code else None
        if path is None or province is None:
            continue
        if Plan.objects.filter(province=province, source_name=path.name).exists():
            continue  # safe to run twice
        parsed = parse_upload(path.read_bytes(), path.name, province, owner_unit=owner)
        plan = do_commit_plan(
            actor=None,
            interchange=parsed.interchange,
            province=province,
            owner_unit=owner,
            source_name=path.name,
            source_format=parsed.source_format,
            replace=True,
        )
        if stdout:
            stdout.write(f"    {plan.number or path.name}: {plan.tasks.count()} tasks")
