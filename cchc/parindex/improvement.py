"""The improvement plan draft: lost points → a ``cchc.plan/1`` interchange → the plans preview.

One task per criterion where appraised units lost points (lead: the units that lost the points;
support: the criterion's lead as written in the set, e.g. "Sở Nội vụ"), grouped by lĩnh vực,
due by the end of the third quarter of the next year (before the next self-assessment). The
draft waits as a pending ``plans.PlanImport``: the standing agency edits and commits it in the
plans preview, as for an uploaded plan, so nothing is created without review.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from cchc.accounts import policy
from cchc.accounts.policy import Forbidden
from cchc.audit.models import AuditAction
from cchc.audit.recording import record
from cchc.core.errors import DomainError
from cchc.domain.planparse.structure import standard_area
from cchc.domain.vnformat import format_number
from cchc.parindex.models import Campaign, Criterion
from cchc.parindex.results import campaign_results


def _unit_mention(unit) -> dict:
    """A mention already resolved to the unit (no guessing from its name in the preview)."""
    return {
        "text": unit.name,
        "unit": unit.name,
        "unit_code": unit.code,
        "group": None,
        "group_key": None,
        "confidence": 1.0,
        "vague": False,
    }


def improvement_interchange(campaign: Campaign) -> dict:
    res = campaign_results(campaign)
    year = campaign.year + 1
    due = dt.date(year, 9, 30)
    lost: dict[tuple, dict] = {}  # one task per criterion (code, title), across the blocks' sets
    for rows in res.blocks.values():
        for r in rows:
            if r.provisional:
                continue
            for c, points in r.lost:
                item = lost.setdefault((c.code, c.title), {"criterion": c, "units": [], "points": Decimal(0)})
                item["units"].append(r.unit)
                item["points"] += points
    area_of = {
        c.pk: c
        for c in Criterion.objects.filter(pk__in=[i["criterion"].pk for i in lost.values()]).select_related(
            "parent", "parent__parent"
        )
    }
    areas: dict[str, dict] = {}
    tasks = []
    for n, item in enumerate(sorted(lost.values(), key=lambda i: i["criterion"].order), 1):
        c = area_of[item["criterion"].pk]
        top = c
        while top.parent is not None:
            top = top.parent
        areas.setdefault(
            top.code, {"code": top.code, "title": top.title, "standard_area": standard_area(top.title)}
        )
        lead = c.lead_text or (c.parent.lead_text if c.parent else "") or top.lead_text
        units = item["units"]
        tasks.append(
            {
                "area": top.code,
                "objective": None,
                "parent": f"{c.code}. {c.title}",
                "title": _("Khắc phục tiêu chí %(code)s “%(title)s”: %(n)s đơn vị mất tổng %(points)s điểm")
                % {
                    "code": c.code,
                    "title": c.title[:120],
                    "n": len(units),
                    "points": format_number(item["points"], 2),
                },
                "outputs": [_("Báo cáo kết quả khắc phục")],
                # the units that lost the points lead their own fix; the criterion's lead (as
                # written in the set, e.g. Sở Nội vụ) supports them
                "lead": [_unit_mention(u) for u in units],
                "support": [{"text": lead}] if lead else [],
                "timeframe": {
                    "text": f"Quý III/{year}",
                    "start_year": year,
                    "end_year": year,
                    "due_date": due.isoformat(),
                },
                "note": ", ".join(u.name for u in units),
                "source": {"line_start": n, "line_end": n},
            }
        )
    return {
        "format": "cchc.plan/1",
        "document": {
            "number": None,
            "kind": "plan",
            "issuer": _("Ủy ban nhân dân %(p)s")
            % {"p": campaign.province.name[:1].lower() + campaign.province.name[1:]},
            "place": campaign.province.short_name or campaign.province.name,
            "date": None,
            "signer": "",
            "title": _("Khắc phục các tiêu chí bị mất điểm, nâng cao Chỉ số CCHC năm %(year)s")
            % {"year": year},
            "period_start": year,
            "period_end": year,
        },
        "areas": list(areas.values()),
        "targets": [],
        "tasks": tasks,
        "index_criteria": [],
        "survey_targets": [],
        "warnings": [],
        "coverage": 1.0,
        "unresolved": [],
    }


def do_draft_improvement_plan(*, actor, campaign: Campaign):
    """A pending plan import (the preview) holding the improvement plan draft."""
    from cchc.plans.models import PlanImport

    if not policy.can_manage_par(actor, campaign.province_id):
        raise Forbidden(_("Chỉ cơ quan thường trực CCHC được lập kế hoạch khắc phục."))
    from cchc.plans.resolution import apply_resolution, org_index

    interchange = improvement_interchange(campaign)
    # resolve the supporting leads now, so the preview's counters are those of the commit
    apply_resolution(interchange, org_index(campaign.province, dt.date(campaign.year + 1, 1, 1)))
    if not interchange["tasks"]:
        raise DomainError(_("Chưa có đơn vị nào được thẩm định bị mất điểm."), code="nothing_lost")
    with transaction.atomic():
        imp = PlanImport.objects.create(
            province=campaign.province,
            source_name=f"chi-so-cchc-{campaign.year}-khac-phuc",
            source_format="parindex",
            interchange=interchange,
            uploaded_by=actor if getattr(actor, "pk", None) else None,
        )
        record(
            actor=actor,
            action=AuditAction.CREATE,
            instance=imp,
            changes={"source_name": [None, imp.source_name], "tasks": [None, len(interchange["tasks"])]},
            unit=campaign.province,
        )
    return imp
