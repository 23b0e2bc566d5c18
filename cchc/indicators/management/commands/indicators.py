"""``cchc indicators load FILE… | --shipped``, ``cchc indicators suggest --plan N``,
``cchc indicators attainment --plan N --period 2022-Y [--format json|text]`` and
``cchc indicators index766 --unit CODE --period 2022-Y [--format json|text]``."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

from django.core.management.base import CommandError

from cchc.core.subcommands import PLAN_HELP, SubcommandCommand, add_format

SHIPPED = Path(__file__).resolve().parents[2] / "data"
SHIPPED_FILES = ("qd766-indicators.json", "plan-targets-indicators.json", "qd766-dvcqg-2025.json")


def _json_default(value):
    if isinstance(value, Decimal):
        return str(value)
    raise TypeError(type(value))


def load_shipped(stdout=None) -> list:
    from cchc.indicators.actions import do_load_indicator_file

    out = []
    for name in SHIPPED_FILES:
        s = do_load_indicator_file((SHIPPED / name).read_bytes(), name, actor=None)
        out.append(s)
        if stdout:
            stdout.write(f"{name}: {s.code} {s.version}")
    return out


class Command(SubcommandCommand):
    help = "Indicators: load sets, suggest target links, print target attainment and the 766 index."

    def add_subcommands(self, sub):
        load = sub.add_parser("load", help="Load indicator sets or 766 definitions (JSON/XLSX)")
        load.add_argument("files", nargs="*")
        load.add_argument("--shipped", action="store_true", help="load the sets shipped with cchc")
        sug = sub.add_parser("suggest", help="Suggest an indicator for each unlinked target of a plan")
        sug.add_argument("--plan", required=True)
        att = sub.add_parser("attainment", help="Target attainment of a plan for a period")
        att.add_argument("--plan", required=True, help=PLAN_HELP)
        att.add_argument("--period", required=True, help="2022-Y, 2022-H1, …")
        add_format(att, "json text", default="text")
        idx = sub.add_parser("index766", help="The QĐ 766 index computed from the dossier aggregates")
        idx.add_argument("--unit", required=True, help="unit code, e.g. HP")
        idx.add_argument("--period", required=True)
        add_format(idx, "json text", default="text")

    def domain_error_message(self, exc):
        details = "".join(f"\n  - {d if isinstance(d, str) else d.get('message', d)}" for d in exc.details)
        return f"{exc.message}{details}"

    def load(self, opts):
        from cchc.indicators.actions import do_load_indicator_file

        if opts["shipped"]:
            load_shipped(self.stdout)
        if not opts["files"] and not opts["shipped"]:
            raise CommandError("Cần tên tệp hoặc --shipped.")
        for f in opts["files"]:
            p = Path(f)
            if not p.is_file():
                raise CommandError(f"Không thấy tệp {f}.")
            s = do_load_indicator_file(p.read_bytes(), p.name, actor=None)
            n = s.indicators.count() if s.kind == "indicators" else len(s.definition.get("groups", []))
            self.stdout.write(
                f"{p.name}: {s.code} {s.version} ({n} {'chỉ số' if s.kind == 'indicators' else 'nhóm'})"
            )

    def _plan(self, number):
        from cchc.plans.models import Plan

        plan = Plan.objects.filter(number__iexact=number.strip()).select_related("province").first()
        if plan is None:
            raise CommandError(f"Không tìm thấy kế hoạch số {number}.")
        return plan

    def suggest(self, opts):
        from cchc.indicators.actions import do_suggest_links

        n = do_suggest_links(self._plan(opts["plan"]), actor=None)
        self.stdout.write(f"Đã gợi ý chỉ số cho {n} chỉ tiêu.")

    def attainment(self, opts):
        from cchc.domain.periods import Period
        from cchc.indicators.queries import attainment_for_plan

        plan = self._plan(opts["plan"])
        try:
            Period.parse(opts["period"])
        except ValueError:
            raise CommandError(f"Kỳ không hợp lệ: {opts['period']} (ví dụ 2022-Y).") from None
        rows = attainment_for_plan(plan, opts["period"])
        if opts["format"] == "json":
            self.stdout.write(
                json.dumps(
                    {"plan": plan.number, "period": opts["period"], "targets": rows},
                    ensure_ascii=False,
                    indent=2,
                    default=_json_default,
                )
            )
            return
        for r in rows:
            rule = f"mỗi năm tăng {r['threshold']}" if r["yearly"] else f"{r['comparator']} {r['threshold']}"
            self.stdout.write(
                f"{r['number']}. [{r['summary'] or r['status_label']}] {r['text'][:90]} | {rule} | {r['source']}"
            )

    def index766(self, opts):
        from cchc.indicators.queries import index_766
        from cchc.orgs.models import OrgUnit

        unit = OrgUnit.objects.filter(code=opts["unit"]).first()
        if unit is None:
            raise CommandError(f"Không có đơn vị mã {opts['unit']}.")
        result = index_766(unit, opts["period"])
        if result is None:
            raise CommandError("Chưa nạp định nghĩa Chỉ số 766 (cchc indicators load --shipped).")
        if opts["format"] == "json":
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
            return
        self.stdout.write(
            f"{unit.name} {opts['period']}: {result.points}/{result.computed_max} điểm tính được (tối đa {result.max_points}); do nền tảng tính, không phải số liệu chính thức của Cổng DVCQG"
        )
        for g in result.groups:
            for i in g.items:
                self.stdout.write(f"  {i.code} {i.name}: tỷ lệ {i.rate} → {i.points}/{i.max_points} {i.note}")
