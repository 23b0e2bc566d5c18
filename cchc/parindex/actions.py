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
from cchc.audit.recording import record, snapshot
from cchc.core.errors import ConflictError, DomainError
from cchc.core.uploads import check_upload
from cchc.domain import parindex as px
from cchc.parindex import setloader, sources
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


# --------------------------------------------------------------------------- criteria sets


def _score_problem(exc: px.ScoreProblem, criterion: Criterion) -> DomainError:
    mx = criterion.max_points.normalize()
    msg = {
        "survey_only": _("Tiêu chí %(code)s được chấm qua điều tra xã hội học, không tự chấm hay thẩm định."),
        "negative": _("Điểm của tiêu chí %(code)s không được âm."),
        "above_max": _("Điểm của tiêu chí %(code)s vượt điểm tối đa %(max)s."),
        "not_a_number": _("Điểm của tiêu chí %(code)s không phải là số."),
    }[exc.kind]
    return DomainError(msg % {"code": criterion.code, "max": f"{mx:f}"}, code=exc.kind)


def _check_rows(rows: list[px.Node], bands: list[dict]) -> None:
    problems = px.check_tree(rows)
    if problems:
        raise DomainError(
            _("Bộ tiêu chí chưa hợp lệ, chưa lưu gì."),
            code="tree",
            details=[setloader.tree_problem_message(p) for p in problems],
        )
    details = []
    for r in rows:
        if r.rule is not None and px.check_rule(r.rule, r.max_points):
            details.append(_("Tiêu chí %(code)s: quy tắc chấm không hợp lệ.") % {"code": r.code})
    unknown = sources.unknown_indicator_codes(r.rule.get("indicator") for r in rows if r.rule)
    for code in unknown:
        used = ", ".join(r.code for r in rows if r.rule and r.rule.get("indicator") == code)
        details.append(
            _(
                "Tiêu chí %(codes)s: quy tắc tính sẵn dùng chỉ tiêu “%(indicator)s” không có trong danh mục chỉ tiêu."
            )
            % {"codes": used, "indicator": code}
        )
    if px.check_bands(bands):
        details.append(_("Các mức xếp loại cần có tên khác nhau và ngưỡng từ 0 đến 100."))
    if px.tree_max(rows) <= 0:
        details.append(_("Tổng điểm tối đa phải lớn hơn 0."))
    if details:
        raise DomainError(_("Bộ tiêu chí chưa hợp lệ, chưa lưu gì."), code="tree", details=details)


def _store_rows(cset: CriteriaSet, rows: list[px.Node]) -> None:
    roots = px.build_tree(rows)
    leaves = {n.code for n in px.leaves(roots)}
    by_code: dict[str, Criterion] = {}
    for i, r in enumerate(rows):
        by_code[r.code] = Criterion.objects.create(
            criteria_set=cset,
            parent=by_code.get(px.parent_code(r.code) or ""),
            code=r.code,
            title=r.title,
            depth=r.depth,
            kind=r.kind,
            max_points=r.max_points,
            guidance=r.guidance,
            evidence_required=r.evidence_required,
            survey=r.survey,
            rule=r.rule,
            survey_source=r.survey_source if r.survey else "",
            survey_rule=r.survey_rule if r.survey else None,
            lead_text=r.lead[:500],
            is_leaf=r.code in leaves,
            order=i,
        )


def do_load_criteria_set(
    *,
    actor,
    province,
    year: int,
    block: str,
    title: str,
    rows: list[px.Node],
    bands: list[dict] | None = None,
    decision_number: str = "",
    decision_date: dt.date | None = None,
    source_note: str = "",
    is_stand_in: bool = False,
    survey_rule: dict | None = None,
    source_plan=None,
    copied_from: CriteriaSet | None = None,
) -> CriteriaSet:
    """A new draft set from checked rows (children sum to parents, unique codes, sound rules)."""
    if not policy.can_manage_par(actor, province):
        raise Forbidden(_("Chỉ cơ quan thường trực CCHC của tỉnh, thành phố được nạp bộ chỉ số."))
    if block not in Block.values:
        raise DomainError(_("Khối đơn vị không hợp lệ."), code="block")
    if not rows:
        raise DomainError(_("Bộ tiêu chí không có tiêu chí nào."), code="empty")
    bands = list(bands or [])
    _check_rows(rows, bands)
    if survey_rule is not None and px.check_rule(survey_rule, Decimal(100)):
        raise DomainError(_("Quy tắc quy đổi điểm điều tra không hợp lệ."), code="survey_rule")
    with transaction.atomic():
        cset = CriteriaSet.objects.create(
            province=province,
            year=year,
            block=block,
            title=title.strip()[:500] or _("Bộ chỉ số CCHC"),
            decision_number=decision_number[:64],
            decision_date=decision_date,
            source_note=source_note,
            is_stand_in=is_stand_in,
            max_points=px.tree_max(rows),
            bands=bands,
            survey_rule=survey_rule,
            source_plan=source_plan,
            copied_from=copied_from,
        )
        _store_rows(cset, rows)
        record(
            actor=actor,
            action=AuditAction.CREATE,
            instance=cset,
            changes={"criteria": [None, len(rows)], "max_points": [None, str(cset.max_points)]},
            unit=province,
        )
    return cset


