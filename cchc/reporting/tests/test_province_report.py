"""The province's report a leader can sign: the annex's one-stop and inspection figures are the
platform's own (pre-filled; an override needs a reason and is flagged), sections I–IV from the
outline with editable passages, and the reports page listing every period of a plan's years."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cchc.accounts.policy import Forbidden
from cchc.core.errors import DomainError
from cchc.reporting import actions, outline, prefill
from cchc.reporting.consolidation import build_consolidation
from cchc.reporting.documents import consolidation_document
from cchc.reporting.models import ConsolidationText, UnitReport
from cchc.testing.frame import warm_frame

pytestmark = pytest.mark.django_db

TODAY = dt.date(2023, 1, 10)  # the 2022 annual report is closed and due


@pytest.fixture
def dossiers(org_tree):
    """One-stop statistics of 2022 (and one 2021 month that must not count)."""
    from cchc.indicators.models import DossierAggregate, DossierIngest

    ing = DossierIngest.objects.create(province=org_tree["HP"], file_name="mot-cua-2022.csv")

    def agg(code, year, month, received, online, tthc="TTHC A"):
        finished = received - 10
        return DossierAggregate.objects.create(
            unit=org_tree[code],
            tthc=tthc,
            year=year,
            month=month,
            received=received,
            finished=finished,
            early=finished - 20,
            on_time=15,
            late=5,
            in_progress=10,
            in_progress_past_due=4,
            online=online,
            fee_dossiers=30,
            paid_online=12,
            digitised=received // 2,
            ingest=ing,
        )

    agg("HP-STP", 2022, 3, 200, 80)
    agg("HP-STP", 2022, 11, 100, 30)
    agg("HP-STTTT", 2022, 6, 300, 210)
    agg("HP-Q-HONGBANG", 2022, 7, 150, 20)
    agg("HP-STP", 2021, 12, 999, 999)
    return ing


@pytest.fixture
def inspections(org_tree):
    from cchc.oversight.models import Inspection, InspectionPlan

    ip = InspectionPlan.objects.create(
        province=org_tree["HP"], organiser=org_tree["HP"], year=2022, title="Kiểm tra CCHC năm 2022"
    )
    Inspection.objects.create(
        plan=ip, unit=org_tree["HP-STP"], status="done", inspected_on=dt.date(2022, 5, 10)
    )
    Inspection.objects.create(
        plan=ip, unit=org_tree["HP-STTTT"], status="done", inspected_on=dt.date(2022, 9, 1)
    )
    Inspection.objects.create(plan=ip, unit=org_tree["HP-Q-HONGBANG"], status="planned")
    return ip


def _info(plan, code="2022-Y"):
    return actions.check_period(code, plan=plan, today=TODAY)


def _send(report, users):
    actions.do_approve_unit_report(report, actor=users["head"])
    actions.do_submit_unit_report(report, actor=users["head"])
    actions.do_accept_unit_report(report, actor=users["officer"])


def test_the_unit_annex_is_prefilled_from_the_dossier_statistics_of_the_period(plan, org_tree, dossiers):
    system = prefill.system_figures(unit=org_tree["HP-STP"], plan=plan, info=_info(plan))
    figures = {k: v["system"] for k, v in system.items()}
    assert figures["dossiers_received"] == 300  # March + November 2022, not December 2021
    assert figures["dossiers_online"] == 110
    assert figures["dossiers_resolved"] == 280 and figures["dossiers_on_time"] == 280 - 40 + 30
    assert figures["dossiers_pending"] == 20 and figures["dossiers_pending_overdue"] == 8
    assert figures["online_payments"] == 24 and figures["dossiers_digitised"] == 150
    assert "Thống kê hồ sơ một cửa" in system["dossiers_received"]["source"]
    assert "pakn_received" not in system  # no platform source: the unit types it
    assert "inspections_done" not in system  # only the standing agency conducts inspections


def test_an_override_without_a_reason_is_refused_naming_the_figure(
    plan, org_tree, users, dossiers, time_machine
):
    time_machine.move_to(dt.datetime(2023, 1, 10, 9, 0))
    with pytest.raises(actions.AnnexError) as err:
        actions.do_save_unit_report(
            unit=org_tree["HP-STP"],
            plan=plan,
            period_code="2022-Y",
            annex={"dossiers_online": 150},
            actor=users["reporter"],
        )
    assert "reason:dossiers_online" in err.value.fields
    assert "khác số liệu của hệ thống (110)" in err.value.fields["reason:dossiers_online"]
    assert not UnitReport.objects.exists()


def test_the_consolidation_annex_states_the_platforms_figures_and_flags_overrides(
    plan, org_tree, users, dossiers, inspections, time_machine
):
    from cchc.indicators.queries import dossier_sums
    from cchc.reporting.sources import DOSSIER_FIGURES

    time_machine.move_to(dt.datetime(2023, 1, 10, 9, 0))
    stp = actions.do_save_unit_report(
        unit=org_tree["HP-STP"],
        plan=plan,
        period_code="2022-Y",
        annex={"dossiers_online": {"value": 122, "reason": "12 hồ sơ qua Cổng DVC quốc gia chưa đồng bộ"}},
        actor=users["reporter"],
    )
    _send(stp, users)
    c = build_consolidation(plan, "2022-Y")
    rows = {r.field.key: r for r in c.annex_rows}
    # the annex's one-stop figures are the dossier statistics of the same window, province-wide
    province = org_tree["HP"]
    sums = dossier_sums(province.descendant_ids() | {province.pk}, "2022-Y")
    for key, parts in DOSSIER_FIGURES.items():
        assert rows[key].value == sum(int(sums[p]) for p in parts), key
    assert rows["dossiers_received"].value == 750
    # inspections recorded in oversight: 3 units planned, 2 inspected in 2022
    assert (rows["inspections_planned"].value, rows["inspections_done"].value) == (3, 2)
    # the unit's override is flagged, with its reason
    assert rows["dossiers_online"].differs and (
        rows["dossiers_online"].reported,
        rows["dossiers_online"].reported_system,
    ) == (122, 110)
    assert [(u.code, f.key) for u, f, _cell in c.flags] == [("HP-STP", "dossiers_online")]
    text = "\n".join(p for s in outline.sections(c) for sub in s.subsections for p in sub.paragraphs)
    assert "12 hồ sơ qua Cổng DVC quốc gia chưa đồng bộ" in text


def test_the_annex_rate_and_the_target_table_cannot_disagree_silently(plan, org_tree, dossiers, monkeypatch):
    from cchc.reporting import sources

    row = {
        "target_id": 1,
        "text": "Tỷ lệ hồ sơ trực tuyến",
        "indicator": "TL_HS_TRUC_TUYEN",
        "level": "",
        "value": "44.82",
        "unit": "%",
    }
    monkeypatch.setattr(sources, "target_attainment", lambda plan, code: {1: row})
    c = build_consolidation(plan, "2022-Y", today=TODAY)
    assert c.rate_checks and "340/750" not in c.rate_checks[0] and "45,33%" in c.rate_checks[0]
    row["value"] = "45.33"  # 340 online of 750 received
    assert build_consolidation(plan, "2022-Y", today=TODAY).rate_checks == []


def test_the_report_has_sections_i_to_iv_and_counts_say_what_they_count(plan):
    c = build_consolidation(plan, "2022-Y", today=TODAY)
    doc = consolidation_document(c)
    assert [s.heading.split(".")[0] for s in doc.sections] == ["I", "II", "III", "IV"]
    assessment = next(s for s in doc.sections if s.key == "assessment")
    assert [s.key for s in assessment.subsections] == ["strengths", "weaknesses", "causes"]
    summary = " ".join(c.paragraphs())
    assert f"thành {c.total.due} lượt giao chủ trì đến hạn" in summary
    # the overdue task of an earlier period is labelled as such, not mixed with the period's
    weaknesses = " ".join(assessment.subsections[1].paragraphs)
    assert "quá hạn" in weaknesses
    nxt = next(s for s in doc.sections if s.key == "next")
    assert "Đề án năm 2023" in str(nxt.subsections[0].tables[0].rows)  # due in 2023: next period's work


def test_continuing_duties_are_grouped_per_task_with_the_units_count(plan, org_tree):
    from cchc.plans.models import Task
    from cchc.tracking.models import Assignment

    task = Task.objects.create(
        plan=plan, title="Tuyên truyền CCHC thường xuyên", order=99, recurrence="continuous"
    )
    for code in ("HP-STP", "HP-STTTT", "HP-SNV", "HP-Q-HONGBANG"):
        Assignment.objects.create(
            task=task, unit=org_tree[code], role="lead", start_date=dt.date(2021, 10, 1)
        )
    c = build_consolidation(plan, "2022-Y", today=TODAY)
    results = next(s for s in outline.sections(c) if s.key == "results")
    continuing = next(s for s in results.subsections if s.key == "continuing")
    rows = continuing.tables[0].rows
    assert [r[2] for r in rows if r[1] == "Tuyên truyền CCHC thường xuyên"] == ["4"]  # one line, 4 units


def test_the_standing_agency_rewrites_a_passage_and_bad_input_is_refused(plan, users, time_machine):
    time_machine.move_to(dt.datetime(2023, 1, 10, 9, 0))
    n = actions.do_save_consolidation_texts(
        plan=plan,
        period_code="2022-Y",
        texts={"strengths": "Ưu điểm do Sở Nội vụ viết."},
        actor=users["officer"],
    )
    assert n == 1
    doc = consolidation_document(build_consolidation(plan, "2022-Y"))
    strengths = next(s for s in doc.sections if s.key == "assessment").subsections[0]
    assert strengths.paragraphs == ["Ưu điểm do Sở Nội vụ viết."] and not strengths.drafted
    with pytest.raises(DomainError, match="không có trong đề cương"):
        actions.do_save_consolidation_texts(
            plan=plan, period_code="2022-Y", texts={"by_area": "x"}, actor=users["officer"]
        )
    with pytest.raises(Forbidden):
        actions.do_save_consolidation_texts(
            plan=plan, period_code="2022-Y", texts={"causes": "x"}, actor=users["reporter"]
        )
    actions.do_save_consolidation_texts(
        plan=plan, period_code="2022-Y", texts={"strengths": "  "}, actor=users["officer"]
    )
    assert not ConsolidationText.objects.exists()  # blank: back to the draft from the data


def test_the_unit_report_page_marks_the_refused_figure_and_keeps_what_was_typed(
    plan, org_tree, users, login, dossiers, time_machine
):
    time_machine.move_to(dt.datetime(2023, 1, 10, 9, 0))
    url = f"/bao-cao/don-vi/{org_tree['HP-STP'].pk}/2022-Y/?plan={plan.pk}"
    data = {
        "op": "save",
        "area_institutions": "Đã rà soát 120 văn bản",
        "annex_dossiers_online": "150",
        "annex_pakn_received": "7",
    }
    r = login(users["reporter"]).post(url, data)
    assert r.status_code == 400
    html = r.content.decode()
    assert 'name="reason_dossiers_online"' in html
    reason_input = html[
        html.index('name="reason_dossiers_online"') - 200 : html.index('name="reason_dossiers_online"') + 200
    ]
    assert 'aria-invalid="true"' in reason_input
    assert "cần nêu lý do điều chỉnh" in html and "Đã rà soát 120 văn bản" in html and 'value="150"' in html
    assert '<label for="id_reason_dossiers_online"' in html  # every box labelled
    assert not UnitReport.objects.exists()


@pytest.fixture
def plan_2021_2025(plan):
    plan.period_start, plan.period_end = 2021, 2025
    plan.save()
    return plan


def test_the_reports_page_lists_every_period_of_the_plans_years_newest_first(
    plan_2021_2025, users, login, time_machine
):
    time_machine.move_to(dt.datetime(2026, 12, 7, 9, 0))
    body = login(users["officer"]).get("/bao-cao/").content.decode()
    table = body[body.index('id="period-status"') :]
    labels = [
        f"{k} năm {y}" for y in range(2025, 2020, -1) for k in ("Năm", "Quý III", "6 tháng đầu", "Quý I")
    ]
    labels = [lbl.replace("Năm năm", "Năm") for lbl in labels]
    positions = [table.index(f"<td>{lbl}") for lbl in labels]
    assert positions == sorted(positions)
    assert "2026" not in table[: table.index("</table>")]


def test_the_reports_page_query_count_does_not_grow_with_plans_and_reports(
    plan_2021_2025, org_tree, users, login, time_machine
):
    from cchc.plans.models import Plan

    time_machine.move_to(dt.datetime(2026, 12, 7, 9, 0))
    client = login(users["officer"])

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/bao-cao/").status_code == 200
        return len(ctx)

    UnitReport.objects.create(  # one report already: an empty list skips its query
        unit=org_tree["HP-STP"],
        plan=plan_2021_2025,
        period_code="2022-Q1",
        data_from=dt.date(2021, 12, 15),
        data_to=dt.date(2022, 3, 14),
    )
    warm_frame(client)
    before = count()
    for i in range(15):
        p = Plan.objects.create(
            number=f"{i}/KH-UBND",
            title="Kế hoạch",
            province=org_tree["HP"],
            owner_unit=org_tree["HP"],
            issued_on=dt.date(2021, 1, 1),
            period_start=2021,
            period_end=2025,
            interchange={"big": "x" * 1000},
        )
        for code in ("2022-Q1", "2022-H1", "2023-Y"):
            UnitReport.objects.create(
                unit=org_tree["HP-STP"],
                plan=p,
                period_code=code,
                data_from=dt.date(2022, 1, 1),
                data_to=dt.date(2022, 3, 1),
            )
    assert count() == before


def test_a_reporter_sees_only_the_units_periods_with_its_state_and_next_step(
    plan_2021_2025, org_tree, users, login, time_machine
):
    from cchc.plans.models import Plan

    Plan.objects.create(
        number="9/KH-UBND", title="Kế hoạch khác", province=org_tree["HP"], owner_unit=org_tree["HP"]
    )
    time_machine.move_to(dt.datetime(2023, 1, 10, 9, 0))
    returned = actions.do_save_unit_report(
        unit=org_tree["HP-STP"], plan=plan_2021_2025, period_code="2022-Q3", actor=users["reporter"]
    )
    actions.do_approve_unit_report(returned, actor=users["head"])
    actions.do_submit_unit_report(returned, actor=users["head"])
    actions.do_return_unit_report(returned, actor=users["officer"], comment="Bổ sung số liệu")
    actions.do_save_unit_report(
        unit=org_tree["HP-STP"], plan=plan_2021_2025, period_code="2022-H1", actor=users["reporter"]
    )
    body = login(users["reporter"]).get("/bao-cao/").content.decode()
    assert "9/KH-UBND" not in body  # the unit leads no task of it
    assert 'id="period-status"' not in body  # no province-wide counts for a reporter
    table = body[body.index('id="unit-report-states"') :]
    row = lambda label: table[table.index(f"<td>{label}") :].split("</tr>")[0]  # noqa: E731
    assert "Chưa lập" in row("Năm 2022") and "Lập báo cáo" in row("Năm 2022")
    assert "Bị trả lại" in row("Quý III năm 2022") and "Sửa theo ý kiến" in row("Quý III năm 2022")
    assert "chờ lãnh đạo duyệt" in row("6 tháng đầu năm 2022") and "lãnh đạo đơn vị duyệt" in row(
        "6 tháng đầu năm 2022"
    )
    head = login(users["head"]).get("/bao-cao/").content.decode()
    assert "Xem lại, duyệt rồi gửi" in head


def test_the_following_span_of_each_kind():
    from cchc.domain.periods import Period, following_span

    d = dt.date
    assert following_span(Period.parse("2022-Y")) == (d(2023, 1, 1), d(2023, 12, 31))
    assert following_span(Period.parse("2022-H1")) == (d(2022, 7, 1), d(2022, 12, 31))
    assert following_span(Period.parse("2022-Q4")) == (d(2023, 1, 1), d(2023, 3, 31))
    assert following_span(Period.parse("2022-Q1")) == (d(2022, 4, 1), d(2022, 6, 30))
    assert following_span(Period.parse("2022-M12")) == (d(2023, 1, 1), d(2023, 1, 31))
    assert following_span(Period.adhoc(d(2022, 3, 1), d(2022, 3, 10))) == (d(2022, 3, 11), d(2022, 3, 20))


def test_a_plans_calendar_offers_only_the_plans_years(plan_2021_2025, users, login, time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 7, 9, 0))
    body = login(users["officer"]).get(f"/bao-cao/lich/?plan={plan_2021_2025.pk}").content.decode()
    select = body[body.index('<select id="year"') : body.index("</select>", body.index('<select id="year"'))]
    assert "<option selected>2025</option>" in select and "2026" not in select and "2021" in select
