"""Every write of the PAR INDEX: criteria sets, campaigns, self-assessment, appraisal, survey points.

Each ``do_*`` is one transaction: permission, validation (``DomainError``; ``ConflictError`` for
a stale ``expected_version``), save, audit record. Nothing is changed when it raises.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.accounts import policy
from cchc.accounts.policy import Forbidden
from cchc.audit.models import AuditAction
from cchc.audit.recording import audited_change, lock, record
from cchc.core.errors import ConflictError, DomainError
from cchc.core.uploads import check_upload
from cchc.domain import parindex as px
from cchc.parindex import sources

# the criteria sets' writes live in ``criteria_sets``; callers reach them here like every other write
from cchc.parindex.criteria_sets import (  # noqa: F401 (reached as actions.do_*)
    do_copy_criteria_set,
    do_issue_criteria_set,
    do_load_criteria_set,
    do_load_criteria_set_from_plan,
    do_load_criteria_set_xlsx,
    set_rows,
)
from cchc.parindex.models import (
    Block,
    Campaign,
    CampaignSet,
    CampaignStage,
    CriteriaSet,
    Criterion,
    EvidenceStage,
    Score,
    ScoreEvidence,
    SetStatus,
    Sheet,
    SheetStatus,
)

VERTICAL_KINDS = {"police", "tax", "customs", "treasury", "social_insurance", "bank"}


def _name(actor) -> str:
    return (actor.get_full_name() or actor.get_username()) if getattr(actor, "pk", None) else ""


def _conflict() -> ConflictError:
    return ConflictError(
        _("Điểm này vừa được người khác lưu. Vui lòng tải lại trang để xem nội dung mới rồi nhập lại.")
    )


def block_of(unit) -> str | None:
    """The block a unit is ranked in, from its level and kind (data of the org tree)."""
    if unit.level == "department":
        return Block.DEPARTMENT
    if unit.level == "district":
        return Block.DISTRICT
    if unit.level == "commune":
        return Block.COMMUNE
    if unit.kind in VERTICAL_KINDS:
        return Block.VERTICAL
    return None


# --------------------------------------------------------------------------- scores


def _score_problem(exc: px.ScoreProblem, criterion: Criterion) -> DomainError:
    mx = criterion.max_points.normalize()
    msg = {
        "survey_only": _("Tiêu chí %(code)s được chấm qua điều tra xã hội học, không tự chấm hay thẩm định."),
        "negative": _("Điểm của tiêu chí %(code)s không được âm."),
        "above_max": _("Điểm của tiêu chí %(code)s vượt điểm tối đa %(max)s."),
        "not_a_number": _("Điểm của tiêu chí %(code)s không phải là số."),
    }[exc.kind]
    return DomainError(msg % {"code": criterion.code, "max": f"{mx:f}"}, code=exc.kind)


# --------------------------------------------------------------------------- campaigns


def do_create_campaign(
    *,
    actor,
    province,
    year: int,
    title: str,
    sets: dict[str, CriteriaSet],
    units,
    self_deadline: dt.date,
    explanation_deadline: dt.date,
    appraisal_deadline: dt.date,
    council=(),
) -> Campaign:
    """A campaign with one sheet per unit (its block's set) and one score row per leaf,
    pre-filled from measured indicator values where a criterion has a rule."""
    if not policy.can_manage_par(actor, province):
        raise Forbidden(_("Chỉ cơ quan thường trực CCHC được mở đợt đánh giá."))
    if not (self_deadline <= explanation_deadline <= appraisal_deadline):
        raise DomainError(
            _("Các hạn phải theo thứ tự: tự đánh giá, giải trình, thẩm định."), code="deadlines"
        )
    for block, cset in sets.items():
        if cset.status != SetStatus.ISSUED:
            raise DomainError(
                _("Bộ chỉ số “%(title)s” chưa được ban hành.") % {"title": cset.title}, code="draft_set"
            )
        if cset.province_id != province.pk or cset.block != block:
            raise DomainError(_("Bộ chỉ số không thuộc tỉnh hoặc khối đơn vị này."), code="set_scope")
    units = list(units)
    problems = []
    for u in units:
        b = block_of(u)
        if b not in sets:
            problems.append(_("%(unit)s: chưa có bộ chỉ số cho khối này.") % {"unit": u.name})
        elif u.province_id != province.pk and u.pk != province.pk:
            problems.append(_("%(unit)s: không thuộc tỉnh, thành phố này.") % {"unit": u.name})
    if problems:
        raise DomainError(_("Không mở được đợt đánh giá."), code="units", details=problems)
    with transaction.atomic():
        campaign = Campaign.objects.create(
            province=province,
            year=year,
            title=title[:500],
            self_deadline=self_deadline,
            explanation_deadline=explanation_deadline,
            appraisal_deadline=appraisal_deadline,
        )
        campaign.council.set(list(council))
        for block, cset in sets.items():
            CampaignSet.objects.create(campaign=campaign, block=block, criteria_set=cset)
        leaves = {b: list(s.criteria.filter(is_leaf=True).order_by("order")) for b, s in sets.items()}
        for u in units:
            b = block_of(u)
            sheet = Sheet.objects.create(campaign=campaign, unit=u, block=b, criteria_set=sets[b])
            Score.objects.bulk_create([Score(sheet=sheet, criterion=c) for c in leaves[b]])
            _prefill(sheet)
        record(
            actor=actor,
            action=AuditAction.CREATE,
            instance=campaign,
            changes={"units": [None, len(units)], "council": [None, [str(c) for c in council]]},
            unit=province,
        )
    return campaign


def _prefill(sheet: Sheet) -> int:
    """Pre-fill rule-scored leaves from approved indicator values (cchc.indicators, if present)."""
    n = 0
    for score in sheet.scores.select_related("criterion").exclude(criterion__rule=None):
        c = score.criterion
        value = sources.indicator_value(c.rule["indicator"], sheet.unit_id, sheet.campaign.year)
        points = px.evaluate_rule(c.rule, value, c.max_points) if value is not None else None
        if points is None:
            continue
        score.prefill_points = points
        score.prefill_source = (
            _("Chỉ tiêu %(code)s năm %(year)s = %(value)s")
            % {"code": c.rule["indicator"], "year": sheet.campaign.year, "value": value}
        )[:255]
        if score.self_points is None:
            score.self_points = points
        score.save(update_fields=["prefill_points", "prefill_source", "self_points"])
        n += 1
    return n


def do_prefill_sheet(*, actor, sheet: Sheet) -> int:
    if not policy.can_self_score(actor, sheet):
        raise Forbidden(_("Bạn chỉ được chấm điểm cho đơn vị mình."))
    if sheet.status != SheetStatus.DRAFT:
        raise DomainError(_("Phiếu đã gửi, không còn sửa được điểm tự đánh giá."), code="locked")
    with transaction.atomic():
        return _prefill(sheet)


def do_advance_campaign(*, actor, campaign: Campaign, stage: str, decision_number: str = "") -> Campaign:
    """The standing agency moves the campaign to its next stage. "Đã công bố" needs the results
    approved by decision (``do_approve_results``); ``decision_number`` is kept for old callers."""
    if not policy.can_manage_par(actor, campaign.province_id):
        raise Forbidden(_("Chỉ cơ quan thường trực CCHC được chuyển giai đoạn."))
    order = list(CampaignStage.values)
    if stage not in order or order.index(stage) <= order.index(campaign.stage):
        raise DomainError(_("Giai đoạn không hợp lệ."), code="stage")
    if stage == CampaignStage.PUBLISHED:
        from cchc.parindex.approval import publication_problems

        reasons = publication_problems(campaign)
        if reasons:
            raise DomainError(
                _("Chưa công bố được: kết quả chưa được phê duyệt."), code="not_approved", details=reasons
            )
    with transaction.atomic():
        locked = lock(campaign)
        with audited_change(locked, actor=actor):
            locked.stage = stage
            if decision_number and not locked.decision_number:
                locked.decision_number = decision_number.strip()[:64]
    return locked


# --------------------------------------------------------------------------- self-assessment


def _lock_score(score: Score, expected_version) -> Score:
    locked = lock(score, "criterion", "sheet", "sheet__unit")
    if expected_version is not None and locked.version != int(expected_version):
        raise _conflict()
    return locked


def _score_change(actor, score: Score, note: str):
    """:func:`audited_change` of one score, recorded against the sheet's unit."""
    return audited_change(score, actor=actor, unit=score.sheet.unit, note=note)


def _sheet_change(actor, sheet: Sheet, note: str):
    """:func:`audited_change` of a sheet, recorded against its unit."""
    return audited_change(sheet, actor=actor, unit=sheet.unit, note=note)


def do_self_score(
    *, actor, score: Score, points, note: str = "", override_reason: str = "", expected_version: int | None
) -> Score:
    """The unit reporter's self-score for one sub-criterion, while the sheet is a draft."""
    if not policy.can_self_score(actor, score.sheet):
        raise Forbidden(_("Bạn chỉ được chấm điểm cho đơn vị mình."))
    c = score.criterion
    try:
        value = px.check_score(points, max_points=c.max_points, survey=c.survey)
    except px.ScoreProblem as exc:
        raise _score_problem(exc, c) from None
    override_reason = (override_reason or "").strip()
    with transaction.atomic():
        locked = _lock_score(score, expected_version)
        if locked.sheet.status != SheetStatus.DRAFT:
            raise DomainError(_("Phiếu đã gửi, không còn sửa được điểm tự đánh giá."), code="locked")
        if (
            locked.prefill_points is not None
            and value != locked.prefill_points
            and not (override_reason or locked.override_reason)
        ):
            raise DomainError(
                _("Điểm khác điểm tính sẵn từ số liệu (%(points)s): cần nêu lý do.")
                % {"points": f"{locked.prefill_points.normalize():f}"},
                code="override_reason",
            )
        with _score_change(actor, locked, _("Tự đánh giá")):
            locked.self_points = value
            locked.self_note = (note or "").strip()
            if override_reason:
                locked.override_reason = override_reason
    return locked


def do_add_evidence(
    *,
    actor,
    score: Score,
    file_name: str = "",
    file_data: bytes | None = None,
    tracking_evidence=None,
    url: str = "",
    doc_number: str = "",
) -> ScoreEvidence:
    """Evidence for a score: a file, a link to evidence already on a task (no second upload),
    or a URL. While the sheet is a draft (self-assessment) or, for an item the council
    lowered, during the explanation (giải trình)."""
    sheet = score.sheet
    if not policy.can_self_score(actor, sheet):
        raise Forbidden(_("Bạn chỉ được bổ sung tài liệu cho đơn vị mình."))
    if sheet.status == SheetStatus.DRAFT:
        stage = EvidenceStage.SELF
    elif sheet.status == SheetStatus.ROUND1 and _contested(score):
        stage = EvidenceStage.EXPLANATION
    else:
        raise DomainError(_("Không còn bổ sung được tài liệu cho tiêu chí này."), code="locked")
    url, doc_number = (url or "").strip(), (doc_number or "").strip()
    if tracking_evidence is not None:
        owner = tracking_evidence.update.assignment.unit_id
        if actor is not None and not policy.grants_for(actor).can_report_for(owner):
            raise Forbidden(_("Chỉ dùng được tài liệu kiểm chứng của đơn vị mình."))
    elif not file_data and not url:
        raise DomainError(_("Cần chọn tệp, tài liệu đã có trên hệ thống hoặc đường dẫn."), code="empty")
    if url and not url.lower().startswith(("https://", "http://")):
        raise DomainError(_("Đường dẫn phải bắt đầu bằng http:// hoặc https://."), code="url")
    meta = check_upload(file_name, file_data) if file_data else None
    with transaction.atomic():
        row = ScoreEvidence(
            score=score,
            stage=stage,
            tracking_evidence=tracking_evidence,
            url=url[:500],
            doc_number=(doc_number or (tracking_evidence.doc_number if tracking_evidence else ""))[:120],
            added_by_name=_name(actor),
        )
        if meta:
            row.content_type, row.size, row.sha256 = meta
            row.original_name = file_name[:255]
            row.file.save(file_name, ContentFile(file_data), save=False)
        row.save()
        record(
            actor=actor,
            action=AuditAction.CREATE,
            instance=row,
            changes={"score": [None, str(score)], "evidence": [None, str(row)]},
            unit=sheet.unit,
        )
    return row


def _missing_for_submit(sheet: Sheet) -> list[str]:
    problems = []
    rows = sheet.scores.select_related("criterion").prefetch_related("evidence")
    for s in rows:
        c = s.criterion
        if c.survey or c.kind != "regular":
            continue
        if s.self_points is None:
            problems.append(_("%(code)s: chưa chấm điểm.") % {"code": c.code})
        elif c.evidence_required and s.self_points > 0 and not s.evidence.all() and not s.self_note.strip():
            problems.append(_("%(code)s: chưa có tài liệu kiểm chứng hoặc giải thích.") % {"code": c.code})
    return problems


def do_submit_sheet(*, actor, sheet: Sheet, expected_version: int | None = None) -> Sheet:
    """The unit head submits the self-assessment; the self-scores are then locked."""
    if not policy.can_submit_sheet(actor, sheet):
        raise Forbidden(_("Chỉ lãnh đạo đơn vị được gửi phiếu tự đánh giá."))
    with transaction.atomic():
        locked = lock(sheet)
        if expected_version is not None and locked.version != int(expected_version):
            raise _conflict()
        if locked.status != SheetStatus.DRAFT:
            raise DomainError(_("Phiếu đã được gửi."), code="locked")
        problems = _missing_for_submit(locked)
        if problems:
            raise DomainError(_("Phiếu chưa đủ để gửi."), code="incomplete", details=problems)
        with _sheet_change(actor, locked, _("Gửi tự đánh giá")):
            locked.status = SheetStatus.SUBMITTED
            locked.submitted_at = timezone.now()
            locked.submitted_by_name = _name(actor)
    return locked


# --------------------------------------------------------------------------- appraisal


def _contested(score: Score) -> bool:
    return (
        score.round1_points is not None
        and score.self_points is not None
        and score.round1_points < score.self_points
    )


def do_appraise(
    *, actor, score: Score, round: int, points, comment: str = "", expected_version: int | None
) -> Score:
    """A council member records the appraised score and comment of one sub-criterion in round
    1 (sheet submitted) or round 2 (explanation submitted, or round 1 closed)."""
    sheet = score.sheet
    if not policy.is_par_council(actor, sheet.campaign):
        raise Forbidden(_("Chỉ thành viên Hội đồng thẩm định được chấm điểm thẩm định."))
    if round not in (1, 2):
        raise DomainError(_("Lần thẩm định không hợp lệ."), code="round")
    c = score.criterion
    try:
        value = px.check_score(points, max_points=c.max_points, survey=c.survey)
    except px.ScoreProblem as exc:
        raise _score_problem(exc, c) from None
    with transaction.atomic():
        locked = _lock_score(score, expected_version)
        status = locked.sheet.status
        if round == 1 and status != SheetStatus.SUBMITTED:
            raise DomainError(
                _("Thẩm định lần 1 của phiếu này đã đóng hoặc phiếu chưa được gửi."), code="round_closed"
            )
        if round == 2 and status not in {SheetStatus.ROUND1, SheetStatus.EXPLAINED}:
            raise DomainError(_("Thẩm định lần 2 của phiếu này chưa mở hoặc đã đóng."), code="round_closed")
        with _score_change(actor, locked, _("Thẩm định lần %(n)s") % {"n": round}):
            setattr(locked, f"round{round}_points", value)
            setattr(locked, f"round{round}_comment", (comment or "").strip())
            setattr(locked, f"round{round}_by", actor if getattr(actor, "pk", None) else None)
    return locked


def do_close_round(*, actor, sheet: Sheet, round: int) -> Sheet:
    """Close round 1 (unscored items accept the self-score) or round 2 (unscored items keep the
    round-1 score). After that no council score of that round is accepted."""
    if not policy.is_par_council(actor, sheet.campaign):
        raise Forbidden(_("Chỉ thành viên Hội đồng thẩm định được kết thúc lần thẩm định."))
    with transaction.atomic():
        locked = lock(sheet)
        if round == 1 and locked.status != SheetStatus.SUBMITTED:
            raise DomainError(
                _("Thẩm định lần 1 của phiếu này đã đóng hoặc phiếu chưa được gửi."), code="round_closed"
            )
        if round == 2 and locked.status not in {SheetStatus.ROUND1, SheetStatus.EXPLAINED}:
            raise DomainError(_("Thẩm định lần 2 của phiếu này chưa mở hoặc đã đóng."), code="round_closed")
        if round not in (1, 2):
            raise DomainError(_("Lần thẩm định không hợp lệ."), code="round")
        note, now = _("Kết thúc thẩm định lần %(n)s") % {"n": round}, timezone.now()
        with _sheet_change(actor, locked, note):
            scores = locked.scores.select_related("criterion").exclude(criterion__survey=True)
            for s in scores.filter(**{f"round{round}_points": None}):
                with _score_change(actor, s, note):
                    if round == 1:
                        s.round1_points = s.self_points if s.self_points is not None else Decimal(0)
                    else:
                        s.round2_points = s.round1_points
            if round == 1:
                locked.status, locked.round1_at, locked.round1_by_name = SheetStatus.ROUND1, now, _name(actor)
            else:
                locked.status, locked.round2_at, locked.round2_by_name = SheetStatus.FINAL, now, _name(actor)
    return locked


def do_explain(*, actor, score: Score, explanation: str, expected_version: int | None) -> Score:
    """The unit's explanation (giải trình) of an item the council lowered in round 1."""
    if not policy.can_self_score(actor, score.sheet):
        raise Forbidden(_("Bạn chỉ được giải trình cho đơn vị mình."))
    explanation = (explanation or "").strip()
    if not explanation:
        raise DomainError(_("Cần nội dung giải trình."), code="empty")
    with transaction.atomic():
        locked = _lock_score(score, expected_version)
        if locked.sheet.status != SheetStatus.ROUND1:
            raise DomainError(_("Không trong thời gian giải trình."), code="locked")
        if not _contested(locked):
            raise DomainError(_("Tiêu chí này không bị trừ điểm ở lần thẩm định 1."), code="not_contested")
        with _score_change(actor, locked, _("Giải trình")):
            locked.explanation = explanation
    return locked


def do_submit_explanation(*, actor, sheet: Sheet) -> Sheet:
    if not policy.can_submit_sheet(actor, sheet):
        raise Forbidden(_("Chỉ lãnh đạo đơn vị được gửi giải trình."))
    with transaction.atomic():
        locked = lock(sheet)
        if locked.status != SheetStatus.ROUND1:
            raise DomainError(_("Không trong thời gian giải trình."), code="locked")
        with _sheet_change(actor, locked, _("Gửi giải trình")):
            locked.status, locked.explained_at = SheetStatus.EXPLAINED, timezone.now()
    return locked


# --------------------------------------------------------------------------- survey points


def _survey_locked(campaign: Campaign) -> None:
    if campaign.approved_at is not None:
        raise DomainError(
            _("Kết quả đã được phê duyệt: muốn đổi điểm điều tra cần mở lại kết quả (có ghi lý do)."),
            code="approved",
        )


def do_enter_survey_points(*, actor, score: Score, points, expected_version: int | None = None) -> Score:
    """The standing agency enters a unit's points for a survey-scored criterion."""
    sheet = score.sheet
    if not policy.can_manage_par(actor, sheet.campaign.province_id):
        raise Forbidden(_("Chỉ cơ quan thường trực CCHC được nhập điểm điều tra xã hội học."))
    c = score.criterion
    if not c.survey:
        raise DomainError(
            _("Tiêu chí %(code)s không chấm qua điều tra xã hội học.") % {"code": c.code}, code="not_survey"
        )
    try:
        value = px.check_score(points, max_points=c.max_points)
    except px.ScoreProblem as exc:
        raise _score_problem(exc, c) from None
    with transaction.atomic():
        locked = _lock_score(score, expected_version)
        _survey_locked(Campaign.objects.select_for_update().get(pk=locked.sheet.campaign_id))
        with _score_change(actor, locked, _("Điểm điều tra xã hội học")):
            locked.survey_points, locked.survey_source = value, "entered"
    return locked


CONVERTIBLE = ("sipas", "officials")


def do_apply_survey_index(*, actor, campaign: Campaign, source: str = "sipas") -> int:
    """Convert each unit's index from the survey ``source`` (``sipas`` or ``officials``) into
    points of the leaves that name that source, with each leaf's conversion rule (else the set's,
    else proportional to the leaf's maximum). Leaves of other sources are not touched. Refused
    once the results are approved. Returns the scores set."""
    if not policy.can_manage_par(actor, campaign.province_id):
        raise Forbidden(_("Chỉ cơ quan thường trực CCHC được nhập điểm điều tra xã hội học."))
    if source not in CONVERTIBLE:
        raise DomainError(_("Nguồn khảo sát không quy đổi tự động được."), code="source")
    n = 0
    with transaction.atomic():
        _survey_locked(Campaign.objects.select_for_update().get(pk=campaign.pk))
        for sheet in campaign.sheets.filter(excluded_reason="").select_related("criteria_set"):
            default = sheet.criteria_set.survey_rule or {"method": "proportional", "scale": "100"}
            values: dict[str, Decimal | None] = {}
            for s in sheet.scores.select_related("criterion").filter(
                criterion__survey=True, criterion__survey_source=source
            ):
                rule = s.criterion.survey_rule or default
                key = str(rule.get("index") or "")  # the questionnaire's index for this leaf
                if key not in values:
                    values[key] = sources.survey_index(sheet.unit_id, campaign.year, source, key)
                if values[key] is None:
                    continue
                with _score_change(actor, s, _("Điểm điều tra từ kết quả khảo sát")):
                    s.survey_points = px.evaluate_rule(rule, values[key], s.criterion.max_points)
                    s.survey_source = f"surveys:{source}"
                n += 1
    return n
