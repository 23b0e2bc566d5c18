"""``cchc par results --campaign ID [--format json|table|xlsx|docx] [--out FILE]``: the ranking.

``cchc par template --out FILE``: the empty criteria-set XLSX template.
``cchc par remind [--as-of DATE] [--dry-run]``: deadline reminders (run daily).
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "PAR INDEX of the province's units: print a campaign's ranking, write the template."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        results = sub.add_parser("results", help="The ranking of a campaign per block")
        results.add_argument("--campaign", required=True, type=int, help="campaign id")
        results.add_argument("--format", choices=["json", "table", "xlsx", "docx"], default="table")
        results.add_argument("--out", default="", help="output file (xlsx/docx; json/table print)")
        remind = sub.add_parser("remind", help="Remind units of self-assessment / explanation deadlines")
        remind.add_argument("--as-of", dest="as_of", default="", help="YYYY-MM-DD (default: today)")
        remind.add_argument("--dry-run", action="store_true", help="show what would go out, send nothing")
        template = sub.add_parser("template", help="Write the empty criteria-set XLSX template")
        template.add_argument("--out", default="bo-chi-so-mau.xlsx")

    def handle(self, *args, **opts):
        if opts["action"] == "remind":
            import datetime as dt

            from cchc.parindex.reminders import do_send_par_reminders

            try:
                as_of = dt.date.fromisoformat(opts["as_of"]) if opts["as_of"] else None
            except ValueError:
                raise CommandError("--as-of phải có dạng YYYY-MM-DD.") from None
            for d in do_send_par_reminders(actor=None, as_of=as_of, dry_run=opts["dry_run"]):
                self.stdout.write(f"== {d.unit.name} → {', '.join(d.emails) or '(không có email)'}")
                for kind, _key, line in d.items:
                    self.stdout.write(f"   [{kind}] {line}")
            return
        if opts["action"] == "template":
            from cchc.parindex.setloader import template_xlsx

            Path(opts["out"]).write_bytes(template_xlsx())
            self.stdout.write(opts["out"])
            return
        from cchc.parindex import exports
        from cchc.parindex.models import Campaign
        from cchc.parindex.queries import results_snapshot
        from cchc.parindex.results import campaign_results

        campaign = Campaign.objects.select_related("province").filter(pk=opts["campaign"]).first()
        if campaign is None:
            raise CommandError(f"Không có đợt đánh giá số {opts['campaign']}.")
        fmt = opts["format"]
        if fmt == "json":
            self.stdout.write(json.dumps(results_snapshot(campaign), ensure_ascii=False, indent=2))
            return
        res = campaign_results(campaign)
        if fmt in {"xlsx", "docx"}:
            data = exports.results_xlsx(res) if fmt == "xlsx" else exports.results_docx(res)
            out = Path(opts["out"] or f"chi-so-cchc-{campaign.year}-{campaign.pk}.{fmt}")
            out.write_bytes(data)
            self.stdout.write(f"{out} ({len(data):,} bytes)")
            return
        self.stdout.write(f"{campaign.title} ({campaign.year})")
        for block, rows in res.blocks.items():
            self.stdout.write(f"\n== {block}")
            for r in rows:
                rank = "-" if r.rank is None else str(r.rank)
                if r.excluded:
                    self.stdout.write(
                        f"  -  {'':>6}  {'':<10} {r.unit.name} (không xác định chỉ số: {r.sheet.excluded_reason})"
                    )
                    continue
                index = "" if r.provisional else (r.index or 0)
                mark = " (chưa thẩm định)" if r.provisional else ""
                self.stdout.write(f"{rank:>3}  {index:>6}  {r.band:<10} {r.unit.name}{mark}")
