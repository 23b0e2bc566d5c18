"""parindex: the PAR INDEX of a province's own units (criteria sets, campaigns, sheets, results)
and the province's own index, followed criterion by criterion (cchc.parindex)."""

from __future__ import annotations

from cchc.accounts.models import Role
from cchc.accounts.policy.grants import grants_for
from cchc.orgs.models import UnitSuccession


def par_sheet_unit_ids(sheet) -> set[int]:
    """The sheet's unit and its successors (a unit merged or renamed during the year keeps its
    sheet; the successor's people carry it on)."""
    ids, todo = {sheet.unit_id}, [sheet.unit_id]
    while todo:
        for succ in UnitSuccession.objects.filter(predecessor_id=todo.pop()).values_list(
            "successor_id", flat=True
        ):
            if succ not in ids:
                ids.add(succ)
                todo.append(succ)
    return ids


def _any_unit(check, sheet) -> bool:
    return any(check(uid) for uid in par_sheet_unit_ids(sheet))


def can_manage_par(user, province) -> bool:
    """The province's standing agency (Sở Nội vụ) loads criteria sets, runs campaigns, enters
    survey points and drafts the improvement plan."""
    return user is None or grants_for(user).can_coordinate(province)


def is_par_council(user, campaign) -> bool:
    """A member of the campaign's appraisal council (Hội đồng thẩm định), or its standing agency."""
    if user is None:
        return True
    if can_manage_par(user, campaign.province_id):
        return True
    return campaign.council.filter(pk=user.pk).exists()


def can_read_par_sheet(user, sheet) -> bool:
    """A unit sees its own sheet; the campaign's council and standing agency see every sheet;
    province-wide readers (leaders, auditors) too, once results are drawn up (see queries)."""
    if user is None:
        return True
    g = grants_for(user)
    if _any_unit(g.can_report_for, sheet) or is_par_council(user, sheet.campaign):
        return True
    return g.has_role(Role.LEADER, Role.AUDITOR) and g.can_read_unit(sheet.campaign.province_id)


def can_self_score(user, sheet) -> bool:
    """The unit's reporters (and head) score its sheet and attach evidence."""
    return user is None or _any_unit(grants_for(user).can_report_for, sheet)


def can_submit_sheet(user, sheet) -> bool:
    """The unit head submits the self-assessment and the explanation (giải trình)."""
    return user is None or _any_unit(grants_for(user).can_approve_for, sheet)


def can_see_other_drafts(user, campaign) -> bool:
    """Council members do not see each other's unsubmitted appraisal; the standing agency does."""
    return user is None or can_manage_par(user, campaign.province_id)


def can_read_par_results(user, campaign) -> bool:
    """Results: the province's readers (standing agency, leaders, council, auditors); once
    published, every member of the province."""
    if user is None:
        return True
    g = grants_for(user)
    if g.has_role(Role.STANDING_OFFICER, Role.LEADER, Role.COUNCIL_MEMBER, Role.AUDITOR) and g.can_read_unit(
        campaign.province_id
    ):
        return True
    if campaign.stage == "published":
        return g.can_read_unit(campaign.province_id) or any(
            m.unit.province_root is not None and m.unit.province_root.pk == campaign.province_id
            for m in g.memberships
        )
    return False


# --------------------------------------------------------------------------- the province's own index


def can_manage_province_index(user, province) -> bool:
    """The province's standing agency sets up the campaign, assigns leads, assembles the
    self-assessment report and enters the ministry's announced result."""
    return user is None or grants_for(user).can_coordinate(province)


def can_read_province_index(user, campaign) -> bool:
    """The province's readers (standing agency, leaders, council, auditors) and the people of
    every lead department of the campaign (they see the whole table, to see their share of it)."""
    if user is None:
        return True
    g = grants_for(user)
    if g.is_admin or (
        g.has_role(Role.STANDING_OFFICER, Role.LEADER, Role.COUNCIL_MEMBER, Role.AUDITOR)
        and g.can_read_unit(campaign.province_id)
    ):
        return True
    leads = set(campaign.criteria.exclude(lead_unit=None).values_list("lead_unit_id", flat=True))
    return any(g.can_report_for(uid) for uid in leads)


def can_self_assess_province_criterion(user, criterion) -> bool:
    """A criterion's self-assessment and evidence belong to its lead department (its reporters
    and head); the standing agency may fill in for any criterion."""
    if user is None:
        return True
    if can_manage_province_index(user, criterion.campaign.province_id):
        return True
    return criterion.lead_unit_id is not None and grants_for(user).can_report_for(criterion.lead_unit_id)


def can_manage_campaigns(user) -> bool:
    """A standing officer (or an administrator) may create campaigns (for the province it
    coordinates, :func:`can_manage_par`)."""
    return grants_for(user).has_role(Role.STANDING_OFFICER)


def can_read_all_par_sheets(user, campaign) -> bool:
    """Every sheet of the campaign: its council and standing agency, and the province's leaders
    and auditors; others only their own unit's (and its predecessors')."""
    g = grants_for(user)
    return is_par_council(user, campaign) or (
        g.has_role(Role.LEADER, Role.AUDITOR) and g.can_read_unit(campaign.province_id)
    )
