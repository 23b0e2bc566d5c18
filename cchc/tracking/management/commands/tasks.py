"""``cchc tasks list``: the task table as of a date, as a table, JSON or XLSX."""

from __future__ import annotations

import datetime as dt
import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cchc.domain.text import fold
from cchc.orgs.models import OrgUnit
from cchc.plans.models import Plan
from cchc.tracking.exports import row_dict, rows_workbook, state_label
from cchc.tracking.queries import assignment_queryset, assignment_rows, iter_rows
from cchc.tracking.states import FILTERS


class Command(BaseCommand):
    help = "List tasks: cchc tasks list [--plan N] [--unit NAME] [--status S] [--as-of DATE] [--format F] [--out FILE]"

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="sub", required=True)
        p = sub.add_parser("list", help="List assignments with their state as of a date")
        p.add_argument("--plan", help="plan number, e.g. 216/KH-UBND")
        p.add_argument("--unit", help="unit name, short name or code (accent-insensitive)")
        p.add_argument("--status", choices=sorted(FILTERS))
        p.add_argument("--as-of", dest="as_of", help="YYYY-MM-DD (default: today)")
        p.add_argument("--q", default="", help="free text")
        p.add_argument("--role", choices=["lead", "support"])
        p.add_argument("--format", dest="fmt", choices=["table", "json", "xlsx"], default="table")
        p.add_argument("--out", help="output file (required for xlsx)")
        m = sub.add_parser(
            "move-closed",
            help="Move the open work of closed units to their successor (each closed unit, or --unit)",
        )
        m.add_argument("--unit", help="code of one closed unit")
        m.add_argument(
            "--to", help="code of the receiving unit (needed when there are several successors or none)"
        )
        m.add_argument("--dry-run", action="store_true", help="show what would move, change nothing")

    def handle(self, *args, **opts):
        if opts["sub"] == "move-closed":
            return self.move_closed(opts)
        try:
            as_of = dt.date.fromisoformat(opts["as_of"]) if opts["as_of"] else timezone.localdate()
        except ValueError:
            raise CommandError("--as-of must be YYYY-MM-DD") from None
        plan = None
        if opts["plan"]:
            plan = Plan.objects.filter(number__iexact=opts["plan"], parent_plan__isnull=True).first()
            if plan is None:
                raise CommandError(f"no plan numbered {opts['plan']!r}")
        unit = None
        if opts["unit"]:
            unit = OrgUnit.objects.filter(code__iexact=opts["unit"]).first()
            if unit is None:
                key = fold(opts["unit"])
                pool = OrgUnit.objects.filter(search_key__contains=key)
                if plan is not None:
                    pool = pool.filter(province=plan.province)
                matches = list(pool)
                if len(matches) != 1:
                    raise CommandError(f"--unit {opts['unit']!r} matches {len(matches)} units; use the code")
                unit = matches[0]
        filters = dict(
            plan=plan, unit=unit, as_of=as_of, status=opts["status"], q=opts["q"], role=opts["role"]
        )
        fmt, out = opts["fmt"], opts["out"]
        if fmt == "xlsx":
            if not out:
                raise CommandError("--format xlsx needs --out FILE")
            qs = assignment_queryset(**filters)
            book = rows_workbook(iter_rows(qs, as_of), title=plan.number if plan else "")
            with open(out, "wb") as fh:
                fh.write(book.to_bytes())
            self.stderr.write(f"{qs.count()} rows written to {out}")
            return
        rows = assignment_rows(**filters)
        if fmt == "json":
            text = json.dumps(
                {"as_of": as_of.isoformat(), "count": len(rows), "rows": [row_dict(r) for r in rows]},
                ensure_ascii=False,
                indent=2,
            )
        else:
            lines = [f"{'Hạn':<10}  {'Tình trạng':<16}  {'%':>5}  {'Đơn vị':<30}  Nhiệm vụ"]
            for r in rows:
                due = r.due_date.strftime("%d/%m/%Y") if r.due_date else "—"
                lines.append(
                    f"{due:<10}  {state_label(r.state):<16}  {float(r.percent):>5.0f}  "
                    f"{r.unit.name[:30]:<30}  {r.task.title[:70]}{' (' + r.period_label + ')' if r.period_label else ''}"
                )
            lines.append(f"{len(rows)} dòng, tính đến {as_of.strftime('%d/%m/%Y')}")
            text = "\n".join(lines)
        if out:
            with open(out, "w", encoding="utf-8") as fh:
                fh.write(text + "\n")
        else:
            self.stdout.write(text)

    def move_closed(self, opts):
        from cchc.core.errors import DomainError
        from cchc.tracking.models import Assignment
        from cchc.tracking.moves import do_move_closed_unit_work

        def unit_by_code(code):
            u = OrgUnit.objects.filter(code__iexact=code).first()
            if u is None:
                raise CommandError(f"no unit with code {code!r}")
            return u

        if opts["unit"]:
            units = [unit_by_code(opts["unit"])]
        else:
            if opts["to"]:
                raise CommandError("--to needs --unit")
            ids = Assignment.objects.filter(unit__valid_to__isnull=False, moved_to__isnull=True).values(
                "unit_id"
            )
            units = list(OrgUnit.objects.filter(pk__in=ids).order_by("code"))
        to = unit_by_code(opts["to"]) if opts["to"] else None
        total = 0
        for unit in units:
            try:
                r = do_move_closed_unit_work(actor=None, unit=unit, successor=to, dry_run=opts["dry_run"])
            except DomainError as exc:
                raise CommandError(str(exc.message)) from None
            if r.needs_choice:
                self.stdout.write(
                    f"{unit.code} {unit.name}: no sole successor, use --unit {unit.code} --to CODE"
                )
                continue
            total += r.moved
            verb = "would move" if opts["dry_run"] else "moved"
            self.stdout.write(
                f"{unit.code} {unit.name} -> {r.successor.code} {r.successor.name}: {verb} {r.moved}, kept {r.kept} finished"
            )
        self.stdout.write(f"total {'to move' if opts['dry_run'] else 'moved'}: {total}")
