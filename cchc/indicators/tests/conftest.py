from __future__ import annotations

from pathlib import Path

import pytest

SEED = Path(__file__).resolve().parents[3].parent / "shared" / "seeds" / "000_ba99fad979cb327a.txt"


@pytest.fixture
def shipped(db):
    from cchc.indicators.management.commands.indicators import load_shipped

    return load_shipped()


@pytest.fixture
def ind(shipped):
    from cchc.indicators.models import Indicator

    return {i.code: i for i in Indicator.objects.all()}


@pytest.fixture
def hp_plan(db):
    """The real Hải Phòng plan 216/KH-UBND (seed 000) on the real org tree."""
    if not SEED.exists():
        pytest.skip("seed documents not available")
    from cchc.accounts.demo import create_demo_users
    from cchc.orgs.demo import load_orgs
    from cchc.orgs.models import OrgUnit
    from cchc.plans.actions import do_import_plan

    load_orgs()
    create_demo_users()
    return do_import_plan(
        actor=None,
        data=SEED.read_bytes(),
        filename=SEED.name,
        province=OrgUnit.objects.get(code="HP"),
        commit=True,
    ).plan


HEADER = "Mã hồ sơ,TTHC,Lĩnh vực,Cơ quan,Ngày tiếp nhận,Ngày hẹn trả,Ngày có kết quả,Kênh nộp,Trạng thái,Thanh toán trực tuyến,Số hóa,Bổ sung\n"


def dossier_row(code, unit, received, due, result, online="Trực tiếp", tthc="Đăng ký khai sinh"):
    return f"{code},{tthc},Hộ tịch,{unit},{received},{due},{result},{online},,,,0\n"
