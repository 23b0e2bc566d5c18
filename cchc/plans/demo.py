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


# pending imports waiting in the preview (issue 13/16): a plan hard-wrapped at 76 columns as an
# old web page or a PDF-to-text tool gives it (the import report lists the layout found and the
# lines not understood), and a plan of another province uploaded under Hải Phòng by mistake
# (the preview warns that its issuer is outside the province)
PENDING_IMPORTS = [
    ("004", "HD", None, 76, "ke-hoach-cchc-2024-hai-duong-ban-sao-web.txt"),
    ("002", "HP", None, 0, "ke-hoach-cchc-2022-vinh-yen.txt"),
]


def load_pending_imports(stdout=None) -> None:
    import textwrap

    from cchc.plans.actions import parse_upload
    from cchc.plans.models import ImportStatus, PlanImport

    for prefix, province_code, _owner, width, name in PENDING_IMPORTS:
        path = next(SEEDS_DIR.glob(f"{prefix}_*.txt"), None)
        province = OrgUnit.objects.filter(code=province_code).first()
        if path is None or province is None:
            continue
        if PlanImport.objects.filter(
            province=province, source_name=name, status=ImportStatus.PENDING
        ).exists():
            continue  # safe to run twice
        text = path.read_text(encoding="utf-8")
        if width:
            lines = []
            for line in text.split("\n"):
                lines.extend(textwrap.wrap(line, width, break_long_words=False) or [line])
            text = "\n".join(lines)
        parsed = parse_upload(text.encode("utf-8"), name, province, owner_unit=None)
        PlanImport.objects.create(
            province=province,
            source_name=name,
            source_format=parsed.source_format[:16],
            interchange=parsed.interchange,
        )
        if stdout:
            report = parsed.interchange.get("report") or {}
            stdout.write(
                f"    pending import {name}: {len(parsed.interchange['tasks'])} tasks, "
                f"{len(report.get('not_understood') or [])} lines not understood"
            )
