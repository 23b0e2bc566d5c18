"""Budget pages: the rounds (kỳ lập dự toán) of the user's plans, and one round's units × status
with totals and the finance agency's appraisal queue (the estimate, appraisal and spending pages
are in ``estimate_views`` and ``appraisal_views``)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.accounts import policy
from cchc.budget import actions, queries
from cchc.budget.models import (
    BudgetEstimate,
    BudgetLine,
    BudgetRound,
    BudgetSpending,
    EstimateStatus,
    SpendingKind,
)
from cchc.core.dates import DayInput
from cchc.core.errors import DomainError
from cchc.orgs.models import OrgUnit
from cchc.plans.queries import plans_for

ROUNDS_PER_PAGE = 25
UNITS_PER_PAGE = 50


class RoundForm(forms.Form):
    plan = forms.ModelChoiceField(label=gettext_lazy("Kế hoạch"), queryset=None)
    year = forms.IntegerField(label=gettext_lazy("Năm dự toán"), min_value=2000, max_value=2100)
    due_date = forms.DateField(label=gettext_lazy("Hạn gửi dự toán"), widget=DayInput())
    basis = forms.CharField(
        label=gettext_lazy("Căn cứ"),
        max_length=500,
        required=False,
        help_text=gettext_lazy("Ví dụ: 216/KH-UBND mục V, VI.1.b; VI.2"),
    )

    def __init__(self, *args, plans=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans
        for name in self.errors:
            if name in self.fields:
                self.fields[name].widget.attrs["aria-invalid"] = "true"


def _manageable_plans(user):
    """The plans whose rounds the user may create (the gate decides per plan; a user's plans are few)."""
    plans = (
        plans_for(user)
        .filter(parent_plan__isnull=True)
        .select_related("province")
        .defer("interchange")
        .order_by("-pk")
    )
    ids = [p.pk for p in plans if policy.can_manage_budget_rounds(user, p)]
    return plans.filter(pk__in=ids)


@login_required
def round_list(request):
    user = request.user
    plans = _manageable_plans(user)
    form = None
    status = 200
    if plans.exists():
        form = RoundForm(request.POST or None, plans=plans)
        if request.method == "POST":
            if form.is_valid():
                d = form.cleaned_data
                try:
                    created = actions.do_create_round(
                        d["plan"], d["year"], d["due_date"], d["basis"], actor=user
                    )
                except DomainError as exc:
                    form.add_error(None, exc.message)
                else:
                    messages.success(request, _("Đã tạo kỳ lập dự toán."))
                    return redirect("budget:round_detail", round_id=created.pk)
            status = 400
    elif request.method == "POST":
        raise policy.Forbidden(_("Bạn không được tạo kỳ lập dự toán."))
    rounds = (
        BudgetRound.objects.filter(plan__in=plans_for(user))
        .select_related("plan")
        .defer("plan__interchange")
        .order_by("-year", "-pk")
    )
    page = Paginator(rounds, ROUNDS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "budget/round_list.html", {"page": page, "form": form}, status=status)


FILTERS = {
    "": gettext_lazy("Tất cả"),
    "not_started": gettext_lazy("Chưa lập"),
    EstimateStatus.DRAFT: EstimateStatus.DRAFT.label,
    EstimateStatus.SUBMITTED: EstimateStatus.SUBMITTED.label,
    EstimateStatus.RETURNED: EstimateStatus.RETURNED.label,
    EstimateStatus.APPRAISED: EstimateStatus.APPRAISED.label,
    "late": gettext_lazy("Gửi trễ hạn"),
}


def _round_units(rnd, user, status: str, q: str):
    """The units expected in the round (``queries.expected_unit_ids``) that the user may read,
    filtered, sorted and paged in the database, and the round's estimates they may read."""
    estimates = queries.estimates_for(user).filter(round=rnd)
    units = OrgUnit.objects.filter(pk__in=queries.expected_unit_ids(rnd)).filter(
        policy.budget_units_q(user, "")
    )
    if q:
        units = units.filter(Q(name__icontains=q) | Q(short_name__icontains=q))
    if status == "not_started":
        units = units.exclude(pk__in=estimates.values("unit_id"))
    elif status == "late":
        units = units.filter(pk__in=estimates.filter(on_time=False).values("unit_id"))
    elif status:
        units = units.filter(pk__in=estimates.filter(status=status).values("unit_id"))
    return units.order_by("name", "pk"), estimates


def with_totals(estimates):
    """Estimates with ``requested_total``, ``approved_total`` (``queries.estimate_totals``) and
    ``disbursed_total`` (a subquery): one query for the page however many lines and spendings."""
    disbursed = Subquery(
        BudgetSpending.objects.filter(line__estimate=OuterRef("pk"), kind=SpendingKind.DISBURSED)
        .order_by()
        .values("line__estimate")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return queries.estimate_totals(estimates).annotate(disbursed_total=disbursed)


def round_totals(estimates) -> dict:
    """The round's totals over the estimates the user may read, in one query: the money of their
    lines and disbursements (per estimate in a subquery, summed: ``None`` when there is none, as
    a sum over no rows) and the counts of those sent (on time, late)."""
    lines = BudgetLine.objects.filter(estimate=OuterRef("pk")).order_by().values("estimate")
    disbursed = BudgetSpending.objects.filter(line__estimate=OuterRef("pk"), kind=SpendingKind.DISBURSED)
    return estimates.aggregate(
        requested=Sum(Subquery(lines.annotate(s=Sum("requested")).values("s"))),
        approved=Sum(Subquery(lines.annotate(s=Sum("approved")).values("s"))),
        disbursed=Sum(
            Subquery(disbursed.order_by().values("line__estimate").annotate(s=Sum("amount")).values("s"))
        ),
        sent=Count("pk", filter=Q(submitted_at__isnull=False)),
        sent_on_time=Count("pk", filter=Q(on_time=True)),
        sent_late=Count("pk", filter=Q(on_time=False)),
    )


@login_required
def round_detail(request, round_id):
    user = request.user
    rnd = queries.access_round(user, round_id)
    status = request.GET.get("tinh-trang", "")
    if status not in FILTERS:
        status = ""
    q = request.GET.get("q", "").strip()[:100]
    units, estimates = _round_units(rnd, user, status, q)
    page = Paginator(units, UNITS_PER_PAGE).get_page(request.GET.get("page"))
    unit_ids = [u.pk for u in page.object_list]
    # the page's units are those the user may read: their estimates need no other filter, and the
    # rows show the estimate's own fields and sums (no joins: grouped by the estimate alone)
    by_unit = {
        e.unit_id: e
        for e in with_totals(BudgetEstimate.objects.filter(round=rnd, unit_id__in=unit_ids).order_by())
    }
    rows = [{"unit": u, "estimate": by_unit.get(u.pk)} for u in page.object_list]
    totals = round_totals(estimates)
    queue = []
    if policy.can_manage_budget_rounds(user, rnd.plan):
        queue = list(
            estimates.filter(status=EstimateStatus.SUBMITTED)
            .select_related(None)
            .select_related("unit")
            .order_by("submitted_at", "pk")[:100]
        )
    membership = getattr(request, "membership", None)
    own_unit = membership.unit if membership and policy.can_prepare_estimate(user, membership.unit) else None
    params = "&".join(f"{k}={v}" for k, v in (("tinh-trang", status), ("q", q)) if v)
    return render(
        request,
        "budget/round_detail.html",
        {
            "round": rnd,
            "rows": rows,
            "page": page,
            "totals": totals,
            "queue": queue,
            "filters": FILTERS,
            "status": status,
            "q": q,
            "params": params,
            "own_unit": own_unit,
        },
    )