def do_load_criteria_set_xlsx(*, actor, data: bytes, **kw) -> CriteriaSet:
    """The same from a filled-in XLSX template (sheet "Tiêu chí" and optional "Xếp loại")."""
    if not policy.can_manage_par(actor, kw["province"]):
        raise Forbidden(_("Chỉ cơ quan thường trực CCHC của tỉnh, thành phố được nạp bộ chỉ số."))
    rows, bands = setloader.read_xlsx(data)
    return do_load_criteria_set(actor=actor, rows=rows, bands=kw.pop("bands", None) or bands, **kw)


def do_load_criteria_set_from_plan(
    *, actor, plan, block: str, year: int | None = None, survey_codes=(), fill_gaps: bool = False, **kw
) -> CriteriaSet:
    """A set in one step from a committed plan's PAR INDEX table (e.g. Hà Nội 192/KH-UBND)."""
    if not plan.index_criteria.exists():
        raise DomainError(_("Kế hoạch này không có bảng tiêu chí Chỉ số CCHC."), code="no_index")
    rows = setloader.rows_from_plan(
        plan,
        survey_codes=survey_codes,
        remainder_label=_("Các nội dung khác (kế hoạch không liệt kê)") if fill_gaps else None,
    )
    year = year or plan.period_start or timezone.localdate().year
    kw.setdefault("title", _("Bộ chỉ số từ kế hoạch %(number)s") % {"number": plan.number or plan.title[:60]})
    kw.setdefault("source_note", _("Lập từ bảng tiêu chí của kế hoạch %(number)s") % {"number": plan.number})
    return do_load_criteria_set(actor=actor, rows=rows, block=block, year=year, source_plan=plan, **kw)


def set_rows(cset: CriteriaSet) -> list[px.Node]:
    return [
        px.Node(
            code=c.code,
            title=c.title,
            max_points=c.max_points,
            kind=c.kind,
            survey=c.survey,
            evidence_required=c.evidence_required,
            guidance=c.guidance,
            lead=c.lead_text,
            rule=c.rule,
            survey_source=c.survey_source,
            survey_rule=c.survey_rule,
            order=c.order,
        )
        for c in cset.criteria.order_by("order")
    ]


def do_copy_criteria_set(
    *, actor, source: CriteriaSet, year: int, changes: dict | None = None, title: str = ""
) -> CriteriaSet:
    """Next year's draft: the same tree, with ``changes`` ({code: {field: value}}; a value of
    None for the whole code removes it) applied and checked as a whole."""
    rows = set_rows(source)
    for code, fields in (changes or {}).items():
        if fields is None:
            rows = [r for r in rows if r.code != code and not r.code.startswith(code + ".")]
            continue
        match = [r for r in rows if r.code == code]
        if not match:
            rows.append(px.Node(code=code, title=fields.get("title", code), max_points=Decimal(0)))
            match = rows[-1:]
        for key, value in fields.items():
            setattr(match[0], key, px.to_decimal(value) if key == "max_points" else value)
    return do_load_criteria_set(
        actor=actor,
        province=source.province,
        year=year,
        block=source.block,
        title=title or source.title.replace(str(source.year), str(year)),
        rows=rows,
        bands=source.bands,
        source_note=source.source_note,
        is_stand_in=source.is_stand_in,
        survey_rule=source.survey_rule,
        copied_from=source,
    )


def do_issue_criteria_set(
    *, actor, criteria_set: CriteriaSet, decision_number: str = "", decision_date: dt.date | None = None
) -> CriteriaSet:
    if not policy.can_manage_par(actor, criteria_set.province_id):
        raise Forbidden(_("Chỉ cơ quan thường trực CCHC được ban hành bộ chỉ số."))
    with transaction.atomic():
        locked = CriteriaSet.objects.select_for_update().get(pk=criteria_set.pk)
        before = snapshot(locked)
        locked.status = SetStatus.ISSUED
        locked.decision_number = decision_number or locked.decision_number
        locked.decision_date = decision_date or locked.decision_date
        locked.version += 1
        locked.save()
        record(actor=actor, action=AuditAction.UPDATE, instance=locked, before=before, after=snapshot(locked))
    return locked


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
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        before = snapshot(locked)
        locked.stage = stage
        if decision_number and not locked.decision_number:
            locked.decision_number = decision_number.strip()[:64]
        locked.version += 1
        locked.save()
        record(actor=actor, action=AuditAction.UPDATE, instance=locked, before=before, after=snapshot(locked))
    return locked


# --------------------------------------------------------------------------- self-assessment


def _lock_score(score: Score, expected_version) -> Score:
    locked = (
        Score.objects.select_for_update().select_related("criterion", "sheet", "sheet__unit").get(pk=score.pk)
    )
    if expected_version is not None and locked.version != int(expected_version):
        raise _conflict()
    return locked


