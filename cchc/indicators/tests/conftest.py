from __future__ import annotations

import pytest


@pytest.fixture
def shipped(db):
    from cchc.indicators.management.commands.indicators import load_shipped

    return load_shipped()


@pytest.fixture
def ind(shipped):
    from cchc.indicators.models import Indicator

    return {i.code: i for i in Indicator.objects.all()}


HEADER = "Mã hồ sơ,TTHC,Lĩnh vực,Cơ quan,Ngày tiếp nhận,Ngày hẹn trả,Ngày có kết quả,Kênh nộp,Trạng thái,Thanh toán trực tuyến,Số hóa,Bổ sung\n"


def dossier_row(code, unit, received, due, result, online="Trực tiếp", tthc="Đăng ký khai sinh"):
    return f"{code},{tthc},Hộ tịch,{unit},{received},{due},{result},{online},,,,0\n"
