"""All oversight writes: inspection plans and findings, publications.

Each ``do_*`` checks permission (``accounts.policy``, oversight section), validates, saves and
records the audit event in one transaction. Messages to the bell go through
``cchc.notifications.actions.notify``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.accounts import policy
from cchc.accounts.policy import Forbidden
from cchc.audit.models import AuditAction
from cchc.audit.recording import audited_change, lock, record, snapshot
from cchc.core.errors import DomainError
from cchc.domain import inspection as rules
from cchc.notifications.actions import notify
from cchc.notifications.models import NotificationKind
from cchc.orgs.models import OrgUnit
from cchc.oversight import publishing, sources
from cchc.oversight.models import (
    Finding,
    FindingKind,
    Inspection,
    InspectionPlan,
    InspectionStatus,
    Publication,
)
from cchc.plans import actions as plan_actions

PUBLIC_CACHE_GENERATION = "oversight:public:generation"

# --- inspection plans --------------------------------------------------------------------------


def _share(value) -> Decimal:
    try:
        share = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise DomainError(_("Tỷ lệ phải là một số từ 0 đến 100%."), code="share") from None
    if share > 1:
        share = share / 100  # "30" means 30%
    if not share.is_finite() or share < 0 or share > 1:
        raise DomainError(_("Tỷ lệ phải từ 0 đến 100%."), code="share")
    return share.quantize(Decimal("0.001"))


def _clean_items(items, keys: tuple[str, ...], required: str) -> list[dict]:
    out = []
    for item in items or []:
        if not isinstance(item, dict):
            raise DomainError(_("Danh sách không hợp lệ."), code="list")
        row = {k: str(item.get(k) or "").strip()[:300] for k in keys}
        if row[required]:
            out.append(row)
    return out


@dataclass
class BelowShare:
    selected: int
    needed: int
    population: int


def below_share(plan_or_count, population: int, share: Decimal) -> BelowShare | None:
    count = plan_or_count
    if count < rules.needed(population, share):
        return BelowShare(count, rules.needed(population, share), population)
    return None


def _team_users(usernames: list[str]) -> list:
    """Active users named by ``usernames`` (the team members' log-in names); unknown: refused."""
    from cchc.accounts.models import User

    names = [str(n).strip() for n in usernames if str(n).strip()]
    found = {u.username: u for u in User.objects.filter(username__in=names, is_active=True)}
    missing = [n for n in names if n not in found]
    if missing:
        raise DomainError(
            _("Không có tài khoản: %(names)s.") % {"names": ", ".join(missing)},
            code="members",
            details=missing,
        )
    return list(dict.fromkeys(found[n] for n in names))


def do_set_inspection_team(*, actor, plan: InspectionPlan, usernames: list[str]) -> InspectionPlan:
    """Whoever runs the programme names the users on its inspection team (they record findings)."""
    if not policy.can_manage_inspections(actor, plan.organiser):
        raise Forbidden(_("Chỉ đơn vị tổ chức kiểm tra được phân công đoàn kiểm tra."))
    users = _team_users(usernames)
    with transaction.atomic():
        before = sorted(plan.members.values_list("username", flat=True))
        plan.members.set(users)
        after = sorted(u.username for u in users)
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=plan,
            before={"members": before},
            after={"members": after},
            unit=plan.organiser,
        )
    return plan


def _check_organiser(actor, province: OrgUnit, organiser: OrgUnit) -> None:
    """The organiser is the province or one of its departments, districts or communes, and the
    actor may manage its inspections."""
    if organiser.pk != province.pk and (
        organiser.province_id != province.pk or organiser.level not in {"department", "district", "commune"}
    ):
        raise DomainError(_("Đơn vị tổ chức kiểm tra không thuộc tỉnh."), code="organiser")
    if not policy.can_manage_inspections(actor, organiser):
        raise Forbidden(
            _(
                "Chỉ cơ quan thường trực CCHC hoặc thủ trưởng đơn vị tổ chức kiểm tra được lập kế hoạch kiểm tra."
            )
        )