def _save_score(actor, locked: Score, before: dict, note: str) -> Score:
    locked.version += 1
    locked.save()
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=locked,
        before=before,
        after=snapshot(locked),
        unit=locked.sheet.unit,
        note=note,
    )
    return locked


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
        before = snapshot(locked)
        locked.self_points = value
        locked.self_note = (note or "").strip()
        if override_reason:
            locked.override_reason = override_reason
        return _save_score(actor, locked, before, _("Tự đánh giá"))


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
        locked = Sheet.objects.select_for_update().get(pk=sheet.pk)
        if expected_version is not None and locked.version != int(expected_version):
            raise _conflict()
        if locked.status != SheetStatus.DRAFT:
            raise DomainError(_("Phiếu đã được gửi."), code="locked")
        problems = _missing_for_submit(locked)
        if problems:
            raise DomainError(_("Phiếu chưa đủ để gửi."), code="incomplete", details=problems)
        before = snapshot(locked)
        locked.status = SheetStatus.SUBMITTED
        locked.submitted_at = timezone.now()
        locked.submitted_by_name = _name(actor)
        locked.version += 1
        locked.save()
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=locked,
            before=before,
            after=snapshot(locked),
            unit=locked.unit,
            note=_("Gửi tự đánh giá"),
        )
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
        before = snapshot(locked)
        setattr(locked, f"round{round}_points", value)
        setattr(locked, f"round{round}_comment", (comment or "").strip())
        setattr(locked, f"round{round}_by", actor if getattr(actor, "pk", None) else None)
        return _save_score(actor, locked, before, _("Thẩm định lần %(n)s") % {"n": round})


def do_close_round(*, actor, sheet: Sheet, round: int) -> Sheet:
    """Close round 1 (unscored items accept the self-score) or round 2 (unscored items keep the
    round-1 score). After that no council score of that round is accepted."""
    if not policy.is_par_council(actor, sheet.campaign):
        raise Forbidden(_("Chỉ thành viên Hội đồng thẩm định được kết thúc lần thẩm định."))
    with transaction.atomic():
        locked = Sheet.objects.select_for_update().get(pk=sheet.pk)
        before = snapshot(locked)
        now = timezone.now()
        scores = locked.scores.select_related("criterion").exclude(criterion__survey=True)
        if round == 1:
            if locked.status != SheetStatus.SUBMITTED:
                raise DomainError(
                    _("Thẩm định lần 1 của phiếu này đã đóng hoặc phiếu chưa được gửi."), code="round_closed"
                )
            for s in scores.filter(round1_points=None):
                before_s = snapshot(s)
                s.round1_points = s.self_points if s.self_points is not None else Decimal(0)
                _save_score(actor, s, before_s, _("Kết thúc thẩm định lần %(n)s") % {"n": 1})
            locked.status, locked.round1_at, locked.round1_by_name = SheetStatus.ROUND1, now, _name(actor)
        elif round == 2:
            if locked.status not in {SheetStatus.ROUND1, SheetStatus.EXPLAINED}:
                raise DomainError(
                    _("Thẩm định lần 2 của phiếu này chưa mở hoặc đã đóng."), code="round_closed"
                )
            for s in scores.filter(round2_points=None):
                before_s = snapshot(s)
                s.round2_points = s.round1_points
                _save_score(actor, s, before_s, _("Kết thúc thẩm định lần %(n)s") % {"n": 2})
            locked.status, locked.round2_at, locked.round2_by_name = SheetStatus.FINAL, now, _name(actor)
        else:
            raise DomainError(_("Lần thẩm định không hợp lệ."), code="round")
        locked.version += 1
        locked.save()
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=locked,
            before=before,
            after=snapshot(locked),
            unit=locked.unit,
            note=_("Kết thúc thẩm định lần %(n)s") % {"n": round},
        )
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
        before = snapshot(locked)
        locked.explanation = explanation
        return _save_score(actor, locked, before, _("Giải trình"))


def do_submit_explanation(*, actor, sheet: Sheet) -> Sheet:
    if not policy.can_submit_sheet(actor, sheet):
        raise Forbidden(_("Chỉ lãnh đạo đơn vị được gửi giải trình."))
    with transaction.atomic():
        locked = Sheet.objects.select_for_update().get(pk=sheet.pk)
        if locked.status != SheetStatus.ROUND1:
            raise DomainError(_("Không trong thời gian giải trình."), code="locked")
        before = snapshot(locked)
        locked.status, locked.explained_at = SheetStatus.EXPLAINED, timezone.now()
        locked.version += 1
        locked.save()
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=locked,
            before=before,
            after=snapshot(locked),
            unit=locked.unit,
            note=_("Gửi giải trình"),
        )
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
        before = snapshot(locked)
        locked.survey_points, locked.survey_source = value, "entered"
        return _save_score(actor, locked, before, _("Điểm điều tra xã hội học"))


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
                before = snapshot(s)
                s.survey_points = px.evaluate_rule(rule, values[key], s.criterion.max_points)
                s.survey_source = f"surveys:{source}"
                _save_score(actor, s, before, _("Điểm điều tra từ kết quả khảo sát"))
                n += 1
    return n
