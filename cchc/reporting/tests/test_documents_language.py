"""Official documents stay Vietnamese (Decree 30/2020/NĐ-CP) when the user works in English."""

import datetime as dt
import io

import pytest
from docx import Document

from cchc.reporting import actions
from cchc.reporting.tests.conftest import at

pytestmark = pytest.mark.django_db


def _english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    return client


def _text(data: bytes) -> str:
    doc = Document(io.BytesIO(data))
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def _accepted_report(users, org_tree, plan):
    r = actions.do_save_unit_report(
        unit=org_tree["HP-STP"],
        plan=plan,
        period_code="2022-Y",
        annex={"dossiers_received": 50},
        actor=users["reporter"],
    )
    actions.do_approve_unit_report(r, actor=users["head"])
    actions.do_submit_unit_report(r, actor=users["head"], now=at(dt.date(2022, 12, 19)))
    return actions.do_accept_unit_report(r, actor=users["officer"])


def test_consolidation_docx_is_vietnamese_for_an_english_user(login, users, org_tree, plan):
    _accepted_report(users, org_tree, plan)
    c = _english(login(users["officer"]))
    page = c.get(f"/bao-cao/tong-hop/{plan.pk}/2022-Y/").content.decode()
    assert "Consolidated report" in page and "Institutional reform" in page  # the page is English
    resp = c.get(f"/bao-cao/tong-hop/{plan.pk}/2022-Y/tai-ve/docx/")
    assert resp.status_code == 200
    text = _text(resp.content)
    for vi in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Tổng cộng", "Cải cách thể chế", "Trong kỳ báo cáo"):
        assert vi in text
    assert "Tổng số hồ sơ tiếp nhận" in text  # annex labels (translatable) in Vietnamese
    for en in ("Total", "Institutional reform", "In the reporting period", "Total dossiers received"):
        assert en not in text


def test_unit_report_draft_and_docx_are_vietnamese_for_an_english_user(login, users, org_tree, plan):
    c = _english(login(users["reporter"]))
    page = c.get(f"/bao-cao/don-vi/{org_tree['HP-STP'].pk}/2022-Y/?plan={plan.pk}").content.decode()
    assert "Save draft" in page  # the form is English, the pre-filled report text is not
    assert "Kết quả đạt được:" in page and "Results achieved:" not in page
    r = _accepted_report(users, org_tree, plan)
    resp = c.get(f"/bao-cao/{r.pk}/tai-ve/docx/")
    assert resp.status_code == 200
    text = _text(resp.content)
    assert "PHỤ LỤC SỐ LIỆU" in text and "Tổng số hồ sơ tiếp nhận" in text and "Cải cách thể chế" in text
    assert "Total dossiers received" not in text and "Institutional reform" not in text


def test_report_reminder_email_is_vietnamese_when_sent_from_the_english_ui(
    login, users, org_tree, plan, mailoutbox, django_capture_on_commit_callbacks
):
    org_tree["HP-STTTT"].email = "stttt@hp.gov.vn"
    org_tree["HP-STTTT"].save()
    c = _english(login(users["officer"]))
    with django_capture_on_commit_callbacks(execute=True):
        page = c.post(
            f"/bao-cao/tinh-hinh-nop/{plan.pk}/2022-Y/nhac/{org_tree['HP-STTTT'].pk}/", follow=True
        ).content.decode()
    assert "Report reminder sent to Sở Thông tin và Truyền thông." in page  # the sender reads English
    (mail,) = mailoutbox
    assert mail.subject.startswith("Nhắc nộp báo cáo CCHC")
    assert (
        mail.body.startswith("Kính gửi Sở Thông tin và Truyền thông,")
        and "theo Kế hoạch 216/KH-UBND" in mail.body
    )
    assert "Dear" not in mail.body and "Reminder" not in mail.subject
