"""``cchc par results --campaign ID [--format json|table|xlsx|docx] [--out FILE]``: the ranking.

``cchc par template --out FILE``: the empty criteria-set XLSX template.
``cchc par province --campaign ID [--format table|json]``: the province's own index, criterion by
criterion (last year's score, this year's target, the gap, self-assessment and announced result).
Deadline reminders go out with the others (``cchc remind``, the worker's daily run).
"""

from __future__ import annotations

import json
from pathlib import Path

from cchc.core.subcommands import SubcommandCommand, add_format, first_or_fail


class Command(SubcommandCommand):
    help = "PAR INDEX of the province's units: print a campaign's ranking, write the template."

    def add_subcommands(self, sub):
        results = sub.add_parser("results", help="The ranking of a campaign per block")
        results.add_argument("--campaign", required=True, type=int, help="campaign id")
        out_help = "output file (xlsx/docx; json/table print)"
        add_format(results, "json table xlsx docx", default="table", out="", out_help=out_help)
        province = sub.add_parser("province", help="The province's own index against its targets")
        province.add_argument("--campaign", required=True, type=int, help="province campaign id")
        add_format(province, "json table", default="table")
        template = sub.add_parser("template", help="Write the empty criteria-set XLSX template")
        template.add_argument("--out", default="bo-chi-so-mau.xlsx")

    def template(self, opts):
        from cchc.parindex.setloader import template_xlsx

        Path(opts["out"]).write_bytes(template_xlsx())
        self.stdout.write(opts["out"])

    def results(self, opts):
        from cchc.parindex import documents, exports
        from cchc.parindex.models import Campaign
        from cchc.parindex.queries import results_snapshot
        from cchc.parindex.results import campaign_results

        campaign = first_or_fail(
            Campaign.objects.select_related("province").filter(pk=opts["campaign"]),
            f"Không có đợt đánh giá số {opts['campaign']}.",
        )
        fmt = opts["format"]
        if fmt == "json":
            self.stdout.write(json.dumps(results_snapshot(campaign), ensure_ascii=False, indent=2))
            return
        res = campaign_results(campaign)
        if fmt in {"xlsx", "docx"}:
            data = exports.results_xlsx(res) if fmt == "xlsx" else documents.results_docx(res)
            self.write_output(Path(opts["out"] or f"chi-so-cchc-{campaign.year}-{campaign.pk}.{fmt}"), data)
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

    def province(self, opts):
        from cchc.parindex.province_models import ProvinceCampaign
        from cchc.parindex.province_queries import table

        campaign = first_or_fail(
            ProvinceCampaign.objects.select_related("province", "source_plan").filter(pk=opts["campaign"]),
            f"Không có theo dõi Chỉ số CCHC của tỉnh số {opts['campaign']}.",
        )
        t = table(campaign)

        def s(v):
            return None if v is None else format(v.normalize(), "f")

        rows = [
            {
                "code": r.c.code,
                "title": r.c.title,
                "max_points": s(r.c.max_points),
                "baseline": s(r.c.baseline),
                "target": s(r.c.target),
                "gap": s(r.gain),
                "self": s(r.self_value),
                "announced": s(r.announced),
                "vs_target": s(r.vs_target),
                "below_target": r.below,
                "lead": r.c.lead_unit.name if r.c.lead_unit else r.c.lead_text,
            }
            for r in t.rows
        ]
        if opts["format"] == "json":
            out = {
                "campaign": campaign.pk,
                "title": campaign.title,
                "year": campaign.year,
                "province": campaign.province.name,
                "plan": campaign.source_plan.number if campaign.source_plan else None,
                "method": {
                    "title": campaign.method_title,
                    "version": campaign.method_version,
                    "source": campaign.method_source,
                    "confidence": campaign.method_confidence,
                },
                "totals": {k: s(v) if hasattr(v, "normalize") else v for k, v in t.totals.items()},
                "criteria": rows,
            }
            self.stdout.write(json.dumps(out, ensure_ascii=False, indent=2))
            return
        y = campaign.year
        self.stdout.write(f"{campaign.title}: {len(rows)} tiêu chí")
        self.stdout.write(
            f"{'Mã':<7} {'Tối đa':>7} {f'Năm {y - 1}':>9} {f'MT {y}':>8} {'Cần tăng':>9} "
            f"{'Tự ĐG':>7} {'Công bố':>8} {'So MT':>7}  Tiêu chí"
        )
        for r in rows:
            self.stdout.write(
                f"{r['code']:<7} {r['max_points'] or '-':>7} {r['baseline'] or '-':>9} {r['target'] or '-':>8} "
                f"{r['gap'] or '-':>9} {r['self'] or '-':>7} {r['announced'] or '-':>8} {r['vs_target'] or '-':>7}"
                f"  {r['title'][:70]}"
            )
        tot = t.totals
        self.stdout.write(
            f"{'Tổng':<7} {s(tot['max_points']) or '-':>7} {s(tot['baseline']) or '-':>9} "
            f"{s(tot['target']) or '-':>8} {s(tot.get('gain')) or '-':>9} {s(tot['self_value']) or '-':>7} "
            f"{s(tot['announced']) or '-':>8} {s(tot.get('vs_target')) or '-':>7}"
        )
