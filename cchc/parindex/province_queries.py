"""Reads of the province's own PAR INDEX: the criteria table with last year's score, this year's
target and the gap; the gap view (criteria below target and the plan tasks addressing each).

Each page reads a fixed number of queries whatever the number of rows (the criteria in one
query, the plan's tasks with their lead units in one more).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet

from cchc.accounts import policy
from cchc.accounts.policy import grants_for, scoped_get
from cchc.domain import provindex as P
from cchc.parindex.province_models import ProvinceCampaign, ProvinceCriterion


def province_campaigns_for(user) -> QuerySet[ProvinceCampaign]:
    """Campaigns of the provinces a user reads, plus those where their unit leads a criterion."""
    g = grants_for(user)
    qs = ProvinceCampaign.objects.select_related("province", "source_plan")
    if g.is_admin:
        return qs
    readable = g.readable_unit_ids or set()
    reportable = g.reportable_unit_ids or set()
    from django.db.models import Q

    return qs.filter(Q(province_id__in=readable) | Q(criteria__lead_unit_id__in=reportable)).distinct()


def access_province_campaign(user, campaign_id) -> ProvinceCampaign:
    return scoped_get(
        ProvinceCampaign.objects.select_related("province", "source_plan"),
        campaign_id,
        check=lambda campaign: policy.can_read_province_index(user, campaign),
    )


@dataclass
class RowView:
    c: ProvinceCriterion
    gain: Decimal | None  # target − last year's score
    self_value: Decimal | None  # the self-assessment (summed rows: from their children)
    announced: Decimal | None  # the ministry's announced points (summed rows: from children)
    result: Decimal | None  # the latest known: announced, else self-assessed
    basis: str  # "announced" | "self" | "" (no result yet)
    vs_target: Decimal | None  # result − target
    below: bool | None
    tasks: list = field(default_factory=list)

    SHOWN = 5

    @property
    def tasks_shown(self) -> list:
        return self.tasks[: self.SHOWN]

    @property
    def tasks_more(self) -> int:
        return max(0, len(self.tasks) - self.SHOWN)

    @property
    def is_domain(self) -> bool:
        return self.c.depth == 1


@dataclass
class Table:
    campaign: ProvinceCampaign
    rows: list[RowView]
    totals: dict

    @property
    def below_target(self) -> list[RowView]:
        return [r for r in self.rows if r.below]


def _row(c: ProvinceCriterion) -> P.Row:
    return P.Row(c.code, c.max_points, c.baseline, c.target, c.target_comparator)


def table(campaign: ProvinceCampaign) -> Table:
    """Every criterion with last year's score, the target, the gap and the results known."""
    criteria = list(campaign.criteria.select_related("lead_unit").order_by("order"))
    rows = [_row(c) for c in criteria]
    self_values = P.values(rows, {c.code: c.self_points for c in criteria})
    announced_entered = {c.code: c.announced_points for c in criteria}
    announced = P.values(rows, announced_entered)
    for c in criteria:  # an announced total given explicitly wins over the sum of its children
        if c.announced_points is not None:
            announced[c.code] = c.announced_points
    out = []
    for c, r in zip(criteria, rows, strict=True):
        ann, own = announced.get(c.code), self_values.get(c.code)
        result, basis = (
            (ann, "announced") if ann is not None else ((own, "self") if own is not None else (None, ""))
        )
        out.append(
            RowView(
                c=c,
                gain=P.required_gain(r),
                self_value=own,
                announced=ann,
                result=result,
                basis=basis,
                vs_target=P.versus_target(r, result),
                below=P.below_target(r, result),
            )
        )
    domains = [rv for rv in out if rv.c.depth == 1]

    def total(attr: str) -> Decimal | None:
        vals = [
            getattr(rv, attr) if attr in {"self_value", "announced"} else getattr(rv.c, attr)
            for rv in domains
        ]
        return None if not vals or any(v is None for v in vals) else sum(vals, Decimal(0))

    totals = {
        "max_points": total("max_points"),
        "baseline": total("baseline"),
        "target": total("target"),
        "self_value": total("self_value"),
        "announced": total("announced"),
        "self_entered": sum(1 for c in criteria if c.self_points is not None),
        # the part the province scores itself (survey and ministry-data criteria excluded)
        "self_sum": sum(
            (c.self_points for c in criteria if c.self_points is not None and not c.summed), Decimal(0)
        ),
        "self_max": sum(
            (c.max_points for c in criteria if c.self_assessed and not c.summed and c.max_points is not None),
            Decimal(0),
        ),
        "self_needed": sum(1 for c in criteria if c.self_assessed and not c.summed),
        "announced_entered": sum(1 for c in criteria if c.announced_points is not None),
    }
    if totals["target"] is not None and totals["baseline"] is not None:
        totals["gain"] = totals["target"] - totals["baseline"]
    if totals["announced"] is not None and totals["target"] is not None:
        totals["vs_target"] = totals["announced"] - totals["target"]
    return Table(campaign=campaign, rows=out, totals=totals)


def gap_rows(campaign: ProvinceCampaign) -> tuple[Table, list[RowView], list[RowView]]:
    """(table, criteria below target, criteria still without a result below their maximum).

    Each row gets the source plan's tasks addressing it. The rule (stated on the page): tasks
    of the plan the campaign was built from, led by the criterion's lead department, in a part
    of the plan whose reform area is the criterion's lĩnh vực; without any, that department's
    tasks in the parts of the plan that name no reform area."""
    t = table(campaign)
    below = [rv for rv in t.rows if rv.below and not rv.is_domain]
    open_rows = [
        rv
        for rv in t.rows
        if rv.result is None and not rv.is_domain and not rv.c.summed and rv.gain is not None and rv.gain > 0
    ]
    _attach_tasks(campaign, below + open_rows)
    return t, below, open_rows


def _attach_tasks(campaign: ProvinceCampaign, rows: list[RowView]) -> None:
    if campaign.source_plan_id is None or not rows:
        return
    from cchc.plans.models import Task

    areas_of = {d["code"]: set(d.get("areas") or []) for d in campaign.domains}
    leads = {rv.c.lead_unit_id for rv in rows if rv.c.lead_unit_id}
    by_unit: dict[int, list] = defaultdict(list)
    tasks = (
        Task.objects.filter(
            plan_id=campaign.source_plan_id,
            assignments__role="lead",
            assignments__unit_id__in=leads,
        )
        .order_by("order")
        .values_list("pk", "title", "due_date", "area__standard_area", "assignments__unit_id")
    )
    seen: set[tuple[int, int]] = set()
    for pk, title, due, std, unit_id in tasks.distinct():
        if (unit_id, pk) not in seen:  # a yearly task has one lead assignment per year
            seen.add((unit_id, pk))
            by_unit[unit_id].append({"pk": pk, "title": title, "due_date": due, "area": std or ""})
    for rv in rows:
        wanted = areas_of.get(rv.c.domain, set())
        mine = by_unit.get(rv.c.lead_unit_id, [])
        # the lead's tasks in the criterion's reform area; without any, its tasks in the parts
        # of the plan that name no area (e.g. "Chỉ số Cải cách hành chính (PAR INDEX)")
        rv.tasks = [t for t in mine if t["area"] in wanted] or [t for t in mine if not t["area"]]