def _picked_units(unit_ids: list, population: list[OrgUnit]) -> list[OrgUnit]:
    """The chosen units (in the order given, once each), all from the inspectable population."""
    allowed = {u.pk: u for u in population}
    picked: list[OrgUnit] = []
    for raw in unit_ids:
        try:
            pk = int(raw)
        except (TypeError, ValueError):
            raise DomainError(_("Đơn vị không hợp lệ."), code="unit") from None
        if pk not in allowed:
            raise DomainError(_("Đơn vị được chọn không thuộc diện kiểm tra của kế hoạch."), code="unit")
        if allowed[pk] not in picked:
            picked.append(allowed[pk])
    if not picked:
        raise DomainError(_("Hãy chọn ít nhất một đơn vị được kiểm tra."), code="empty")
    return picked


def _below_share_error(short, share) -> DomainError:
    return DomainError(
        _(
            "Kế hoạch mới chọn %(n)s/%(pop)s đơn vị, chưa đạt tỷ lệ tối thiểu %(share)s%% "
            "(cần ít nhất %(need)s đơn vị). Hãy chọn thêm đơn vị, hoặc xác nhận và nêu lý do."
        )
        % {
            "n": short.selected,
            "pop": short.population,
            "share": f"{share * 100:g}",
            "need": short.needed,
        },
        code="below_share",
        details=[{"selected": short.selected, "needed": short.needed, "population": short.population}],
    )


def _add_inspections(plan: InspectionPlan, picked: list[OrgUnit], schedule, *, actor, year: int) -> None:
    """One inspection per picked unit, in order, each audited and announced to the unit."""
    for order, unit in enumerate(picked, 1):
        ins = Inspection.objects.create(
            plan=plan, unit=unit, order=order, scheduled_on=(schedule or {}).get(unit.pk)
        )
        record(actor=actor, action=AuditAction.CREATE, instance=ins, after=snapshot(ins), unit=unit)
        notify(
            unit,
            NotificationKind.INSPECTION,
            _("Đơn vị có tên trong kế hoạch kiểm tra công tác CCHC năm %(year)s.") % {"year": year},
            _inspection_url(ins),
        )


def do_create_inspection_plan(
    *,
    actor,
    province: OrgUnit,
    year: int,
    unit_ids: list[int],
    title: str = "",
    number: str = "",
    levels: list[str] | None = None,
    required_share="0.3",
    share_source: str = "",
    team: list[dict] | None = None,
    checklist: list[dict] | None = None,
    start_date: dt.date | None = None,
    end_date: dt.date | None = None,
    below_share_reason: str = "",
    confirm_below_share: bool = False,
    schedule: dict[int, dt.date] | None = None,
    organiser: OrgUnit | None = None,
    members: list[str] | None = None,
) -> InspectionPlan:
    """A yearly inspection programme of ``organiser`` (default: the province, run by its standing
    agency; or a department, district or commune over its own subordinate units). A selection
    below the required share is refused (``code="below_share"``) unless confirmed with a reason.
    ``members``: user names of the inspection team's members who record findings (any unit)."""
    organiser = organiser or province
    _check_organiser(actor, province, organiser)
    by_province = organiser.pk == province.pk
    levels = list(levels or (["department"] if by_province else []))
    share = _share(required_share)
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise DomainError(_("Năm không hợp lệ."), code="year") from None
    if year < 2000 or year > 2100:
        raise DomainError(_("Năm không hợp lệ."), code="year")
    if start_date and end_date and end_date < start_date:
        raise DomainError(_("Ngày kết thúc phải sau ngày bắt đầu."), code="dates")
    population = list(sources.inspectable_units(province, levels, dt.date(year, 1, 1), organiser))
    if not population:
        raise DomainError(_("Đơn vị tổ chức kiểm tra không có đơn vị nào thuộc diện kiểm tra."), code="empty")
    picked = _picked_units(unit_ids, population)
    reason = (below_share_reason or "").strip()
    short = below_share(len(picked), len(population), share)
    if short and not (confirm_below_share and reason):
        raise _below_share_error(short, share)
    if InspectionPlan.objects.filter(organiser=organiser, year=year).exists():
        raise DomainError(
            _("%(unit)s đã có kế hoạch kiểm tra CCHC năm %(year)s.") % {"unit": organiser.name, "year": year},
            code="duplicate",
        )
    team_users = _team_users(members or [])
    proposal = proposal_for(province, year, levels, share, organiser)
    with transaction.atomic():
        plan = InspectionPlan.objects.create(
            province=province,
            organiser=organiser,
            population_count=len(population),
            year=year,
            number=(number or "").strip()[:64],
            title=(title or "").strip()[:300]
            or _("Kế hoạch kiểm tra công tác cải cách hành chính năm %(year)s") % {"year": year},
            levels=levels,
            required_share=share,
            share_source=(share_source or "").strip()[:255],
            selection_rule=proposal.rule,
            below_share_reason=reason if short else "",
            team=_clean_items(team, ("name", "position", "unit"), "name"),
            checklist=_clean_items(checklist, ("code", "title"), "title"),
            start_date=start_date,
            end_date=end_date,
            created_by=actor,
        )
        record(actor=actor, action=AuditAction.CREATE, instance=plan, after=snapshot(plan), unit=organiser)
        if team_users:
            plan.members.set(team_users)
        _add_inspections(plan, picked, schedule, actor=actor, year=year)
    return plan


