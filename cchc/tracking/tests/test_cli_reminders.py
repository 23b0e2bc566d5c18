"""CLI task list (JSON as of a date) and reminder digests sent once."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from cchc.notifications.models import ReminderLog
from cchc.testing.progress import record
from cchc.tracking.models import Assignment
from cchc.tracking.reminders import do_send_reminders

pytestmark = pytest.mark.django_db


def _json(capsys, *args):
    call_command("tasks", "list", *args, "--format", "json")
    return json.loads(capsys.readouterr().out)


def test_overdue_as_of_2023_lists_tasks_due_by_end_of_2022_not_done(plan_setup, capsys):
    law = Assignment.objects.get(task=plan_setup["tasks"]["law"], role="lead")
    with time_machine.travel(dt.datetime(2022, 5, 1, 3, tzinfo=dt.UTC), tick=False):
        record(plan_setup["users"]["reporter"], law, "done", 100, "Đã ban hành", expected_version=1)
    data = _json(capsys, "--status", "overdue", "--as-of", "2023-01-01", "--plan", "216/KH-UBND")
    assert data["as_of"] == "2023-01-01"
    rows = data["rows"]
    assert rows and all(r["due_date"] <= "2022-12-31" and r["state"] == "overdue" for r in rows)
    # the lead that claimed it done is not listed (its claim awaits approval: "chờ duyệt"), nor is
    # its supporting unit (the lead carries the deadline); the 2021/2022 yearly instances are
    keys = {(r["task"], r["unit_code"], r["period_label"]) for r in rows}
    assert ("Rà soát văn bản quy phạm pháp luật", "HP-STP", "") not in keys
    assert ("Rà soát văn bản quy phạm pháp luật", "HP-STTTT", "") not in keys
    pending = _json(capsys, "--status", "pending-approval", "--as-of", "2023-01-01")["rows"]
    assert [(r["unit_code"], r["state"]) for r in pending] == [("HP-STP", "pending_approval")]
    support = _json(capsys, "--role", "support", "--as-of", "2023-01-01")["rows"]
    assert {r["state"] for r in support} == {"open"}  # its own share: shown, never overdue by itself
    assert {r["period_label"] for r in rows if r["task"].startswith("Kiểm tra")} == {"2021", "2022"}
    assert [r["due_date"] for r in rows] == sorted(r["due_date"] for r in rows)


def test_unit_filter_and_accent_insensitive_text(plan_setup, capsys):
    data = _json(
        capsys,
        "--plan",
        "216/kh-ubnd",
        "--unit",
        "so tu phap",
        "--q",
        "chinh quyen so",
        "--as-of",
        "2022-01-01",
    )
    assert data["count"] == 0
    data = _json(capsys, "--unit", "HP-STTTT", "--q", "chinh quyen so", "--as-of", "2022-01-01")
    assert data["count"] == 1 and data["rows"][0]["task"] == "Xây dựng chính quyền số"


def test_xlsx_output(plan_setup, tmp_path, capsys):
    out = tmp_path / "t.xlsx"
    call_command("tasks", "list", "--format", "xlsx", "--out", str(out), "--as-of", "2023-01-01")
    from openpyxl import load_workbook

    ws = load_workbook(out).active
    assert ws.cell(1, 3).value == "Nội dung nhiệm vụ" and ws.cell(1, 10).value == "Tình trạng"
    assert ws.max_row == Assignment.objects.count() + 1


def test_reminders_are_sent_once_per_unit_and_lead_time(plan_setup, settings):
    units = plan_setup["units"]
    units["HP-STP"].email = "stp@haiphong.gov.vn"
    units["HP-STP"].save()
    settings.CCHC_REMIND_DAYS = "30,7"
    dry = do_send_reminders(as_of=dt.date(2022, 12, 10), dry_run=True)
    assert dry and not mail.outbox and not ReminderLog.objects.exists()
    sent = do_send_reminders(as_of=dt.date(2022, 12, 10))
    stp_mail = [m for m in mail.outbox if m.to == ["stp@haiphong.gov.vn"]]
    assert len(stp_mail) == 1
    assert "Rà soát văn bản quy phạm pháp luật" in stp_mail[0].body and "Quá hạn" in stp_mail[0].body
    assert any(d.unit == units["HP-STP"] for d in sent)
    before = len(mail.outbox)
    do_send_reminders(as_of=dt.date(2022, 12, 11))
    assert len(mail.outbox) == before  # same reminders: not again
    do_send_reminders(as_of=dt.date(2022, 12, 25))  # 7-day lead time reached: one new digest
    assert len(mail.outbox) == before + 1


def test_remind_command_dry_run(plan_setup, capsys):
    call_command("remind", "--as-of", "2022-12-10", "--dry-run")
    out = capsys.readouterr().out
    assert "Sở Tư pháp" in out and "sẽ gửi" in out
    assert not ReminderLog.objects.exists()


def test_continuous_work_not_reported_this_quarter_is_reminded_once_per_quarter(plan_setup, settings):
    from cchc.tracking.reminders import build_digests

    settings.CCHC_PERIOD_REMIND_DAYS = 15
    title = plan_setup["tasks"]["continuous"].title

    def period_lines(day):
        return [
            line
            for d in build_digests(day)
            if d.unit.code == "HP-STP"
            for kind, _key, line in d.items
            if kind == "period"
        ]

    assert period_lines(dt.date(2022, 9, 10)) == []  # 20 days before the quarter ends
    lines = period_lines(dt.date(2022, 9, 20))
    assert len(lines) == 1 and title in lines[0] and "30/09/2022" in lines[0]
    units = plan_setup["units"]
    units["HP-STP"].email = "stp@haiphong.gov.vn"
    units["HP-STP"].save()
    do_send_reminders(as_of=dt.date(2022, 9, 20))
    assert period_lines(dt.date(2022, 9, 25)) == []  # sent this quarter: not again
    assert len(period_lines(dt.date(2022, 12, 20))) == 1  # next quarter: again
    a = Assignment.objects.get(task=plan_setup["tasks"]["continuous"])
    with time_machine.travel(dt.datetime(2023, 3, 1, 3, tzinfo=dt.UTC), tick=False):
        record(plan_setup["users"]["reporter"], a, "in_progress", 50, "Đã đăng 12 tin bài")
    assert period_lines(dt.date(2023, 3, 20)) == []  # reported in this quarter
