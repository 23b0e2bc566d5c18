"""Demo step (order 95): unit reports for Hải Phòng's plan 216/KH-UBND in 2022.

Some accepted, one returned, one late, some units missing, so the pages show real data. Runs after
the plan (order 20), its progress (order 40), the dossier statistics (indicators, order 65) and
the inspections (oversight, order 90): the annex's task, dossier, payment, digitisation and
inspection figures are the platform's own (pre-filled by ``do_save_unit_report``); the units
type only what the platform does not hold (PAKN), and one unit overrides a figure with a reason
so the consolidation shows how a difference is flagged. Everything goes through the actions.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

PLAN_NUMBER = "216/KH-UBND"
PERIODS = ["2022-Q1", "2022-H1", "2022-Q3", "2022-Y"]


def _at(d: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(d, dt.time(9, 30)))


def load_demo_reports(stdout=None) -> None:
    from cchc.reporting import sources
    from cchc.reporting.models import UnitReport

    plan = sources.find_plan(PLAN_NUMBER)
    if plan is None:
        if stdout:
            stdout.write("    (plan 216/KH-UBND not loaded: no demo reports)")
        return
    if UnitReport.objects.filter(plan=plan).exists():
        return
    with sources.rows_cache():  # progress does not change while the reports are written
        count = _write_reports(plan)
    if stdout:
        stdout.write(f"    {count} unit reports sent for {PLAN_NUMBER}")


def _write_reports(plan) -> int:
    from cchc.reporting import actions, prefill, sources
    from cchc.reporting.schedule import period_info, rules_for

    rules = rules_for(plan=plan)
    units = {}
    for r in sources.task_rows(plan=plan, as_of=dt.date(2022, 12, 14)):
        if r.role == "lead":
            units.setdefault(r.unit.pk, r.unit)
    units = sorted(units.values(), key=lambda u: (u.code != "HP-STP", u.code != "HP-STTTT", u.name))
    count = 0
    overridden = False
    for pi, code in enumerate(PERIODS):
        info = period_info(code, rules)
        # the later the period, the more units report; the rest stay missing
        reporting = units[: max(2, int(len(units) * (0.5 + 0.1 * pi)))]
        for i, unit in enumerate(reporting):
            # only what the platform does not measure; the rest is pre-filled from its data
            annex = {"pakn_received": 5 + i % 7, "pakn_handled": 5 + i % 7}
            if code == "2022-Y" and not overridden and i % 5 != 4:
                # the first unit with dossier statistics corrects one figure, with its reason
                system = prefill.system_figures(unit=unit, plan=plan, info=info)
                online = (system.get("dossiers_online") or {}).get("system")
                if online is not None:
                    overridden = True
                    annex["dossiers_online"] = {
                        "value": online + 12,
                        "reason": "Cộng 12 hồ sơ tiếp nhận qua Cổng DVC quốc gia chưa đồng bộ về hệ thống một cửa.",
                    }
            report = actions.do_save_unit_report(
                unit=unit,
                plan=plan,
                period_code=code,
                annex=annex,
                actor=None,
                narrative=_narrative(unit, plan, info),
                note="demo",
            )
            if i % 5 == 4:
                continue  # drafted, never sent
            actions.do_approve_unit_report(report, actor=None)
            late = i % 6 == 5
            when = info.due_date + dt.timedelta(days=4 if late else -2)
            actions.do_submit_unit_report(report, actor=None, now=_at(when))
            if pi == 1 and i == 1:
                actions.do_return_unit_report(
                    report,
                    actor=None,
                    comment="Đề nghị bổ sung số liệu hồ sơ trực tuyến và tài liệu kiểm chứng cho lĩnh vực thể chế.",
                )
            elif i % 3 != 2 or code == "2022-Y":
                actions.do_accept_unit_report(report, actor=None)
            count += 1
    return count


def _narrative(unit, plan, info) -> dict:
    from cchc.reporting import prefill

    return prefill.narrative(unit=unit, plan=plan, info=info)
