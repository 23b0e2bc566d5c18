"""Staff pages: the results page per unit (query count flat in its rows), the unit page with
its charts and free text (standing agency only), the QR sheet, the downloads, the CLI."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from docx import Document
from openpyxl import load_workbook

from cchc.surveys.actions import do_generate_invitations
from cchc.surveys.intake import do_submit_response
from cchc.surveys.models import Channel
from cchc.surveys.results import do_refresh_results
from cchc.testing.surveys import SATISFIED, make_round

UNHAPPY = {
    **SATISFIED,
    "muc_do": "chua_hai_long",
    "ly_do_chua_hl": "tre_hen",
    "gop_y": "Chờ quá lâu ở quầy số 3",
}


def _filled(one_stop, org_tree, codes):
    rnd = make_round(one_stop, org_tree, codes=codes)
    for k, ru in enumerate(rnd.units.all()):
        for i in range(3):
            raw = UNHAPPY if i == 0 else SATISFIED
            do_submit_response(round_unit=ru, raw=raw, channel=Channel.OPEN_LINK, address=f"10.{k}.0.{i}")
    do_refresh_results(round=rnd, actor=None)
    return rnd


def test_results_page_query_count_does_not_grow_with_units(
    login, users, one_stop, org_tree, django_assert_max_num_queries
):
    small = _filled(one_stop, org_tree, ["HP-STP"])
    large = _filled(
        one_stop, org_tree, ["HP-STP", "HP-STTTT", "HP-SNV", "HP-Q-HONGBANG", "HP-H-ANLAO", "HP-X-ANTHANG"]
    )
    client = login(users["officer"])
    with django_assert_max_num_queries(30) as small_ctx:
        body = client.get(f"/khao-sat/{small.pk}/").content.decode()
    assert "Sở Tư pháp" in body and "66,67%" in body
    with django_assert_max_num_queries(len(small_ctx.captured_queries)):
        body = client.get(f"/khao-sat/{large.pk}/").content.decode()
    assert "Xã An Thắng" in body and "<svg" in body


def test_unit_page_shows_charts_and_free_text_to_the_standing_agency_only(login, users, one_stop, org_tree):
    rnd = _filled(one_stop, org_tree, ["HP-STP"])
    ru = rnd.units.get()
    body = login(users["officer"]).get(f"/khao-sat/don-vi/{ru.pk}/").content.decode()
    assert "Chờ quá lâu ở quầy số 3" in body and "Xem dạng bảng" in body and "33,33%" in body
    body = login(users["reporter"]).get(f"/khao-sat/don-vi/{ru.pk}/").content.decode()
    assert "Chờ quá lâu" not in body and "Tỷ lệ hài lòng chung" in body
    assert login(users["other_reporter"]).get(f"/khao-sat/don-vi/{ru.pk}/").status_code == 404


def test_invitation_sheet_prints_qr_codes(login, users, stp_unit):
    client = login(users["officer"])
    resp = client.post(f"/khao-sat/don-vi/{stp_unit.pk}/ma/", {"count": "3"})
    assert resp.status_code == 302 and "dot=1" in resp["Location"]
    body = client.get(resp["Location"]).content.decode()
    assert body.count('class="segno"') == 3 and body.count("qr-card") >= 3
    code = stp_unit.invitations.first().code
    assert f"{code[:4]}-{code[4:]}" in body
    assert "style=" not in body.split("<main>")[1]


def test_downloads_results_raw_responses_and_docx(login, users, one_stop, org_tree):
    rnd = _filled(one_stop, org_tree, ["HP-STP", "HP-STTTT"])
    client = login(users["officer"])
    book = load_workbook(io.BytesIO(client.get(f"/khao-sat/{rnd.pk}/tai-ve/ket-qua.xlsx/").content))
    rows = list(book["Kết quả"].iter_rows(values_only=True))
    assert ("HP-STP", "Sở Tư pháp", 3) == rows[1][:3] and any(
        r[5] == "HL" and r[7] == 66.67 for r in rows[1:]
    )
    raw = load_workbook(io.BytesIO(client.get(f"/khao-sat/{rnd.pk}/tai-ve/phieu.xlsx/").content))
    sheet = list(raw["Phiếu trả lời"].iter_rows(values_only=True))
    assert sheet[0][:5] == ("STT", "Mã đơn vị", "Đơn vị", "Kênh", "Ngày") and len(sheet) == 7
    flat = " ".join(str(c) for r in sheet for c in r)
    assert "10.0.0" not in flat  # no address, no code, no time of day
    assert login(users["reporter"]).get(f"/khao-sat/{rnd.pk}/tai-ve/phieu.xlsx/").status_code == 403
    doc = Document(io.BytesIO(client.get(f"/khao-sat/{rnd.pk}/tai-ve/bao-cao.docx/").content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "BÁO CÁO" in text and "KẾT QUẢ THEO ĐƠN VỊ" in text
    cells = " ".join(c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert "Sở Tư pháp" in cells and "66,67%" in cells


def test_cli_prints_the_indices_as_json(one_stop, org_tree, capsys):
    rnd = _filled(one_stop, org_tree, ["HP-STP"])
    call_command("survey", "results", "--round", str(rnd.pk), "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert data["units"][0]["indices"]["HL"]["value"] == "66.67"
    assert data["questionnaire"]["code"] == "MOTCUA-3MUC"


def test_round_create_page_computes_the_sample(login, users, one_stop, org_tree):
    client = login(users["officer"])
    assert client.get("/khao-sat/tao-dot/").status_code == 200
    resp = client.post(
        "/khao-sat/tao-dot/",
        {
            "province": org_tree["HP"].pk,
            "questionnaire": one_stop.pk,
            "title": "Đợt thử",
            "year": 2026,
            "starts_on": "2026-12-01",
            "ends_on": "2026-12-31",
            "units": [org_tree["HP-STP"].pk],
            "population": "400",
            "margin": "0.05",
            "use_invitations": "on",
        },
    )
    assert resp.status_code == 302
    from cchc.surveys.models import SurveyRound

    assert SurveyRound.objects.get(title="Đợt thử").units.get().sample_size == 200  # 400 / 2


@pytest.mark.parametrize("role", ["reporter", "leader"])
def test_only_the_standing_agency_creates_codes(login, users, stp_unit, role):
    assert login(users[role]).post(f"/khao-sat/don-vi/{stp_unit.pk}/ma/", {"count": "3"}).status_code == 403
    assert stp_unit.invitations.count() == 0
    do_generate_invitations(round_unit=stp_unit, count=2, actor=users["officer"])
    assert stp_unit.invitations.count() == 2


def test_standing_agency_excludes_a_channel_and_sets_unit_limits(login, users, one_stop, org_tree):
    rnd = _filled(one_stop, org_tree, ["HP-STP"])
    ru = rnd.units.get()
    assert (
        login(users["reporter"]).post(f"/khao-sat/{rnd.pk}/kenh/", {"kenh": "invitation"}).status_code == 403
    )
    client = login(users["officer"])
    assert client.post(f"/khao-sat/{rnd.pk}/kenh/", {"kenh": "invitation"}).status_code == 302
    rnd.refresh_from_db()
    assert rnd.counted_channels == ["invitation"]
    from cchc.surveys.models import UnitResult

    assert (
        UnitResult.objects.get(round=rnd, unit=ru.unit, channel="").responses == 0
    )  # open-link answers excluded
    resp = client.post(
        f"/khao-sat/don-vi/{ru.pk}/cap-nhat/", {"population": "1000", "per_address_per_hour": "3"}
    )
    assert resp.status_code == 302
    ru.refresh_from_db()
    assert (ru.population, ru.sample_size, ru.per_address_per_hour) == (1000, 286, 3)
