"""Issue 21: results approved by decision before publication; survey points by source; pre-fill
rules checked on load and copy; bulk scoring all or nothing; the results page's links and labels;
the improvement plan's leads."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from cchc.audit.models import AuditEvent
from cchc.core.errors import DomainError
from cchc.parindex import actions, approval
from cchc.parindex.models import Score
from cchc.parindex.tests.conftest import score_of, self_assess, sheet_of
from cchc.parindex.tests.test_results import _appraise
from cchc.testing.parindex import open_campaign

APPROVE = {"decision_number": "45/QĐ-UBND", "decision_date": dt.date(2023, 2, 15)}
VB1_PROPORTIONAL = {"index": "VB1", "method": "proportional", "scale": "100"}


def _survey_leaf(code, title, points, source, **fields):
    """A criterion scored from the survey ``source`` (SIPAS, officials …), never self-scored."""
    from cchc.domain import parindex as px

    return px.Node(code=code, title=title, max_points=D(points), survey=True, survey_source=source, **fields)


@pytest.fixture
def closing(campaign, users):
    """Three sheets appraised to the end, An Lão never submitted."""
    _appraise(campaign, users, "HP-STP", {"1.1": "1"}, survey="2.5")
    _appraise(campaign, users, "HP-STTTT", {"1.2.1": "1"}, survey="2")
    _appraise(campaign, users, "HP-Q-HONGBANG", {}, survey="3")
    return campaign


# --------------------------------------------------------------------------- approval, publication


def test_results_are_approved_only_when_every_sheet_is_final_or_excluded(closing, users):
    officer = users["officer"]
    with pytest.raises(DomainError) as exc:
        approval.do_approve_results(actor=officer, campaign=closing, **APPROVE)
    assert any("UBND huyện An Lão" in d or "An Lão" in d for d in exc.value.details)
    closing.refresh_from_db()
    assert closing.approved_at is None  # nothing saved
    with pytest.raises(DomainError):  # an exclusion needs its reason
        approval.do_exclude_sheet(actor=officer, sheet=sheet_of(closing, "HP-H-ANLAO"), reason=" ")
    with pytest.raises(DomainError):  # and a decision its number and date
        approval.do_approve_results(actor=officer, campaign=closing, decision_number="", decision_date=None)
    approval.do_exclude_sheet(actor=officer, sheet=sheet_of(closing, "HP-H-ANLAO"), reason="Không gửi phiếu")
    c = approval.do_approve_results(actor=officer, campaign=closing, **APPROVE)
    assert c.approved_at and c.decision_number == "45/QĐ-UBND" and c.stage == "results"
    assert AuditEvent.objects.filter(model="parindex.campaign", object_id=str(c.pk), note="Phê duyệt kết quả")
    # approved results lock the survey points; reopening needs a reason and is audited
    with pytest.raises(DomainError) as exc:
        actions.do_apply_survey_index(actor=officer, campaign=c)
    assert exc.value.code == "approved"
    with pytest.raises(DomainError):
        actions.do_enter_survey_points(
            actor=officer, score=score_of(sheet_of(c, "HP-STP"), "2.1"), points="1"
        )
    with pytest.raises(DomainError):
        approval.do_reopen_results(actor=officer, campaign=c, reason="")
    c = approval.do_reopen_results(actor=officer, campaign=c, reason="Sửa điểm khảo sát")
    assert c.approved_at is None
    assert AuditEvent.objects.filter(object_id=str(c.pk), note__contains="Sửa điểm khảo sát").exists()


def test_publishing_an_unapproved_campaign_is_refused_with_the_reasons(closing, users, client):
    from cchc.oversight import actions as oa
    from cchc.oversight.models import Publication

    hp = closing.province
    with pytest.raises(DomainError) as exc:
        oa.do_publish(actor=users["officer"], province=hp, kind="parindex", year=2022)
    assert exc.value.code == "refused"
    assert any("chưa được phê duyệt" in d for d in exc.value.details)
    assert any("An Lão" in d for d in exc.value.details)
    assert not Publication.objects.exists()
    # the page asks first and says why not
    client.force_login(users["officer"])
    body = client.post("/dieu-hanh/cong-bo/", {"kind": "parindex", "year": "2022"}).content.decode()
    assert "Chưa công bố được" in body and "chưa được phê duyệt" in body and 'name="confirm"' not in body
    assert not Publication.objects.exists()


def test_published_results_show_blocks_bands_source_and_units_not_assessed(closing, users, client):
    from cchc.oversight.models import Publication

    officer = users["officer"]
    approval.do_exclude_sheet(actor=officer, sheet=sheet_of(closing, "HP-H-ANLAO"), reason="Không gửi phiếu")
    approval.do_approve_results(actor=officer, campaign=closing, **APPROVE)
    client.force_login(officer)
    # first submit: the preview with a confirmation button, nothing published yet
    body = client.post("/dieu-hanh/cong-bo/", {"kind": "parindex", "year": "2022"}).content.decode()
    assert 'name="confirm"' in body and not Publication.objects.exists()
    resp = client.post("/dieu-hanh/cong-bo/", {"kind": "parindex", "year": "2022", "confirm": "1"})
    assert resp.status_code == 302
    pub = Publication.objects.get()
    assert AuditEvent.objects.filter(model="oversight.publication", object_id=str(pub.pk)).exists()
    client.logout()
    body = client.get(f"/cong-khai/HP/{pub.pk}/").content.decode()
    assert "<h2>Sở, ban, ngành</h2>" in body and "<h2>UBND cấp huyện</h2>" in body
    assert "Bộ chỉ số department 2022" in body and "phiên bản 2" in body
    assert "Khá" in body and "45/QĐ-UBND" in body and "15/02/2023" in body
    assert "Huyện An Lão" in body and "Không gửi phiếu" in body  # listed as not assessed
    # withdrawal keeps working
    from cchc.oversight import actions as oa

    oa.do_withdraw_publication(actor=officer, publication=pub, reason="Đính chính")
    assert client.get(f"/cong-khai/HP/{pub.pk}/").status_code == 404


def test_stand_in_sets_say_so_on_the_public_page(closing, users):
    from cchc.oversight import actions as oa
    from cchc.parindex.models import CriteriaSet

    CriteriaSet.objects.update(is_stand_in=True, source_note="Dựng từ bảng của Hà Nội 192")
    approval.do_exclude_sheet(actor=users["officer"], sheet=sheet_of(closing, "HP-H-ANLAO"), reason="x")
    approval.do_approve_results(actor=users["officer"], campaign=closing, **APPROVE)
    pub = oa.do_publish(actor=users["officer"], province=closing.province, kind="parindex", year=2022)
    assert all(b["criteria_set"]["is_stand_in"] for b in pub.snapshot["blocks"])
    from django.template.loader import render_to_string

    html = render_to_string("oversight/public/kind_parindex.html", {"s": pub.snapshot})
    assert "Bộ chỉ số minh họa" in html and "Hà Nội 192" in html


def test_cli_results_list_every_unit_of_every_block(closing, users):
    import io
    import json

    from django.core.management import call_command

    approval.do_exclude_sheet(actor=users["officer"], sheet=sheet_of(closing, "HP-H-ANLAO"), reason="x")
    approval.do_approve_results(actor=users["officer"], campaign=closing, **APPROVE)
    out = io.StringIO()
    call_command("par", "results", "--campaign", str(closing.pk), "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    listed = {u["unit_code"] for b in data["blocks"] for u in b["units"] + b["not_assessed"]}
    assert listed == {"HP-STP", "HP-STTTT", "HP-Q-HONGBANG", "HP-H-ANLAO"}
    assert data["campaign"]["approved"] and data["campaign"]["decision_date"] == "2023-02-15"
    # the annex lists them too, and carries the decision's date
    import docx
    import openpyxl

    from cchc.parindex import documents, exports
    from cchc.parindex.results import campaign_results

    closing.refresh_from_db()
    res = campaign_results(closing)
    wb = openpyxl.load_workbook(io.BytesIO(exports.results_xlsx(res)))
    rows = list(wb["UBND cấp huyện"].iter_rows(values_only=True))
    assert rows[-1][1:3] == ("Huyện An Lão", "Không xác định chỉ số: x")
    d = docx.Document(io.BytesIO(documents.results_docx(res)))
    assert "Huyện An Lão: Không xác định chỉ số: x" in "\n".join(p.text for p in d.paragraphs)
    import zipfile

    xml = zipfile.ZipFile(io.BytesIO(documents.results_docx(res))).read("word/document.xml").decode()
    assert "Quyết định số 45/QĐ-UBND" in xml


# --------------------------------------------------------------------------- survey sources


def test_converting_sipas_touches_only_the_leaves_whose_source_is_sipas(users, org_tree, monkeypatch):
    from cchc.testing.parindex import small_rows

    rows = small_rows()
    # lĩnh vực 2 gets a second survey leaf scored from the survey of officials
    rows = [r for r in rows if r.code != "2.2"] + [
        _survey_leaf("2.2", "Đánh giá của công chức", "1", "officials")
    ]
    cset = actions.do_load_criteria_set(
        actor=None, province=org_tree["HP"], year=2022, block="department", title="S", rows=rows
    )
    cset = actions.do_issue_criteria_set(actor=None, criteria_set=cset)
    c = open_campaign(org_tree, {"department": cset}, [org_tree["HP-STP"]], actor=users["officer"])
    calls = []

    def index(unit, year, source, index_code=""):
        calls.append(source)
        return {"sipas": D("80"), "officials": D("50")}[source]

    monkeypatch.setattr("cchc.parindex.sources.survey_index", index)
    assert actions.do_apply_survey_index(actor=users["officer"], campaign=c, source="sipas") == 1
    scores = {
        s.criterion.code: s for s in Score.objects.filter(sheet__campaign=c).select_related("criterion")
    }
    assert scores["2.1"].survey_points == D("2.4") and scores["2.1"].survey_source == "surveys:sipas"
    assert scores["2.2"].survey_points is None  # the officials' leaf is untouched
    assert actions.do_apply_survey_index(actor=users["officer"], campaign=c, source="officials") == 1
    assert Score.objects.get(pk=scores["2.2"].pk).survey_points == D("0.5")
    assert Score.objects.get(pk=scores["2.1"].pk).survey_points == D("2.4")
    assert calls == ["sipas", "officials"]
    with pytest.raises(DomainError):
        actions.do_apply_survey_index(actor=users["officer"], campaign=c, source="impact")


# --------------------------------------------------------------------------- rules on load and copy


def test_copying_a_set_refuses_a_rule_naming_an_unknown_indicator(users, org_tree):
    from cchc.parindex.models import CriteriaSet
    from cchc.testing.parindex import small_rows

    src = actions.do_load_criteria_set(
        actor=None, province=org_tree["HP"], year=2022, block="department", title="Bộ 2022", rows=small_rows()
    )
    rule = dict(src.criteria.get(code="1.2.1").rule, indicator="ho_so_dung_han")
    with pytest.raises(DomainError) as exc:
        actions.do_copy_criteria_set(
            actor=users["officer"], source=src, year=2023, changes={"1.2.1": {"rule": rule}}
        )
    assert any("ho_so_dung_han" in d and "1.2.1" in d for d in exc.value.details)
    assert not CriteriaSet.objects.filter(year=2023).exists()


# --------------------------------------------------------------------------- bulk scoring


def test_bulk_self_assessment_is_all_or_nothing_and_keeps_what_was_typed(campaign, users, login):
    sheet = sheet_of(campaign, "HP-STP")
    client = login(users["admin"])
    ids = {c: score_of(sheet, c).pk for c in ("1.1", "1.2.1", "1.2.2")}
    v = {c: score_of(sheet, c).version for c in ids}
    post = {
        f"points-{ids['1.1']}": "1,5",
        f"note-{ids['1.1']}": "Kế hoạch 12/KH",
        f"points-{ids['1.2.2']}": "7",  # above the maximum 2
        f"note-{ids['1.2.2']}": "Báo cáo xử lý",
        **{f"version-{ids[c]}": v[c] for c in ids},
    }
    resp = client.post(f"/chi-so-cchc/phieu/{sheet.pk}/cham/?linh-vuc=1", post)
    assert resp.status_code == 400
    body = resp.content.decode()
    assert "vượt điểm tối đa 2" in body and 'aria-invalid="true"' in body
    assert 'value="1,5"' in body and 'value="Kế hoạch 12/KH"' in body and 'value="7"' in body
    assert "autofocus" in body.split(f'id="points-{ids["1.2.2"]}"')[1].split(">")[0]
    assert Score.objects.get(pk=ids["1.1"]).self_points is None  # nothing saved
    post[f"points-{ids['1.2.2']}"] = "-1"
    assert (
        "không được âm"
        in client.post(f"/chi-so-cchc/phieu/{sheet.pk}/cham/?linh-vuc=1", post).content.decode()
    )
    post[f"points-{ids['1.2.2']}"] = "2"
    resp = client.post(f"/chi-so-cchc/phieu/{sheet.pk}/cham/?linh-vuc=1", post)
    assert resp.status_code == 302
    assert Score.objects.get(pk=ids["1.1"]).self_points == D("1.5")
    assert Score.objects.get(pk=ids["1.1"]).self_note == "Kế hoạch 12/KH"
    assert Score.objects.get(pk=ids["1.2.2"]).self_points == D("2")
    # a neighbour unit's reporter cannot open it
    assert login(users["other_reporter"]).get(f"/chi-so-cchc/phieu/{sheet.pk}/cham/").status_code in (
        403,
        404,
    )


def test_bulk_appraisal_of_a_whole_sheet(campaign, users, login):
    from cchc.parindex.tests.test_results import FULL

    sheet = sheet_of(campaign, "HP-STP")
    self_assess(sheet, users["admin"], FULL, head=users["admin"])
    client = login(users["council"])
    body = client.get(f"/chi-so-cchc/phieu/{sheet.pk}/cham/").content.decode()
    assert "Thẩm định lần 1" in body
    s11, s122 = score_of(sheet, "1.1"), score_of(sheet, "1.2.2")
    post = {
        f"points-{s11.pk}": "1",
        f"note-{s11.pk}": "Chưa đủ tài liệu",
        f"points-{s122.pk}": "abc",
        f"version-{s11.pk}": s11.version,
        f"version-{s122.pk}": s122.version,
    }
    body = client.post(f"/chi-so-cchc/phieu/{sheet.pk}/cham/", post).content.decode()
    assert "không phải là số" in body and 'value="Chưa đủ tài liệu"' in body
    assert Score.objects.get(pk=s11.pk).round1_points is None
    post[f"points-{s122.pk}"] = "1,5"
    assert client.post(f"/chi-so-cchc/phieu/{sheet.pk}/cham/", post).status_code == 302
    s = Score.objects.get(pk=s11.pk)
    assert (s.round1_points, s.round1_comment, s.round1_by) == (D("1"), "Chưa đủ tài liệu", users["council"])


# --------------------------------------------------------------------------- results page


def test_results_page_links_are_short_keep_the_block_and_say_not_appraised(campaign, users, login):
    import re

    from cchc.parindex.tests.test_results import FULL

    sheet = sheet_of(campaign, "HP-Q-HONGBANG")
    self_assess(sheet, users["admin"], FULL, head=users["admin"])
    actions.do_close_round(actor=users["council"], sheet=sheet_of(campaign, "HP-Q-HONGBANG"), round=1)
    body = (
        login(users["officer"])
        .get(f"/chi-so-cchc/dot/{campaign.pk}/ket-qua/?block=district")
        .content.decode()
    )
    hrefs = re.findall(r'href="(\?[^"]*)"', body)
    assert hrefs and all(len(h) < 60 for h in hrefs), hrefs
    sort_links = [h for h in hrefs if "sort=" in h and "block=district" in h]
    assert len(sort_links) >= 4
    assert re.search(r'class="chip active" href="\?block=district[^"]*" aria-current="page"', body)
    assert "chưa thẩm định" in body  # An Lão
    assert "−" not in body.split("Huyện An Lão")[1].split("</tr>")[0]  # no change figure
    # Hồng Bàng: round 1 closed but round 2 open: ranked, no band yet
    row = body.split("Hồng Bàng</a>")[1].split("</tr>")[0]
    assert "chưa thẩm định xong" in row and "Tốt" not in row


# --------------------------------------------------------------------------- improvement plan


def test_improvement_plan_the_unit_leads_the_criterions_lead_supports(campaign, users):
    from cchc.parindex import improvement
    from cchc.parindex.models import Criterion
    from cchc.parindex.tests.test_results import FULL
    from cchc.plans.resolution import mention_counts

    Criterion.objects.filter(code="1.1").update(lead_text="Sở Nội vụ")
    sheet = sheet_of(campaign, "HP-STP")
    self_assess(sheet, users["admin"], FULL, head=users["admin"])
    s = score_of(sheet, "1.1")
    actions.do_appraise(actor=users["council"], score=s, round=1, points="0.5", expected_version=s.version)
    actions.do_close_round(actor=users["council"], sheet=sheet, round=1)
    imp = improvement.do_draft_improvement_plan(actor=users["officer"], campaign=campaign)
    t = next(t for t in imp.interchange["tasks"] if t["parent"].startswith("1.1."))
    assert [m["unit_code"] for m in t["lead"]] == ["HP-STP"]
    assert [(m["text"], m["unit_code"]) for m in t["support"]] == [("Sở Nội vụ", "HP-SNV")]
    resolved, unresolved = mention_counts(imp.interchange)
    n = sum(len(t["lead"]) + len(t["support"]) for t in imp.interchange["tasks"])
    assert (resolved, unresolved) == (n, 0)


def test_officials_survey_converts_each_leaf_from_its_question(users, org_tree):
    """The shipped questionnaire of leaders, managers and civil servants: a round addressed to
    the staff of the assessed units, results per unit; each leaf naming it takes its question's
    index; the citizens' satisfaction index never reads it."""
    from pathlib import Path

    from django.utils import timezone

    from cchc.domain import parindex as px
    from cchc.parindex import sources
    from cchc.surveys.actions import (
        do_create_round,
        do_generate_invitations,
        do_load_questionnaire,
        do_set_round_status,
    )
    from cchc.surveys.intake import do_submit_response
    from cchc.surveys.models import Channel
    from cchc.surveys.queries import unit_index_for_year

    data = Path(__file__).resolve().parents[2] / "surveys" / "data" / "dtxhh-cbcc.xlsx"
    q = do_load_questionnaire(data=data.read_bytes(), filename="dtxhh-cbcc.xlsx", actor=None)
    assert q.code == "DTXHH-CBCC"
    today = timezone.localdate()
    rnd = do_create_round(
        province=org_tree["HP"],
        questionnaire=q,
        title="Điều tra lãnh đạo, quản lý, công chức",
        year=2022,
        starts_on=today - dt.timedelta(days=5),
        ends_on=today + dt.timedelta(days=5),
        units=[(org_tree["HP-STP"], 20)],
        use_invitations=True,
        actor=None,
    )
    do_set_round_status(round=rnd, status="open", actor=None)
    ru = rnd.units.get()
    answers = {name: "tot" for name in q.parsed.questions if q.parsed.questions[name].type == "likert"}
    answers["vi_tri"] = "cong_chuc"
    for i, inv in enumerate(do_generate_invitations(round_unit=ru, count=2, actor=None)):
        # VB1 "rất tốt" from one, "trung bình" from the other: its index (mean score 0–100) = 75
        do_submit_response(
            round_unit=ru,
            raw={**answers, "vb1": "rat_tot" if i == 0 else "trung_binh"},
            channel=Channel.INVITATION,
            invitation=inv,
        )
    do_set_round_status(round=rnd, status="closed", actor=None)
    stp = org_tree["HP-STP"].pk
    assert sources.survey_index(stp, 2022, "officials", "VB1") == D("75.00")
    assert sources.survey_index(stp, 2022, "officials", "BM1") == D("75.00")
    assert unit_index_for_year(stp, 2022) is None  # not a citizens' satisfaction index
    assert sources.survey_index(stp, 2022, "sipas") is None
    from cchc.oversight.sources import survey_indices

    assert not survey_indices(org_tree["HP"], 2022)  # nor on the dashboard or the satisfaction page

    rows = [
        px.Node(code="1", title="Tác động", max_points=D("4")),
        _survey_leaf("1.1", "Đồng bộ VBQPPL", "2", "officials", survey_rule=VB1_PROPORTIONAL),
        _survey_leaf("1.2", "Hài lòng", "2", "sipas"),
    ]
    cset = actions.do_issue_criteria_set(
        actor=None,
        criteria_set=actions.do_load_criteria_set(
            actor=None, province=org_tree["HP"], year=2022, block="department", title="S", rows=rows
        ),
    )
    c = open_campaign(org_tree, {"department": cset}, [org_tree["HP-STP"]], actor=users["officer"])
    assert actions.do_apply_survey_index(actor=users["officer"], campaign=c, source="officials") == 1
    got = {
        s.criterion.code: s.survey_points
        for s in Score.objects.filter(sheet__campaign=c).select_related("criterion")
    }
    assert got == {"1.1": D("1.5"), "1.2": None}


