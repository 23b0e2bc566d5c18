"""``cchc survey results --round ID [--format json|table]``, ``cchc survey load FILE.xlsx`` and
``cchc survey import --round ID FILE [--source paper|limesurvey|kobo]``."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import CommandError

from cchc.core.errors import DomainError
from cchc.core.subcommands import SubcommandCommand, add_format, first_or_fail


class Command(SubcommandCommand):
    help = "Citizen satisfaction surveys: results of a round, load a questionnaire, import responses."

    def add_subcommands(self, sub):
        res = sub.add_parser("results", help="Print a round's indices per unit")
        res.add_argument("--round", type=int, required=True, dest="round_id")
        add_format(res, "json table", default="table")
        res.add_argument("--refresh", action="store_true", help="recompute the results first")
        load = sub.add_parser("load", help="Load a questionnaire workbook (XLSX)")
        load.add_argument("file")
        imp = sub.add_parser("import", help="Import external responses (CSV/XLSX) into a round")
        imp.add_argument("file")
        imp.add_argument("--round", type=int, required=True, dest="round_id")
        imp.add_argument("--source", choices=["paper", "limesurvey", "kobo"], default="paper")

    def handle(self, *args, **opts):
        from cchc.surveys.models import SurveyRound

        try:
            if opts["action"] == "load":
                from cchc.surveys.actions import do_load_questionnaire

                path = Path(opts["file"])
                q = do_load_questionnaire(data=path.read_bytes(), filename=path.name, actor=None)
                self.stdout.write(f"{q.code} v{q.version}: {q.title} (id {q.pk})")
                return
            rnd = first_or_fail(
                SurveyRound.objects.select_related("questionnaire", "province").filter(pk=opts["round_id"]),
                f"Không có đợt khảo sát số {opts['round_id']}.",
            )
            if opts["action"] == "import":
                from cchc.surveys.importing import do_import_responses

                path = Path(opts["file"])
                batch = do_import_responses(
                    round=rnd, data=path.read_bytes(), filename=path.name, source=opts["source"], actor=None
                )
                self.stdout.write(f"Đã nhập {batch.rows} phiếu.")
                return
            return self.results(rnd, opts)
        except DomainError as exc:
            for d in exc.details[:50]:
                self.stderr.write(f"  {d}")
            raise CommandError(str(exc.message)) from None
        except OSError as exc:
            raise CommandError(str(exc)) from None

    def results(self, rnd, opts):
        from cchc.surveys.queries import results_snapshot
        from cchc.surveys.results import do_refresh_results

        if opts["refresh"] or rnd.results_at is None:
            do_refresh_results(round=rnd, actor=None)
        snap = results_snapshot(rnd)
        if opts["format"] == "json":
            self.stdout.write(json.dumps(snap, ensure_ascii=False, indent=2))
            return
        primary = snap["questionnaire"]["primary_index"]
        self.stdout.write(
            f"{snap['round']['title']} ({snap['round']['status']}), chỉ số chung: {snap['total']['overall']}"
        )
        for u in snap["units"]:
            i = u["indices"].get(primary, {})
            self.stdout.write(
                f"  {u['unit_name']:<50} {u['responses']:>5} phiếu  {i.get('value') or '—':>7}"
                f"  [{i.get('ci_low') or '—'}–{i.get('ci_high') or '—'}]  mục tiêu {i.get('target') or '—'}"
                + (f"  {u['sample_note']}" if u.get("sample_note") else "")
            )
