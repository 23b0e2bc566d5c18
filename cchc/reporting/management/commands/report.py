"""``cchc report render --plan 216/KH-UBND --period 2022-Y [--unit NAME] --format docx|pdf --out FILE``.

Report reminders go out with the others (``cchc remind``, the worker's daily run).
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import CommandError

from cchc.core.subcommands import PLAN_HELP, SubcommandCommand, add_format


class Command(SubcommandCommand):
    help = "Periodic CCHC reports: render a province (or unit) report as DOCX or PDF."

    def add_subcommands(self, sub):
        render = sub.add_parser("render", help="Render the consolidated report (or one unit's with --unit)")
        render.add_argument("--plan", required=True, help=PLAN_HELP)
        render.add_argument("--period", required=True, help="2022-Q1, 2022-H1, 2022-Q3, 2022-9M, 2022-Y")
        render.add_argument("--unit", default="", help="a unit's name or code: render its report instead")
        out_help = "output file (default: a name from plan and period)"
        add_format(render, "docx pdf", default="docx", out="", out_help=out_help)

    def render(self, opts):
        from cchc.domain.periods import Period
        from cchc.reporting import sources
        from cchc.reporting.consolidation import build_consolidation
        from cchc.reporting.documents import consolidation_document, filename, render, unit_report_document
        from cchc.reporting.models import UnitReport

        plan = sources.find_plan(opts["plan"])
        if plan is None:
            raise CommandError(f"Không tìm thấy kế hoạch số {opts['plan']}.")
        try:
            period = Period.parse(opts["period"])
        except ValueError:
            raise CommandError(
                f"Kỳ báo cáo không hợp lệ: {opts['period']} (ví dụ 2022-Q2, 2022-H1, 2022-Y)."
            ) from None
        if opts["unit"]:
            unit = _find_unit(opts["unit"], plan)
            report = UnitReport.objects.filter(unit=unit, plan=plan, period_code=period.code).first()
            if report is None or report.current_version is None:
                raise CommandError(f"{unit.name} chưa có báo cáo {period.label_vi}.")
            doc = unit_report_document(report, report.accepted_version or report.current_version)
            stem = f"bao-cao-{unit.code}-{period.code}"
        else:
            doc = consolidation_document(build_consolidation(plan, period.code))
            stem = f"bao-cao-{plan.number}-{period.code}"
        data = render(doc, opts["format"])
        self.write_output(Path(opts["out"] or filename(stem, opts["format"])), data)


def _find_unit(text: str, plan):
    from cchc.domain.text import fold
    from cchc.orgs.models import OrgUnit

    units = OrgUnit.objects.filter(province=plan.province) | OrgUnit.objects.filter(pk=plan.province_id)
    exact = units.filter(code__iexact=text.strip()).first()
    if exact:
        return exact
    key = fold(text)
    hits = [u for u in units if fold(u.name) == key] or [u for u in units if key in fold(u.name)]
    if len(hits) != 1:
        raise CommandError(f"Không xác định được đơn vị “{text}” ({len(hits)} kết quả).")
    return hits[0]
