"""Pre-filling a unit report from the system's data: narrative per area and the annex figures."""

from __future__ import annotations

from collections import defaultdict

from django.utils.translation import gettext as _

from cchc.domain.text import fold
from cchc.domain.vnformat import format_date
from cchc.reporting import sources
from cchc.reporting.annex import AREA_KEYS, FIELDS, FUNDING_KEY
from cchc.reporting.funding import unit_funding

_AREA_WORDS = [
    ("institutions", "the che"),
    ("procedures", "thu tuc"),
    ("organisation", "to chuc bo may"),
    ("civil_service", "cong vu"),
    ("public_finance", "tai chinh cong"),
    ("digital_government", "chinh quyen dien tu"),
    ("digital_government", "chinh quyen so"),
    ("impact", "tac dong"),
    ("direction", "chi dao"),
]


def area_key(area) -> str:
    """The standard area of a plan's section (its ``standard_area``, else guessed from the title)."""
    if area is None:
        return "direction"
    if getattr(area, "standard_area", "") in AREA_KEYS:
        return area.standard_area
    title = fold(area.title)
    for key, words in _AREA_WORDS:
        if words in title:
            return key
    return "direction"


def _title(task) -> str:
    """The task's title without the list mark it was imported with ("- Rà soát …")."""
    return str(task.title).strip().lstrip("-–—•+* ").strip()


def _d(value) -> str:
    return format_date(value) if value else "—"


IN_PROGRESS_STATES = {"open", "at_risk", "waiting_event"}


def task_counts(rows, continuing=()) -> dict[str, int]:
    """The task figures of the annex: ``rows`` are due in the period (``sources.report_set``),
    ``continuing`` the multi-year and continuous work under way."""
    return {
        "tasks_due": len(rows),
        "tasks_done": sum(1 for r in rows if r.state in sources.DONE_STATES),
        "tasks_done_late": sum(1 for r in rows if r.state == "done_late"),
        "tasks_overdue": sum(1 for r in rows if r.state == "overdue"),
        "tasks_in_progress": sum(1 for r in rows if r.state in IN_PROGRESS_STATES),
        "tasks_continuing": len(continuing),
    }


def span_text(info) -> str:
    span_from, span_to = info.span
    return f"{_d(span_from)}–{_d(span_to)}"


def system_figures(*, unit, plan, info) -> dict[str, dict]:
    """``{key: {"system": n, "source": text}}`` for the annex fields the system computes."""
    rs = sources.report_set(sources.task_rows(plan=plan, unit=unit, as_of=info.as_of), info)
    window = f"{_d(info.data_from)}–{_d(info.data_to)}"
    scope = _("Kế hoạch %(plan)s") % {"plan": plan.number} if plan is not None else _("mọi kế hoạch")
    src = _("Hệ thống theo dõi nhiệm vụ: nhiệm vụ có hạn trong %(window)s, %(scope)s, số liệu đến %(to)s") % {
        "window": span_text(info),
        "scope": scope,
        "to": _d(info.as_of),
    }
    out = {k: {"system": v, "source": src} for k, v in task_counts(rs.due, rs.continuing).items()}
    out.update(platform_figures(unit=unit, info=info))
    out["plans_issued"] = {
        "system": sources.plans_issued(unit, info.data_from, info.data_to),
        "source": _("Kế hoạch do đơn vị ban hành đã nhập vào hệ thống, ngày ban hành trong %(window)s")
        % {"window": window},
    }
    return out


def months_text(info) -> str:
    """ "tháng 1–12/2022": the calendar months dossier statistics are counted over."""
    span_from, span_to = info.span
    if span_from.month == span_to.month:
        return _("tháng %(m)s/%(y)s") % {"m": span_from.month, "y": span_from.year}
    return _("tháng %(a)s–%(b)s/%(y)s") % {"a": span_from.month, "b": span_to.month, "y": span_to.year}


_UNSET = object()


