"""The bulk scoring page: a whole lĩnh vực (or the sheet) in one form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from cchc.accounts import policy
from cchc.core.errors import DomainError
from cchc.parindex import bulk, queries
from cchc.parindex.models import SheetStatus
from cchc.parindex.views import _fail


@login_required
def sheet_bulk(request, sheet_id):
    """One form for a whole lĩnh vực (``?linh-vuc=<code>``) or the whole sheet: the unit's
    self-scores while the sheet is a draft, or the council's scores of the open round. A refused
    save shows every typed value again with its error beside the field (nothing saved)."""
    sheet = queries.access_sheet(request.user, sheet_id)
    user = request.user
    rnd = None
    if policy.can_self_score(user, sheet) and sheet.status == SheetStatus.DRAFT:
        mode = "self"
    elif policy.is_par_council(user, sheet.campaign) and sheet.status in {
        SheetStatus.SUBMITTED,
        SheetStatus.ROUND1,
        SheetStatus.EXPLAINED,
    }:
        mode, rnd = "appraise", 1 if sheet.status == SheetStatus.SUBMITTED else 2
    else:
        raise PermissionDenied
    area = (request.GET.get("linh-vuc") or "").strip()
    rows = [
        r
        for r in queries.visible_scores(user, sheet)
        if not r["criterion"].survey
        and (not area or r["criterion"].code == area or r["criterion"].code.startswith(area + "."))
    ]
    areas = {c.code: c for c in sheet.criteria_set.criteria.filter(depth=1)}
    if area and area not in areas:
        raise Http404
    errors: dict[int, str] = {}
    typed: dict[int, dict] = {}
    status = 200
    if request.method == "POST":
        p = request.POST
        entries = []
        for r in rows:
            sid = r["score"].pk
            typed[sid] = {
                "points": p.get(f"points-{sid}", ""),
                "note": p.get(f"note-{sid}", ""),
                "override_reason": p.get(f"override-{sid}", ""),
            }
            entries.append(
                {
                    "score_id": sid,
                    "points": typed[sid]["points"],
                    "note": typed[sid]["note"],
                    "comment": typed[sid]["note"],
                    "override_reason": typed[sid]["override_reason"],
                    "version": p.get(f"version-{sid}", ""),
                }
            )
        try:
            n = bulk.do_save_scores(actor=user, sheet=sheet, entries=entries, round=rnd)
        except bulk.ScoreErrors as exc:
            errors = exc.fields
            messages.error(request, exc.message)
            status = 400
        except DomainError as exc:
            _fail(request, exc)
            status = 400
        else:
            messages.success(request, _("Đã lưu %(n)s điểm.") % {"n": n})
            anchor = f"#row-{area}" if area else ""
            return redirect(reverse("parindex:sheet_detail", args=[sheet.pk]) + anchor)
    first_error = next((r["score"].pk for r in rows if r["score"].pk in errors), None)
    items = []
    for r in rows:
        s = r["score"]
        if s.pk in typed:
            values = typed[s.pk]
        elif mode == "self":
            values = {
                "points": _input_number(r["self_points"]),
                "note": s.self_note,
                "override_reason": s.override_reason,
            }
        else:
            mine = r[f"round{rnd}_points"]
            values = {"points": _input_number(mine), "note": r[f"round{rnd}_comment"], "override_reason": ""}
        items.append({"r": r, "s": s, "c": s.criterion, "v": values, "error": errors.get(s.pk)})
    return render(
        request,
        "parindex/sheet_bulk.html",
        {
            "sheet": sheet,
            "c": sheet.campaign,
            "mode": mode,
            "round": rnd,
            "area": areas.get(area),
            "areas": list(areas.values()),
            "items": items,
            "first_error": first_error,
            "errors": errors,
        },
        status=status,
    )


def _input_number(value) -> str:
    """A stored score as typed in a Vietnamese form (``1,5``), blank for None."""
    if value is None:
        return ""
    return f"{value.normalize():f}".replace(".", ",")
