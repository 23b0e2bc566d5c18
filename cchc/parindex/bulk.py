"""Scoring a whole lĩnh vực (or the sheet) in one submit: all or nothing, errors per field."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from cchc.accounts import policy
from cchc.accounts.policy import Forbidden
from cchc.audit.recording import lock
from cchc.core.errors import DomainError
from cchc.domain import parindex as px
from cchc.parindex.actions import _score_change, _score_problem
from cchc.parindex.models import Score, Sheet, SheetStatus


class ScoreErrors(DomainError):
    """A bulk save refused: ``fields`` maps a score id to the message shown beside its field."""

    def __init__(self, fields: dict[int, str]):
        super().__init__(
            _("Có %(n)s ô chưa hợp lệ, chưa lưu điểm nào. Sửa các ô được đánh dấu rồi lưu lại.")
            % {"n": len(fields)},
            code="fields",
            details=list(fields.values()),
        )
        self.fields = fields


def do_save_scores(*, actor, sheet: Sheet, entries: list[dict], round: int | None = None) -> int:
    """Save a whole lĩnh vực (or the sheet) in one submit: the unit's self-scores (``round`` None,
    while the sheet is a draft) or a council member's round-1/2 scores. ``entries``: dicts with
    ``score_id``, ``points`` (blank = leave as is), ``note`` / ``comment``, ``override_reason``,
    ``version`` (the version the user saw). All or nothing: one bad field (not a number, negative,
    above the maximum, a pre-filled score changed without a reason, a score someone else saved
    meanwhile) refuses the whole save with ``ScoreErrors``. Returns the number of scores changed."""
    council = round is not None
    if council:
        if not policy.is_par_council(actor, sheet.campaign):
            raise Forbidden(_("Chỉ thành viên Hội đồng thẩm định được chấm điểm thẩm định."))
        if round not in (1, 2):
            raise DomainError(_("Lần thẩm định không hợp lệ."), code="round")
    elif not policy.can_self_score(actor, sheet):
        raise Forbidden(_("Bạn chỉ được chấm điểm cho đơn vị mình."))
    errors: dict[int, str] = {}
    wanted: dict[int, dict] = {}
    for e in entries:
        try:
            sid = int(e.get("score_id"))
        except (TypeError, ValueError):
            continue
        wanted[sid] = e
    with transaction.atomic():
        locked_sheet = lock(sheet)
        status = locked_sheet.status
        if not council and status != SheetStatus.DRAFT:
            raise DomainError(_("Phiếu đã gửi, không còn sửa được điểm tự đánh giá."), code="locked")
        if round == 1 and status != SheetStatus.SUBMITTED:
            raise DomainError(
                _("Thẩm định lần 1 của phiếu này đã đóng hoặc phiếu chưa được gửi."), code="round_closed"
            )
        if round == 2 and status not in {SheetStatus.ROUND1, SheetStatus.EXPLAINED}:
            raise DomainError(_("Thẩm định lần 2 của phiếu này chưa mở hoặc đã đóng."), code="round_closed")
        scores = {
            s.pk: s
            for s in Score.objects.select_for_update()
            .select_related("criterion", "sheet", "sheet__unit")
            .filter(sheet=locked_sheet, pk__in=list(wanted))
        }
        changes = []
        for sid, e in wanted.items():
            s = scores.get(sid)
            if s is None:
                continue
            c = s.criterion
            text = str(e.get("points") or "").strip()
            note = str(e.get("comment" if council else "note") or "").strip()
            reason = str(e.get("override_reason") or "").strip()
            if not text:
                continue
            try:
                value = px.check_score(text, max_points=c.max_points, survey=c.survey)
            except px.ScoreProblem as exc:
                errors[sid] = str(_score_problem(exc, c).message)
                continue
            if e.get("version") not in (None, "") and str(s.version) != str(e.get("version")):
                errors[sid] = _("Tiêu chí %(code)s vừa được người khác lưu; kiểm tra lại điểm.") % {
                    "code": c.code
                }
                continue
            if council:
                if value == getattr(s, f"round{round}_points") and note == getattr(
                    s, f"round{round}_comment"
                ):
                    continue
            else:
                if (
                    s.prefill_points is not None
                    and value != s.prefill_points
                    and not (reason or s.override_reason)
                ):
                    errors[sid] = _(
                        "Tiêu chí %(code)s: điểm khác điểm tính sẵn (%(points)s), cần nêu lý do."
                    ) % {
                        "code": c.code,
                        "points": f"{s.prefill_points.normalize():f}",
                    }
                    continue
                if value == s.self_points and note == s.self_note and not reason:
                    continue
            changes.append((s, value, note, reason))
        if errors:
            raise ScoreErrors(errors)
        label = _("Thẩm định lần %(n)s") % {"n": round} if council else _("Tự đánh giá")
        for s, value, note, reason in changes:
            with _score_change(actor, s, label):
                if council:
                    setattr(s, f"round{round}_points", value)
                    setattr(s, f"round{round}_comment", note)
                    setattr(s, f"round{round}_by", actor if getattr(actor, "pk", None) else None)
                else:
                    s.self_points, s.self_note = value, note
                    if reason:
                        s.override_reason = reason
    return len(changes)
