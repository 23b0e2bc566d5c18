"""Fixtures of the plans tests: the seed documents, the demo org tree, a small plan."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cchc.accounts.actions import do_create_user
from cchc.orgs.models import OrgUnit

PROJECT = Path(__file__).resolve().parents[3]
COPIES = Path(__file__).resolve().parents[1] / "demo_seeds"


def seeds_dir() -> Path:
    """The original seeds (``../shared/seeds``, or ``CCHC_SEEDS_DIR``), else the demo copies."""
    env = os.environ.get("CCHC_SEEDS_DIR")
    for candidate in [Path(env)] if env else [PROJECT.parent / "shared" / "seeds"]:
        if candidate.is_dir() and any(candidate.glob("000_*.txt")):
            return candidate
    return COPIES


def seed_path(prefix: str) -> Path:
    return next(seeds_dir().glob(f"{prefix}_*.txt"))


@pytest.fixture
def seed():
    return lambda prefix: seed_path(prefix).read_bytes()


@pytest.fixture
def no_assign(monkeypatch):
    """Skip the tracking hand-over (tested on its own) to keep seed-sized commits fast."""
    monkeypatch.setattr("cchc.plans.actions._assign", lambda plan, actor: None)


@pytest.fixture
def demo_tree(db):
    """The demo org tree of the five provinces (``cchc/orgs/data``) and a Hải Phòng officer."""
    from cchc.orgs.demo import load_orgs

    load_orgs()
    officer = do_create_user(
        actor=None,
        username="snv.hp",
        password="mat-khau-thu-nghiem-1",
        full_name="Cán bộ SNV",
        memberships=[(OrgUnit.objects.get(code="HP-SNV"), "standing_officer")],
    )
    return {"officer": officer}


def small_interchange(
    number="01/KH-UBND", lead="Sở Tư pháp", support="Sở Thông tin và Truyền thông; Ban XYZ"
):
    return {
        "format": "cchc.plan/1",
        "document": {
            "number": number,
            "kind": "plan",
            "issuer": "Ủy ban nhân dân thành phố Hải Phòng",
            "place": "Hải Phòng",
            "date": "2023-01-10",
            "signer": "Nguyễn Văn A",
            "title": "Cải cách hành chính năm 2023",
            "period_start": 2023,
            "period_end": 2023,
        },
        "areas": [{"code": "I", "title": "CẢI CÁCH THỂ CHẾ", "standard_area": "institutions"}],
        "targets": [
            {
                "area": "I",
                "text": "100% văn bản được rà soát",
                "comparator": "=",
                "value": 100,
                "value_max": None,
                "unit": "%",
                "level": None,
                "year": 2023,
            }
        ],
        "tasks": [
            {
                "area": "I",
                "objective": None,
                "parent": "Rà soát văn bản",
                "title": "Rà soát văn bản quy phạm pháp luật",
                "outputs": ["Báo cáo rà soát"],
                "lead": [{"text": t.strip()} for t in lead.split(";") if t.strip()],
                "support": [{"text": t.strip()} for t in support.split(";") if t.strip()],
                "timeframe": {
                    "text": "Quý II/2023",
                    "start_year": 2023,
                    "end_year": 2023,
                    "due_date": "2023-06-30",
                },
                "source": {"line_start": 10, "line_end": 12},
            },
            {
                "area": "I",
                "title": "Kiểm tra công tác cải cách hành chính",
                "outputs": [],
                "lead": [{"text": "Sở Nội vụ"}],
                "support": [],
                "timeframe": {"text": "Hàng năm", "recurrence": "yearly"},
                "source": {"line_start": 14, "line_end": 14},
            },
        ],
        "index_criteria": [],
        "survey_targets": [],
        "warnings": [{"line": 3, "message": "example warning"}],
        "coverage": 0.95,
        "unresolved": [],
    }
