import datetime as dt
import io
import shutil

import pdfplumber
import pytest
from docx import Document
from docx.oxml.ns import qn

from cchc.core.documents import render_docx
from cchc.reporting import actions, sources
from cchc.reporting.consolidation import build_consolidation
from cchc.reporting.documents import consolidation_document, render
from cchc.reporting.tests.conftest import at

pytestmark = pytest.mark.django_db


def _send(users, org_tree, plan, code, annex, *, accept=True):
    unit = org_tree["HP-STP"] if code == "HP-STP" else org_tree[code]
    actor_r = users["reporter"] if code == "HP-STP" else users["other_reporter"]
    r = actions.do_save_unit_report(unit=unit, plan=plan, period_code="2022-Y", annex=annex, actor=actor_r)
    if code != "HP-STP":
        return r  # no head for STTTT in the fixtures: stays a draft (missing)
    actions.do_approve_unit_report(r, actor=users["head"])
    actions.do_submit_unit_report(r, actor=users["head"], now=at(dt.date(2022, 12, 19)))
    return actions.do_accept_unit_report(r, actor=users["officer"]) if accept else r


def test_consolidation_agrees_with_the_task_list_at_the_cutoff(users, org_tree, plan):
    _send(
        users,
        org_tree,
        plan,
        "HP-STP",
        {"dossiers_received": 50, "tasks_overdue": {"value": 0, "reason": "Đã xong ngoài hệ thống"}},
    )
    c = build_consolidation(plan, "2022-Y")
    rows = sources.rows_in_window(
        sources.task_rows(plan=plan, as_of=dt.date(2022, 12, 14)),
        dt.date(2022, 1, 1),
        dt.date(2022, 12, 31),
    )
    assert c.total.due == len(rows) == 4  # the 2023 task is continuing work, not due
    assert c.total.continuing == 1
    # "Nâng cấp Cổng dịch vụ công" was done on 20/12, after the cut-off: still overdue in 2022-Y
    assert c.total.done == 2 and c.total.overdue == 2 and c.total.done_late == 1
    assert sum(line.due for line in c.by_area) == sum(line.due for line in c.by_unit) == c.total.due
    assert sum(line.done for line in c.by_unit) == c.total.done
    assert [u.code for u in c.missing_units] == ["HP-STTTT"]
    totals = {f.key: t for f, t, _n in c.annex_totals}
    assert totals["dossiers_received"] == 50
    assert [(u.code, f.key) for u, f, _cell in c.flags] == [("HP-STP", "tasks_overdue")]
    text = " ".join(c.paragraphs())
    assert "thành 4 lượt giao chủ trì đến hạn" in text and "đã hoàn thành 2 lượt (50%)" in text
    assert "1 đơn vị chưa gửi báo cáo" in text


def _docx(users, org_tree, plan):
    _send(users, org_tree, plan, "HP-STP", {"dossiers_received": 50})
    return consolidation_document(build_consolidation(plan, "2022-Y"))


def test_docx_has_the_decree_30_blocks(users, org_tree, plan):
    doc = Document(io.BytesIO(render_docx(_docx(users, org_tree, plan))))
    head = doc.tables[0]
    left, right = head.rows[0].cells[0].text, head.rows[0].cells[1].text
    assert "ỦY BAN NHÂN DÂN" in left and "THÀNH PHỐ HẢI PHÒNG" in left
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right and "Độc lập - Tự do - Hạnh phúc" in right
    assert head.rows[1].cells[0].text.startswith("Số:") and "/BC-UBND" in head.rows[1].cells[0].text
    assert head.rows[1].cells[1].text.startswith("Hải Phòng, ngày")
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "BÁO CÁO" in body and "I. KẾT QUẢ THỰC HIỆN" in body
    foot = doc.tables[-1].rows[0].cells
    assert foot[0].text.startswith("Nơi nhận:")
    assert foot[1].text.split("\n")[:3] == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    targets = _docx_table(doc, ["TT", "Chỉ tiêu", "Mức phải đạt", "Cấp"])
    assert targets == [
        [
            "1",
            "Tối thiểu 80% hồ sơ được giải quyết trực tuyến",
            "≥ 80%",
            "",
            "2025",
            "Chưa có số liệu đo lường",
        ]
    ]
    data_tables = doc.tables[1:-1]
    assert data_tables and all(t.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None for t in data_tables)
    fonts = {r.font.name for p in doc.paragraphs for r in p.runs}
    assert fonts == {"Times New Roman"}
    sec = doc.sections[0]
    assert (
        round(sec.page_width.mm) == 210 and round(sec.left_margin.mm) == 30 and round(sec.top_margin.mm) == 20
    )


@pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed; CI installs it"
)
def test_pdf_text_keeps_vietnamese_diacritics(users, org_tree, plan):
    pdf = render(_docx(users, org_tree, plan), "pdf")
    with pdfplumber.open(io.BytesIO(pdf)) as f:
        text = "\n".join(page.extract_text() or "" for page in f.pages)
        fonts = {(c["text"], c["fontname"].split("+")[-1]) for page in f.pages for c in page.chars}
        size = {round(c["size"]) for page in f.pages for c in page.chars if c["text"] in "ệươốảạ"}
    # every letter, Vietnamese ones included, is set in the document's serif (Times New Roman or its
    # metric twin Liberation Serif 2.x), not patched in from a fallback font such as DejaVu
    foreign = sorted(
        {(ch, font) for ch, font in fonts if not font.startswith(("LiberationSerif", "TimesNewRoman"))}
    )
    assert not foreign, f"glyphs from another font (install fonts-liberation2): {foreign[:10]}"
    assert size and size <= {11, 12, 13, 14}  # 13–14 body, 12 motto and headings, 11 recipients (NĐ 30)
    for s in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Hải Phòng, ngày",
        "ỦY BAN NHÂN DÂN",
        "Nơi nhận:",
        "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH",
        "II. ĐÁNH GIÁ CHUNG",
        "III. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI",
        "IV. ĐỀ XUẤT, KIẾN NGHỊ",
        "Sở Thông tin và Truyền thông",
    ]:
        assert s in text, s


def _docx_table(doc, first_headers):
    for t in doc.tables:
        header = [c.text for c in t.rows[0].cells]
        if header[: len(first_headers)] == first_headers:
            return [[c.text for c in row.cells] for row in t.rows[1:]]
    raise AssertionError(f"no table starting with {first_headers}")


def _int(text: str) -> int:
    return int(text.replace(".", ""))


def test_rendered_report_tables_agree_with_the_task_list_at_the_cutoff(users, org_tree, plan, tmp_path):
    """Done means: `cchc report render` vs `cchc tasks list --as-of <cut-off>` (tracking's own list)."""
    from collections import Counter, defaultdict

    from django.core.management import call_command

    from cchc.plans.models import Area
    from cchc.reporting.prefill import area_key
    from cchc.tracking.models import Assignment

    # a coordinating (phối hợp) share: listed by tracking, not counted a second time by the report
    shared = Assignment.objects.get(task__title="Kiểm tra thi hành pháp luật")
    Assignment.objects.create(
        task=shared.task, unit=org_tree["HP-STTTT"], role="support", due_date=shared.due_date
    )
    _send(users, org_tree, plan, "HP-STP", {"dossiers_received": 50})
    out = tmp_path / "r.docx"
    call_command(
        "report",
        "render",
        "--plan",
        "216/KH-UBND",
        "--period",
        "2022-Y",
        "--format",
        "docx",
        "--out",
        str(out),
        stdout=io.StringIO(),
    )
    import json

    def listed(*extra):
        buf = io.StringIO()
        args = ["--plan", "216/KH-UBND", "--as-of", "2022-12-14", *extra, "--format", "json"]
        call_command("tasks", "list", *args, stdout=buf)
        return json.loads(buf.getvalue())["rows"]

    rows = listed("--role", "lead")
    assert len(listed()) == len(rows) + 1  # the support share

    in_window = [r for r in rows if r["due_date"] and "2022-01-01" <= r["due_date"] <= "2022-12-31"]
    assert in_window, "the fixture must have tasks due in the 2022 window"

    def counts(group):
        out = defaultdict(Counter)
        for r in in_window:
            c = out[group(r)]
            c["due"] += 1
            c["done"] += r["state"] in {"done", "done_late"}
            c["done_late"] += r["state"] == "done_late"
            c["overdue"] += r["state"] == "overdue"
        return out

    def table_counts(table):
        return {
            row[1]: Counter(due=_int(row[2]), done=_int(row[3]), done_late=_int(row[4]), overdue=_int(row[5]))
            for row in table
        }

    doc = Document(str(out))
    by_unit = table_counts(_docx_table(doc, ["TT", "Cơ quan, đơn vị", "Lượt giao chủ trì đến hạn"]))
    expected_units = counts(lambda r: r["unit"])
    total = sum(expected_units.values(), Counter())
    assert by_unit.pop("Tổng cộng") == total
    assert by_unit == {k: v for k, v in expected_units.items()}

    from cchc.reporting.annex import AREA_LABELS

    areas = {str(a): a for a in Area.objects.filter(plan=plan)}
    expected_areas = counts(lambda r: str(AREA_LABELS[area_key(areas.get(r["area"]))]))
    by_area = table_counts(_docx_table(doc, ["TT", "Lĩnh vực"]))
    assert by_area.pop("Tổng cộng") == total
    assert by_area == dict(expected_areas)

    # every lead task overdue at the cut-off, whatever its due date, grouped per task with its
    # lead units and (earliest) due date: due in the period (a) and earlier (b) in two tables
    overdue = defaultdict(lambda: (set(), []))
    for r in rows:
        if r["state"] == "overdue":
            overdue[r["task"].strip()][0].add(r["unit"])
            overdue[r["task"].strip()][1].append(dt.date.fromisoformat(r["due_date"]))
    expected_overdue = sorted(
        (task, tuple(sorted(units)), min(dues).strftime("%d/%m/%Y"))
        for task, (units, dues) in overdue.items()
    )
    listed = sorted(
        (row[1], tuple(sorted(row[2].split(", "))), row[3])
        for t in doc.tables
        if [c.text for c in t.rows[0].cells][:2] == ["TT", "Nhiệm vụ quá hạn"]
        for row in ([c.text for c in r.cells] for r in t.rows[1:])
    )
    assert listed == expected_overdue and expected_overdue
    body = "\n".join(p.text for p in doc.paragraphs)
    assert (
        f"thành {total['due']} lượt giao chủ trì đến hạn" in body
        and f"{total['overdue']} lượt quá hạn" in body
    )