def _inspection_url(ins: Inspection) -> str:
    from django.urls import reverse

    return reverse("oversight:inspection_detail", kwargs={"inspection_id": ins.pk})


def proposal_for(
    province: OrgUnit, year: int, levels: list[str], share: Decimal, organiser: OrgUnit | None = None
) -> rules.Proposal:
    """The proposed selection for ``year``: scores of the previous year's PAR INDEX when there
    are any (units without a score first), else overdue lead work as of the end of the previous
    year (or today)."""
    population = list(sources.inspectable_units(province, levels, dt.date(year, 1, 1), organiser))
    ids = {u.pk for u in population}
    as_of = min(timezone.localdate(), dt.date(year - 1, 12, 31))
    overdue = sources.overdue_by_unit(province, ids, as_of)
    scores = sources.par_scores(province, year - 1)
    last = {}
    for unit_id, y in Inspection.objects.filter(unit_id__in=ids, plan__year__lt=year).values_list(
        "unit_id", "plan__year"
    ):
        last[unit_id] = max(y, last.get(unit_id, 0))
    candidates = [
        rules.Candidate(
            unit_id=u.pk,
            code=u.code,
            name=u.name,
            overdue=overdue.get(u.pk, (0, 0))[0],
            total=overdue.get(u.pk, (0, 0))[1],
            score=scores.get(u.pk),
            last_inspected_year=last.get(u.pk),
        )
        for u in population
    ]
    return rules.propose(candidates, share, year)


def do_record_inspection(
    *, actor, inspection: Inspection, inspected_on: dt.date, conclusion: str = ""
) -> Inspection:
    """The team records that it inspected the unit (date, overall conclusion)."""
    if not policy.can_record_findings(actor, inspection):
        raise Forbidden(
            _("Chỉ thành viên đoàn kiểm tra hoặc đơn vị tổ chức kiểm tra được ghi nhận kết quả kiểm tra.")
        )
    if inspected_on is None or inspected_on > timezone.localdate():
        raise DomainError(_("Ngày kiểm tra không hợp lệ (không được ở tương lai)."), code="date")
    with transaction.atomic(), audited_change(inspection, actor=actor, unit=inspection.unit):
        inspection.inspected_on = inspected_on
        inspection.conclusion = (conclusion or "").strip()
        inspection.status = InspectionStatus.DONE
    return inspection


