"""``cchc import-plan FILE [--json OUT|-] [--province NAME_OR_CODE] [--commit]``."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from cchc.accounts.policy import PolicyError
from cchc.core.errors import DomainError
from cchc.orgs.models import OrgUnit
from cchc.plans.actions import do_commit_plan, parse_upload
from cchc.plans.messages import ImportRefused, too_large
from cchc.plans.resolution import find_province, guess_province, mention_counts


def _english(exc: Exception) -> str:
    return getattr(exc, "english", "") or str(getattr(exc, "message", "") or exc)


def unknown_province_hint(province: str) -> str:
    """One line that says what to run when the province is not in the database."""
    known = list(
        OrgUnit.objects.filter(level="province").order_by("code").values_list("code", flat=True)[:12]
    )
    if not known:
        return (
            f"unknown province: {province}: the database has no org tree yet; load the shipped trees "
            "with `cchc load-orgs` (or your own with `cchc import-orgs UNITS.csv --groups GROUPS.csv`)"
        )
    return (
        f"unknown province: {province}: known provinces are {', '.join(known)}; load its org tree with "
        "`cchc import-orgs UNITS.csv --groups GROUPS.csv` (or `cchc load-orgs` for the shipped trees)"
    )


class Command(BaseCommand):
    help = (
        "Read a plan document (text, DOCX, XLSX, PDF), print a summary, optionally write the "
        "cchc.plan/1 JSON and create the plan in the database (one transaction)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--json", dest="json_out", default=None, help="write the JSON to OUT ('-' = stdout)"
        )
        parser.add_argument("--province", default=None, help="province code (HP) or name ('Hải Phòng')")
        parser.add_argument("--owner", default=None, help="code of the issuing unit when not the province")
        parser.add_argument("--commit", action="store_true", help="create the plan in the database")
        parser.add_argument("--replace", action="store_true", help="replace a plan with the same number")

    def handle(self, *args, file, json_out, province, owner, commit, replace, **opts):
        # the summary goes to stderr when stdout carries the JSON
        out = self.stderr if json_out == "-" else self.stdout
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"no such file: {file}")
        size = os.path.getsize(path)
        limit = settings.CCHC_MAX_UPLOAD_BYTES
        if size > limit:
            raise CommandError(too_large(size, limit).english)
        data = path.read_bytes()

        prov = owner_unit = None
        guessed = False
        try:
            if province:
                prov = find_province(province)
                if prov is None:
                    raise CommandError(unknown_province_hint(province))
            if owner:
                owner_unit = OrgUnit.objects.filter(code=owner).first()
                if owner_unit is None:
                    raise CommandError(f"unknown unit code: {owner}")
                prov = prov or owner_unit.province_root
        except DatabaseError:
            raise CommandError("the database is not ready (run `cchc migrate` or `cchc demo`)") from None

        try:
            parsed = parse_upload(data, path.name, prov, owner_unit=owner_unit)
            if prov is None:
                try:
                    prov, owner_unit = guess_province(parsed.interchange)
                except DatabaseError:
                    prov = None
                if prov is not None:
                    guessed = True
                    parsed = parse_upload(data, path.name, prov, owner_unit=owner_unit)
        except ImportRefused as exc:
            raise CommandError(_english(exc)) from None

        d = parsed.interchange
        if guessed:
            where = f"{prov.name} ({prov.code})" + (f", issued by {owner_unit.name}" if owner_unit else "")
            out.write(f"province guessed from the document's issuer: {where}")
        elif prov is None:
            out.write("province unknown: unit mentions were not resolved (use --province)")
        self._summary(out, d)

        if json_out:
            text = json.dumps(d, ensure_ascii=False, indent=2)
            if json_out == "-":
                self.stdout.write(text)
            else:
                Path(json_out).write_text(text + "\n", encoding="utf-8")
                out.write(f"JSON written to {json_out}")

        if commit:
            if prov is None:
                raise CommandError("cannot commit without a province: pass --province")
            try:
                plan = do_commit_plan(
                    actor=None,
                    interchange=d,
                    province=prov,
                    owner_unit=owner_unit,
                    source_name=path.name,
                    source_format=parsed.source_format,
                    replace=replace,
                )
            except (DomainError, PolicyError) as exc:
                raise CommandError(_english(exc)) from None
            out.write(f"created plan #{plan.pk} with {plan.tasks.count()} tasks")

    def _summary(self, out, d: dict) -> None:
        doc = d.get("document") or {}
        resolved, unresolved = mention_counts(d)
        out.write(f"document: {doc.get('number') or '(no number)'} · {doc.get('date') or '(no date)'}")
        out.write(f"title:    {doc.get('title') or ''}")
        period = f"{doc.get('period_start') or '?'}–{doc.get('period_end') or '?'}"
        out.write(
            f"kind:     {doc.get('kind') or '?'} · issuer: {doc.get('issuer') or '?'} · period {period}"
        )
        out.write(
            f"areas: {len(d.get('areas') or [])} · targets: {len(d.get('targets') or [])} · "
            f"tasks: {len(d.get('tasks') or [])} · index criteria: {len(d.get('index_criteria') or [])} · "
            f"survey targets: {len(d.get('survey_targets') or [])}"
        )
        distinct = len(d.get("unresolved") or [])
        out.write(f"unit mentions: {resolved} resolved, {unresolved} unresolved ({distinct} distinct)")
        for text in (d.get("unresolved") or [])[:5]:
            out.write(f"  unresolved: {text}")
        warnings = d.get("warnings") or []
        out.write(f"warnings: {len(warnings)}")
        for w in warnings[:5]:
            line = f"line {w.get('line')}: " if w.get("line") else ""
            out.write(f"  {line}{w.get('message')}")
        cov = d.get("coverage")
        if cov is not None:
            out.write(f"coverage: {float(cov) * 100:.1f}%")
        self._report(out, d.get("report") or {})
        sys.stdout.flush()

    def _report(self, out, r: dict) -> None:
        """The import report: tasks per area and origin, layout found, where every line went,
        and every line not understood with its text (the JSON has the same under "report")."""
        if not r:
            return
        out.write("tasks per area:")
        for a in r.get("areas") or []:
            out.write(f"  {a['code']:>6}  {a['tasks']:>4}  {a['title']}")
        if r.get("tasks_without_area"):
            out.write(f"  {'-':>6}  {r['tasks_without_area']:>4}  (no area)")
        origins = r.get("origins") or {}
        if origins:
            out.write("tasks by origin: " + ", ".join(f"{k} {v}" for k, v in sorted(origins.items())))
        for note in r.get("layout") or []:
            out.write(f"layout: {note}")
        lines = r.get("lines") or {}
        if lines:
            out.write(
                f"lines: {lines.get('total')} in the file: {lines.get('read')} read, "
                f"{lines.get('not_understood')} not understood, {lines.get('layout')} layout only, "
                f"{lines.get('blank')} blank"
            )
        unread = r.get("not_understood") or []
        out.write(f"not understood: {len(unread)} line(s)")
        for item in unread:
            span = item["line"] if item["line"] == item["line_end"] else f"{item['line']}-{item['line_end']}"
            out.write(f"  line {span} ({item['why']}): {item['text']}")
