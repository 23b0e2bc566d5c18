"""Closing a campaign: units excluded with a reason, the decision approving the results, reopening;
and why results cannot be published yet. Every write is one audited transaction (``do_*``)."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.accounts import policy
from cchc.accounts.policy import Forbidden
from cchc.audit.recording import audited_change, lock
from cchc.core.errors import DomainError
from cchc.parindex.models import Campaign, CampaignStage, Sheet, SheetStatus


def _unfinished(campaign: Campaign) -> list[str]:
    """One sentence per sheet that is neither appraised to the end nor excluded with a reason."""
    rows = (
        campaign.sheets.exclude(status=SheetStatus.FINAL)
        .filter(excluded_reason="")
        .select_related("unit")
        .order_by("block", "unit__code")
    )
    return [
        _("%(unit)s: %(status)s, chưa thẩm định xong (chưa kết thúc thẩm định lần 2) và chưa được loại trừ.")
        % {"unit": s.unit.name, "status": s.get_status_display().lower()}
        for s in rows
    ]


def _actor_name(actor) -> str:
    return (actor.get_full_name() or actor.get_username()) if getattr(actor, "pk", None) else ""


def publication_problems(campaign: Campaign) -> list[str]:
    """Why the campaign's results cannot be published yet (empty: they can). Results are public
    only once approved by decision: number and date recorded, every sheet appraised to the end
    or explicitly excluded with a reason."""
    if campaign.approved_at is not None:
        return []
    problems = [
        _(
            "Kết quả chưa được phê duyệt: cần quyết định phê duyệt kết quả (số và ngày quyết định) "
            "ghi tại trang đợt đánh giá."
        )
    ]
    return problems + _unfinished(campaign)


def do_exclude_sheet(*, actor, sheet: Sheet, reason: str) -> Sheet:
    """Leave a unit out of the results on purpose (e.g. it did not self-assess), with the reason;
    the results and the published page list it as not assessed."""
    if not policy.can_manage_par(actor, sheet.campaign.province_id):
        raise Forbidden(_("Chỉ cơ quan thường trực CCHC được loại đơn vị khỏi kết quả."))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Cần nêu lý do không xác định chỉ số của đơn vị."), code="reason")
    with transaction.atomic():
        locked = lock(sheet, "campaign", "unit")
        if locked.campaign.approved_at is not None:
            raise DomainError(_("Kết quả đã được phê duyệt; cần mở lại trước khi sửa."), code="approved")
        if locked.status == SheetStatus.FINAL:
            raise DomainError(_("Phiếu đã thẩm định xong, không loại khỏi kết quả được."), code="final")
        with audited_change(locked, actor=actor, unit=locked.unit, note=_("Không xác định chỉ số")):
            locked.excluded_reason = reason[:2000]
    return locked


def do_approve_results(
    *, actor, campaign: Campaign, decision_number: str, decision_date: dt.date | None
) -> Campaign:
    """Record the decision approving the results (Quyết định phê duyệt kết quả): its number and
    date, once every sheet is appraised to the end or excluded with a reason. From then on the
    results can be published and scores (survey conversion included) are locked."""
    if not policy.can_manage_par(actor, campaign.province_id):
        raise Forbidden(_("Chỉ cơ quan thường trực CCHC được ghi quyết định phê duyệt kết quả."))
    decision_number = (decision_number or "").strip()
    problems = []
    if not decision_number:
        problems.append(_("Cần số quyết định phê duyệt kết quả."))
    if decision_date is None:
        problems.append(_("Cần ngày quyết định phê duyệt kết quả."))
    elif decision_date > timezone.localdate() or decision_date.year < campaign.year:
        problems.append(_("Ngày quyết định phải trong khoảng từ năm đánh giá đến hôm nay."))
    with transaction.atomic():
        locked = lock(campaign)
        if locked.approved_at is not None:
            raise DomainError(_("Kết quả đã được phê duyệt."), code="approved")
        problems += _unfinished(locked)
        if not locked.sheets.exclude(excluded_reason__gt="").exists():
            problems.append(_("Đợt đánh giá không có đơn vị nào được xác định chỉ số."))
        if problems:
            raise DomainError(
                _("Chưa phê duyệt được kết quả, chưa lưu gì."), code="not_ready", details=problems
            )
        with audited_change(locked, actor=actor, unit=locked.province, note=_("Phê duyệt kết quả")):
            locked.decision_number, locked.decision_date = decision_number[:64], decision_date
            locked.approved_at, locked.approved_by_name = timezone.now(), _actor_name(actor)
            order = list(CampaignStage.values)
            if order.index(locked.stage) < order.index(CampaignStage.RESULTS):
                locked.stage = CampaignStage.RESULTS
    return locked


def do_reopen_results(*, actor, campaign: Campaign, reason: str) -> Campaign:
    """Reopen approved results (e.g. to convert survey points again): the approval is cleared,
    the reason audited; publishing again needs a new approval."""
    if not policy.can_manage_par(actor, campaign.province_id):
        raise Forbidden(_("Chỉ cơ quan thường trực CCHC được mở lại kết quả."))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Cần nêu lý do mở lại kết quả đã phê duyệt."), code="reason")
    with transaction.atomic():
        locked = lock(campaign)
        if locked.approved_at is None:
            raise DomainError(_("Kết quả chưa được phê duyệt."), code="not_approved")
        note = _("Mở lại kết quả: %(reason)s") % {"reason": reason[:500]}
        with audited_change(locked, actor=actor, unit=locked.province, note=note):
            locked.approved_at, locked.approved_by_name = None, ""
            if locked.stage == CampaignStage.PUBLISHED:
                locked.stage = CampaignStage.RESULTS
    return locked
