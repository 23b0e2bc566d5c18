"""Import of external responses (paper entry, LimeSurvey, KoboToolbox/ODK) onto a round's
questionnaire: every row is checked like a web response; one bad row and nothing is stored.

Columns (first row): the unit (``ma_don_vi`` / ``don_vi`` / ``unit``: code or name of a surveyed
unit), an optional external id (``_id``, ``id``, ``response_id``, ``ma_phieu``), and one column per
question name. KoboToolbox group paths (``tiep_can/tc1``) keep their last part; a multiple choice
may be one column of space-separated choices or one column per choice (``uu_tien/rut_ngan`` or
LimeSurvey's ``uu_tien[rut_ngan]``) holding 1/Y/yes/x. Metadata columns (``_submission_time``,
``start``, ``submitdate``, ``ipaddr`` …) are ignored and never stored.
"""

from __future__ import annotations

import re

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.accounts import policy
from cchc.accounts.policy import Forbidden
from cchc.audit.models import AuditAction
from cchc.audit.recording import record, snapshot
from cchc.core.errors import DomainError
from cchc.domain.surveys import check_answers
from cchc.domain.surveys.workbook import WorkbookError, read_table
from cchc.domain.text import fold
from cchc.surveys.intake import _answer_rows
from cchc.surveys.messages import answer_problem, workbook_problem
from cchc.surveys.models import Channel, ImportBatch, Response, RoundStatus, RoundUnit

UNIT_COLUMNS = {"ma_don_vi", "don_vi", "unit", "unit_code", "ma_dv"}
ID_COLUMNS = {"_id", "id", "response_id", "ma_phieu", "_uuid"}
META = {
    "start",
    "end",
    "today",
    "deviceid",
    "submitdate",
    "lastpage",
    "startlanguage",
    "seed",
    "startdate",
    "datestamp",
    "ipaddr",
    "refurl",
    "token",
    "interviewtime",
    "meta/instanceid",
    "instanceid",
}
TRUE = {"1", "y", "yes", "x", "true", "có", "co"}
MAX_PROBLEMS = 200


def _text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v).strip()


def _plan_columns(header: list[str], q) -> tuple[dict, list[str]]:
    """column index -> ("unit"|"id"|"q", name[, choice]); and header problems."""
    plan, problems = {}, []
    for i, raw in enumerate(header):
        h = _text(raw)
        key = h.lower()
        if not h:
            continue
        if key in UNIT_COLUMNS:
            plan[i] = ("unit",)
            continue
        if key in ID_COLUMNS:
            plan[i] = ("id",)
            continue
        if key.startswith("_") or key in META:
            continue
        m = re.match(r"^(.+)\[(.+)\]$", h)  # LimeSurvey: question[choice]
        parts = [m.group(1), m.group(2)] if m else h.split("/")
        name = parts[-1]
        if name in q.questions:
            plan[i] = ("q", name)
            continue
        if len(parts) >= 2 and parts[-2] in q.questions and q.questions[parts[-2]].type == "select_multiple":
            plan[i] = ("choice", parts[-2], parts[-1])
            continue
        problems.append(_("Cột “%(col)s” không phải câu hỏi của phiếu.") % {"col": h[:64]})
    if ("unit",) not in plan.values():
        problems.append(_("Thiếu cột đơn vị (ma_don_vi hoặc don_vi)."))
    return plan, problems


def do_import_responses(*, round, data: bytes, filename: str, source: str, actor) -> ImportBatch:
    rnd = round
    if not policy.can_manage_survey_round(actor, rnd.province):
        raise Forbidden
    if rnd.status == RoundStatus.CLOSED:
        raise DomainError(_("Đợt khảo sát đã kết thúc, không nhập thêm phiếu."), code="closed")
    try:
        rows = read_table(data, filename)
    except WorkbookError as exc:
        raise DomainError(workbook_problem(exc), code="unreadable") from None
    rows = [r for r in rows if any(_text(c) for c in r)]
    if len(rows) < 2:
        raise DomainError(_("Tệp không có phiếu nào (dòng đầu là tên cột)."))
    q = rnd.questionnaire.parsed
    plan, problems = _plan_columns(list(rows[0]), q)
    if problems:
        raise DomainError(_("Tệp chưa khớp với phiếu khảo sát."), details=problems)
    units = list(RoundUnit.objects.filter(round=rnd).select_related("unit"))
    by_code = {ru.unit.code.lower(): ru for ru in units}
    by_name = {fold(ru.unit.name): ru for ru in units}
    existing = set(
        Response.objects.filter(round_unit__round=rnd)
        .exclude(external_id="")
        .values_list("external_id", flat=True)
    )
    seen: set[str] = set()
    prepared = []
    for line, row in enumerate(rows[1:], start=2):
        raw: dict = {}
        unit_text = external = ""
        for i, spec in plan.items():
            value = _text(row[i]) if i < len(row) else ""
            if spec[0] == "unit":
                unit_text = value
            elif spec[0] == "id":
                external = value[:64]
            elif spec[0] == "q":
                if value:
                    raw[spec[1]] = value.split() if q.questions[spec[1]].type == "select_multiple" else value
            elif value.lower() in TRUE:
                raw.setdefault(spec[1], []).append(spec[2])
        ru = by_code.get(unit_text.lower()) or by_name.get(fold(unit_text))
        row_problems = []
        if ru is None:
            row_problems.append(_("đơn vị “%(u)s” không thuộc đợt khảo sát") % {"u": unit_text[:80]})
        if external:
            if external in seen or external in existing:
                row_problems.append(_("mã phiếu %(id)s bị trùng") % {"id": external})
            seen.add(external)
        checked = check_answers(q, raw)
        row_problems += [
            answer_problem(p, getattr(q.questions.get(p.question), "label", "")) for p in checked.problems
        ]
        if row_problems:
            problems.append(_("Dòng %(line)s: %(what)s") % {"line": line, "what": "; ".join(row_problems)})
            if len(problems) >= MAX_PROBLEMS:
                break
            continue
        prepared.append((ru, external, checked.answers))
    if problems:
        raise DomainError(
            _("Có %(n)s dòng lỗi; chưa nhập phiếu nào.") % {"n": len(problems)},
            code="invalid",
            details=problems,
        )
    now = timezone.now()
    with transaction.atomic():
        batch = ImportBatch.objects.create(
            round=rnd,
            source=source[:32],
            file_name=filename[:255],
            rows=len(prepared),
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        responses = Response.objects.bulk_create(
            [
                Response(
                    round_unit=ru,
                    channel=Channel.IMPORT,
                    import_batch=batch,
                    external_id=ext,
                    submitted_at=now,
                )
                for ru, ext, _a in prepared
            ],
            batch_size=1000,
        )
        answers = []
        for response, (_ru, _ext, a) in zip(responses, prepared, strict=True):
            answers.extend(_answer_rows(response, a))
        from cchc.surveys.models import Answer

        Answer.objects.bulk_create(answers, batch_size=5000)
        record(
            actor=actor, action=AuditAction.CREATE, instance=batch, after=snapshot(batch), unit=rnd.province
        )
    from cchc.surveys.results import do_refresh_results

    do_refresh_results(round=rnd, actor=actor)
    return batch