def test_a_survey_leafs_conversion_names_its_questionnaire_index():
    from cchc.parindex import setloader

    rule = setloader.parse_survey_rule("VB1 | 90:2; 50:1; khác:0")
    assert rule["index"] == "VB1" and rule["thresholds"][0] == {"min": "90", "points": "2"}
    assert setloader.rule_as_text(rule) == "VB1 | 90:2; 50:1; khác:0"
    assert setloader.parse_survey_rule("tỷ lệ") == {"method": "proportional", "scale": "100"}
    assert setloader.parse_survey_rule("") is None
    with pytest.raises(ValueError):
        setloader.parse_survey_rule("VB1 | nhiều")


def test_campaign_page_excludes_approves_and_reopens(closing, users, login):
    client = login(users["officer"])
    body = client.get(f"/chi-so-cchc/dot/{closing.pk}/").content.decode()
    assert (
        "Phê duyệt kết quả" in body and "An Lão" in body.split('id="approval-problems"')[1].split("</ul>")[0]
    )
    anlao = sheet_of(closing, "HP-H-ANLAO")
    client.post(f"/chi-so-cchc/phieu/{anlao.pk}/loai-tru/", {"reason": "Không gửi phiếu"})
    anlao.refresh_from_db()
    assert anlao.excluded_reason == "Không gửi phiếu"
    resp = client.post(
        f"/chi-so-cchc/dot/{closing.pk}/phe-duyet/",
        {"decision_number": "45/QĐ-UBND", "decision_date": "2023-02-15"},
    )
    assert resp.status_code == 302
    closing.refresh_from_db()
    assert closing.approved_at and closing.decision_date == dt.date(2023, 2, 15)
    body = client.get(f"/chi-so-cchc/dot/{closing.pk}/").content.decode()
    assert "Kết quả đã phê duyệt: Quyết định số 45/QĐ-UBND ngày 15/02/2023" in body
    body = client.get(f"/chi-so-cchc/dot/{closing.pk}/diem-dieu-tra/").content.decode()
    assert 'id="survey-locked"' in body and 'id="apply-survey"' not in body
    client.post(f"/chi-so-cchc/dot/{closing.pk}/mo-lai/", {"reason": "Sửa điểm"})
    closing.refresh_from_db()
    assert closing.approved_at is None
    # a reader who is not the standing agency cannot approve
    assert login(users["leader"]).post(f"/chi-so-cchc/dot/{closing.pk}/phe-duyet/", {}).status_code == 403