def test_a_period_not_started_is_refused_and_a_running_one_counts_as_of_today(plan, tmp_path):
    from django.core.management import CommandError, call_command

    from cchc.core.errors import DomainError

    with pytest.raises(DomainError, match="chưa bắt đầu"):
        build_consolidation(plan, "2022-Q3", today=dt.date(2022, 6, 10))
    with pytest.raises(CommandError, match="chưa bắt đầu"):
        call_command(
            "report", "render", "--plan", "216/KH-UBND", "--period", "2099-Y", "--out", str(tmp_path / "x")
        )
    assert not (tmp_path / "x").exists()
    # 2022-Q3 (15/06 – 14/09): "Kiểm tra thi hành pháp luật" is due 10/09 at 40%
    running = build_consolidation(plan, "2022-Q3", today=dt.date(2022, 9, 1))
    assert (running.total.due, running.total.overdue) == (1, 0)
    assert "chưa kết thúc" in " ".join(running.paragraphs())
    closed = build_consolidation(plan, "2022-Q3", today=dt.date(2022, 9, 20))
    assert (closed.total.due, closed.total.overdue) == (1, 1)
    assert "chưa kết thúc" not in " ".join(closed.paragraphs())


def test_a_period_with_nothing_due_says_so_instead_of_zero_percent(plan):
    # Q2 answers for tasks due 1/4 – 30/6 (10/06; the one due 31/03 is Q1's), as of 14/06
    c = build_consolidation(plan, "2022-Q2", today=dt.date(2022, 7, 1))
    assert c.total.due == 1 and "thành 1 lượt giao chủ trì đến hạn" in c.paragraphs()[0]
    empty = build_consolidation(plan, "2022-M08", today=dt.date(2022, 9, 1))  # due 1/8 – 31/8: nothing
    text = " ".join(empty.paragraphs())
    assert empty.total.due == 0 and "không có nhiệm vụ nào của Kế hoạch 216/KH-UBND có hạn hoàn thành" in text
    assert "(—)" not in text


def test_an_unapproved_done_claim_is_not_counted_done_but_shown_awaiting_approval(
    users, org_tree, plan, client
):
    """A claim counts as done once the unit head approved it and the standing agency accepted it."""
    from cchc.tracking.models import ProgressUpdate

    before = build_consolidation(plan, "2022-Y").total
    claim = (
        ProgressUpdate.objects.filter(
            assignment__task__plan=plan, status="done", at__date__lte=dt.date(2022, 12, 14)
        )
        .order_by("at")
        .first()
    )
    claim.approval_state = "approved_by_head"  # the standing agency has not accepted it yet
    claim.save()
    c = build_consolidation(plan, "2022-Y")
    assert (c.total.done, c.total.pending, c.total.due) == (before.done - 1, 1, before.due)
    assert sum(line.pending for line in c.by_unit) == 1
    assert "1 lượt đơn vị báo cáo đã hoàn thành đang chờ duyệt" in " ".join(c.paragraphs())
    client.force_login(users["officer"])
    page = client.get(f"/bao-cao/tong-hop/{plan.pk}/2022-Y/", secure=True).content.decode()
    assert "1 lượt đơn vị báo cáo đã hoàn thành đang chờ duyệt" in page