def platform_figures(*, unit, info, province_wide: bool = False, counts=_UNSET) -> dict[str, dict]:
    """The annex figures the platform measures outside tracking, for ``unit`` (the unit and
    the units under it) or, with ``province_wide``, for ``unit`` as the whole province:

    - one-stop dossiers, online payments, digitised dossiers: the dossier statistics
      (indicators app) over the period's calendar months;
    - inspections: oversight's recorded CCHC inspections of the period's year(s) in the
      programmes the unit organises: the province's programme for the consolidation and for the
      province's standing agency (which conducts it), a unit's own programme over its
      subordinate units for that unit.

    PAKN has no platform source yet: units type it. ``counts``: the dossier statistics of the
    unit (:func:`sources.dossier_counts`) when the caller has them already."""
    out: dict[str, dict] = {}
    if counts is _UNSET:
        counts = sources.dossier_counts(sources.unit_subtree_ids(unit), info.code)
    figures = sources.dossier_figures_of(counts)
    if figures:
        src = _("Thống kê hồ sơ một cửa trên hệ thống, %(months)s, %(scope)s") % {
            "months": months_text(info),
            "scope": unit.name if not province_wide else _("toàn tỉnh"),
        }
        out.update({k: {"system": v, "source": src} for k, v in figures.items()})
    organiser = unit if province_wide else (unit.province_root if unit.is_standing_agency else unit)
    if organiser is not None:
        span_from, span_to = info.span
        insp = sources.inspection_figures(organiser, span_from, span_to)
        if insp is not None:
            src = _("Kế hoạch và kết quả kiểm tra CCHC ghi nhận trên hệ thống, %(from)s–%(to)s") % {
                "from": _d(span_from),
                "to": _d(span_to),
            }
            out.update({k: {"system": v, "source": src} for k, v in insp.items()})
    return out


def refresh_system(annex: dict, system: dict[str, dict]) -> dict[str, dict]:
    """A saved annex with today's platform figures: the values and reasons typed are kept,
    ``system``/``source`` are the platform's now (the edit page and the override rule use them)."""
    fresh = empty_annex(system)
    for key, cell in fresh.items():
        old = (annex or {}).get(key) or {}
        if "value" in old:
            cell["value"] = old.get("value")
            cell["reason"] = old.get("reason", "")
    return fresh


def empty_annex(system: dict[str, dict]) -> dict[str, dict]:
    annex = {}
    for f in FIELDS:
        cell = system.get(f.key)
        annex[f.key] = {
            "value": cell["system"] if cell else None,
            "system": cell["system"] if cell else None,
            "source": cell["source"] if cell else "",
            "reason": "",
        }
    return annex


def _pending_line(r) -> str:
    """A task not done yet, as a line of the narrative: its title, due date and progress."""
    due = _("(hạn %(due)s, tiến độ %(p)s%%)") % {"due": _d(r.due_date), "p": f"{r.percent:.0f}"}
    return "- " + _title(r.task) + " " + due


def narrative(*, unit, plan, info) -> dict[str, str]:
    """Per area, over the report's set (:func:`sources.report_set`, the same rows as the annex
    and the province's tables): what was done (with evidence), what is late and why, what is
    still under way (due later in the period or continuing multi-year work)."""
    rs = sources.report_set(sources.task_rows(plan=plan, unit=unit, as_of=info.as_of), info)
    done, late, ongoing = defaultdict(list), defaultdict(list), defaultdict(list)
    for r in rs.rows:
        key = area_key(r.area)
        if r.state in sources.DONE_STATES:
            ev = "; ".join(
                " ".join(x for x in (num, _("ngày %(d)s") % {"d": _d(d)} if d else "", issuer) if x)
                for num, d, issuer in r.evidence
            )
            line = "- " + _title(r.task)
            if ev:
                line += " " + _("(kiểm chứng: %(ev)s)") % {"ev": ev}
            done[key].append(line)
        elif r.state == "overdue":
            line = _pending_line(r)
            if r.narrative:
                line += ": " + r.narrative.strip()
            late[key].append(line)
        elif r.state != "cancelled":
            ongoing[key].append(_pending_line(r))
    out = {}
    for key in AREA_KEYS:
        parts = []
        if done[key]:
            parts.append(_("Kết quả đạt được:") + "\n" + "\n".join(done[key]))
        if late[key]:
            parts.append(_("Nhiệm vụ chậm tiến độ, nguyên nhân:") + "\n" + "\n".join(late[key]))
        if ongoing[key]:
            parts.append(_("Nhiệm vụ đang tiếp tục thực hiện:") + "\n" + "\n".join(ongoing[key]))
        out[key] = "\n".join(parts)
    out[FUNDING_KEY] = unit_funding(unit=unit, plan=plan, info=info).text()
    return out