def do_add_finding(
    *,
    actor,
    inspection: Inspection,
    kind: str,
    text: str,
    evidence: str = "",
    checklist_code: str = "",
    action: str = "",
    action_due: dt.date | None = None,
) -> Finding:
    """A finding (đạt / tồn tại, hạn chế) with its evidence. A finding with a required action
    becomes a task of the province's follow-up plan, led by the inspected unit, due ``action_due``."""
    plan = inspection.plan
    if not policy.can_record_findings(actor, inspection):
        raise Forbidden(
            _(
                "Bạn không có tên trong đoàn kiểm tra của cuộc kiểm tra này: chỉ thành viên đoàn kiểm tra "
                "hoặc đơn vị tổ chức kiểm tra được ghi kết quả kiểm tra."
            )
        )
    if kind not in FindingKind.values:
        raise DomainError(_("Kết quả kiểm tra không hợp lệ."), code="kind")
    text, evidence, action = (text or "").strip(), (evidence or "").strip(), (action or "").strip()
    if not text:
        raise DomainError(_("Cần nhập nhận xét."), code="text")
    codes = {c.get("code") for c in plan.checklist}
    if checklist_code and checklist_code not in codes:
        raise DomainError(_("Nội dung kiểm tra không có trong danh mục của kế hoạch."), code="checklist")
    if action:
        if kind != FindingKind.ISSUE:
            raise DomainError(_("Chỉ tồn tại, hạn chế mới có yêu cầu khắc phục."), code="action")
        if action_due is None:
            raise DomainError(_("Yêu cầu khắc phục cần có hạn hoàn thành."), code="due")
        if action_due < (inspection.inspected_on or dt.date(plan.year, 1, 1)):
            raise DomainError(_("Hạn khắc phục phải sau ngày kiểm tra."), code="due")
    with transaction.atomic():
        finding = Finding.objects.create(
            inspection=inspection,
            checklist_code=checklist_code,
            kind=kind,
            text=text,
            evidence=evidence,
            action=action,
            action_due=action_due if action else None,
        )
        record(
            actor=actor,
            action=AuditAction.CREATE,
            instance=finding,
            after=snapshot(finding),
            unit=inspection.unit,
        )
        if action:
            if plan.followup_plan_id is None:
                plan.followup_plan = plan_actions.do_followup_plan(plan.province, plan.year, actor=actor)
                plan.save(update_fields=["followup_plan"])
            task = plan_actions.do_add_followup_task(
                plan.followup_plan, unit=inspection.unit, title=action, due=action_due, actor=actor
            )
            finding.task = task
            finding.save(update_fields=["task"])
            notify(
                inspection.unit,
                NotificationKind.INSPECTION,
                _("Kết quả kiểm tra CCHC: đơn vị được giao khắc phục “%(action)s”, hạn %(due)s.")
                % {"action": action[:200], "due": action_due.strftime("%d/%m/%Y")},
                _inspection_url(inspection),
            )
    return finding


# --- publications ------------------------------------------------------------------------------


def bump_public_cache() -> None:
    """Public pages are cached per generation; a publication or withdrawal starts a new one, which
    every server process sees at once (``core.generations``)."""
    from cchc.core import generations

    generations.bump(PUBLIC_CACHE_GENERATION)


def do_publish(*, actor, province: OrgUnit, kind: str, year: int) -> Publication:
    """Publish the current result of ``kind`` for ``province`` and ``year`` as a frozen snapshot."""
    if not policy.can_publish(actor, province):
        raise Forbidden(_("Chỉ cơ quan thường trực CCHC của tỉnh được công bố kết quả."))
    k = publishing.get_kind(kind)
    if k is None:
        raise DomainError(_("Loại nội dung không công bố được."), code="kind")
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise DomainError(_("Năm không hợp lệ."), code="year") from None
    if year < 2000 or year > timezone.localdate().year:
        raise DomainError(_("Năm không hợp lệ."), code="year")
    reasons = k.refusal(province, year) if k.refusal else []
    if reasons:
        raise DomainError(
            _("Chưa công bố được “%(title)s”.") % {"title": k.title(province, year)},
            code="refused",
            details=list(reasons),
        )
    data = k.build(province, year)
    if not data:
        raise DomainError(_("Chưa có số liệu để công bố cho năm %(year)s.") % {"year": year}, code="empty")
    with transaction.atomic():
        pub = Publication.objects.create(
            kind=kind,
            province=province,
            title=k.title(province, year),
            year=year,
            snapshot=data,
            published_by=actor,
            published_by_name=(actor.get_full_name() or actor.get_username()) if actor else "",
            published_at=timezone.now(),
        )
        record(
            actor=actor,
            action=AuditAction.CREATE,
            instance=pub,
            after=snapshot(pub),
            unit=province,
            note=_("Công bố"),
        )
        bump_public_cache()  # now, and again after the commit (a page cached in between is dropped)
    return pub


def do_withdraw_publication(*, actor, publication: Publication, reason: str) -> Publication:
    """Withdraw a publication (kept for the record; its public page answers 404 from now on)."""
    if not policy.can_publish(actor, publication.province):
        raise Forbidden(_("Chỉ cơ quan thường trực CCHC của tỉnh được rút lại nội dung công bố."))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Cần nêu lý do rút lại."), code="reason")
    with transaction.atomic():
        locked = lock(publication)
        if locked.withdrawn_at is not None:
            raise DomainError(_("Nội dung này đã được rút lại."), code="state")
        with audited_change(locked, actor=actor, unit=locked.province, note=_("Rút lại nội dung công bố")):
            locked.withdrawn_by, locked.withdrawn_at, locked.withdraw_reason = actor, timezone.now(), reason
        bump_public_cache()  # now, and again after the commit (a page cached in between is dropped)
    return locked
