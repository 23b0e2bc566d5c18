"""Demo step (order 80): Hải Phòng's 2022 PAR INDEX campaign for its departments and districts.

The criteria sets are a STAND-IN: Hải Phòng's own 2022 decision is not in the seeds, so both sets
are built from the PAR INDEX tree in Hà Nội's Kế hoạch 192/KH-UBND (the national province-level
tree as Hà Nội listed it; sub-criteria the plan does not list are one "các nội dung khác" row),
marked ``is_stand_in`` and shown as "minh họa". The survey-scored items (the "Tác động …"
sub-criteria and SIPAS) and the bands Tốt ≥ 90 / Khá ≥ 80 / Trung bình ≥ 70 / Yếu are
assumptions of the demo (METHODOLOGY §1.3, §4.2: thresholds not found), editable data.

Criterion 3.4 is pre-filled from the measured indicator ``TL_HS_DUNG_HAN`` (dossiers handled
on time) by its rule; survey leaves name their source (8.1 SIPAS, the "Tác động …" leaves the
survey of leaders, managers and civil servants). Five units self-assess with evidence (documents
already on their tasks, or a written explanation), the council appraises round 1 (lowering some
items), Sở Tư pháp explains one item; round 2 closes; survey points are entered; the five units
that never submitted are excluded with the reason; decision 45/QĐ-UBND (demo) approves the
results, which the oversight step publishes; an improvement-plan draft waits in the plans
preview. 2023: the sets copied forward, a campaign in self-assessment (Sở TT&TT still scoring,
Sở Tư pháp submitted). Scores are deterministic (seeded by unit and criterion code).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import ROUND_HALF_UP, Decimal

from cchc.orgs.models import OrgUnit

DEPARTMENTS = ["HP-STP", "HP-STTTT", "HP-STC", "HP-SKHDT", "HP-SXD", "HP-SYT"]
DISTRICTS = ["HP-Q-HONGBANG", "HP-Q-NGOQUYEN", "HP-H-ANLAO", "HP-H-THUYNGUYEN"]
SELF_ASSESSED = ["HP-STP", "HP-STC", "HP-SKHDT", "HP-Q-HONGBANG", "HP-H-ANLAO"]
IN_PROGRESS = {"HP-STTTT": 5, "HP-SXD": 40}  # units still scoring: how many items are left
BANDS = [
    {"min": "90", "label": "Tốt"},
    {"min": "80", "label": "Khá"},
    {"min": "70", "label": "Trung bình"},
    {"min": "0", "label": "Yếu"},
]
# the "Tác động …" tiêu chí of the 192 tree -> the question group of the officials' questionnaire
OFFICIALS_INDEX = {"2.4": "VB", "4.4": "BM", "5.8": "QL", "5.9": "CL", "6.4": "TC", "7.5": "HD"}
NOT_SUBMITTED = "Không gửi phiếu tự đánh giá trước khi Hội đồng thẩm định kết thúc (minh họa)."
DECISION_2022 = ("45/QĐ-UBND (minh họa)", dt.date(2023, 2, 15))
STAND_IN_NOTE = (
    "BỘ CHỈ SỐ MINH HỌA (không phải bộ chỉ số Hải Phòng ban hành): dựng từ bảng tiêu chí Chỉ số CCHC "
    "trong Kế hoạch 192/KH-UBND ngày 08/07/2022 của UBND thành phố Hà Nội. Các tiêu chí chấm qua điều tra "
    "xã hội học và ngưỡng xếp loại là giả định của bản demo [U], cần thay bằng quyết định của tỉnh."
)


def _user(username):
    from cchc.accounts.models import User

    return User.objects.filter(username=username).first()


def _fraction(*parts: str) -> Decimal:
    """A deterministic share in [0.70, 1.00] from the parts."""
    h = int(hashlib.sha256("|".join(parts).encode()).hexdigest()[:8], 16)
    return Decimal(70 + h % 31) / 100


def _points(mx: Decimal, *parts: str) -> Decimal:
    share = _fraction(*parts)
    return mx if share >= Decimal("0.92") else (mx * share).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _stand_in_rows(plan):
    from django.utils.translation import gettext as _

    from cchc.domain import parindex as px
    from cchc.parindex import setloader

    rows = setloader.rows_from_plan(plan, remainder_label=_("Các nội dung khác (kế hoạch không liệt kê)"))
    by_code = {r.code: r for r in rows}
    for r in rows:
        parent = by_code.get(px.parent_code(r.code) or "")
        if r.code == "8.1":  # the citizen satisfaction index
            r.survey, r.survey_source, r.evidence_required = True, "sipas", False
        elif parent is not None and parent.title.startswith("Tác động của cải cách"):
            # scored from the survey of leaders, managers and civil servants (METHODOLOGY §1.3):
            # its question for this sub-criterion (questionnaire DTXHH-CBCC, index VB1 …)
            r.survey, r.survey_source, r.evidence_required = True, "officials", False
            prefix = OFFICIALS_INDEX.get(parent.code)
            if prefix:
                index = prefix + r.code.rsplit(".", 1)[1]
                r.survey_rule = {"index": index, "method": "proportional", "scale": "100"}
        if r.code == "3.4":
            r.guidance = "Minh họa: tỷ lệ hồ sơ giải quyết đúng hạn ≥ 98%: 5 điểm; ≥ 95%: 4 điểm; ≥ 90%: 3 điểm; khác: 0."
            r.rule = {
                "indicator": "TL_HS_DUNG_HAN",
                "method": "thresholds",
                "thresholds": [
                    {"min": "98", "points": "5"},
                    {"min": "95", "points": "4"},
                    {"min": "90", "points": "3"},
                ],
                "otherwise": "0",
            }
    return rows


def _create_campaign(hp, year: int, sets, units, council):
    """The demo's campaign of ``year``: self-assessment by 15/12, explanations by 10/1 and the
    appraisal by 31/1 of the next year."""
    from cchc.parindex import actions

    return actions.do_create_campaign(
        actor=None,
        province=hp,
        year=year,
        title=f"Xác định Chỉ số CCHC năm {year} của các sở, ngành, quận, huyện",
        sets=sets,
        units=units,
        self_deadline=dt.date(year, 12, 15),
        explanation_deadline=dt.date(year + 1, 1, 10),
        appraisal_deadline=dt.date(year + 1, 1, 31),
        council=council,
    )


def load_demo_parindex(stdout=None) -> None:
    from cchc.parindex import actions, approval, improvement, sources
    from cchc.parindex.models import Campaign, Score
    from cchc.plans.models import Plan

    hp = OrgUnit.objects.filter(code="HP").first()
    plan = Plan.objects.filter(number="192/KH-UBND").first()
    if hp is None or plan is None:
        if stdout:
            stdout.write("    no Hải Phòng or no 192/KH-UBND plan: skipped")
        return
    if Campaign.objects.filter(province=hp, year=2022).exists():
        if stdout:
            stdout.write("    campaign already present; skipped")
        return
    sets = {}
    for block, label in (("department", "các sở, ban, ngành"), ("district", "UBND các quận, huyện")):
        cset = actions.do_load_criteria_set(
            actor=None,
            province=hp,
            year=2022,
            block=block,
            title=f"Bộ chỉ số CCHC năm 2022 của {label} (minh họa)",
            rows=_stand_in_rows(plan),
            bands=BANDS,
            source_note=STAND_IN_NOTE,
            is_stand_in=True,
            source_plan=plan,
            survey_rule={"method": "proportional", "scale": "100"},
        )
        sets[block] = actions.do_issue_criteria_set(
            actor=None, criteria_set=cset, decision_number="(minh họa)"
        )
    units = [
        OrgUnit.objects.get(code=c)
        for c in DEPARTMENTS + DISTRICTS
        if OrgUnit.objects.filter(code=c).exists()
    ]
    council = [u for u in [_user("hoidong.haiphong")] if u]
    campaign = _create_campaign(hp, 2022, sets, units, council)
    reporters = {"HP-STP": _user("baocao.stp"), "HP-STTTT": _user("baocao.stttt")}
    heads = {"HP-STP": _user("lanhdao.stp"), "HP-STTTT": _user("lanhdao.stttt")}
    member = council[0] if council else None
    appraised = 0
    for sheet in campaign.sheets.select_related("unit").order_by("unit__code"):
        code = sheet.unit.code
        if code not in SELF_ASSESSED:
            # Sở TT&TT and Sở Xây dựng are still scoring (late); the others have not started
            if code in IN_PROGRESS:
                todo = list(sheet.scores.select_related("criterion", "sheet").filter(criterion__survey=False))
                for s in todo[: max(0, len(todo) - IN_PROGRESS[code])]:
                    actions.do_self_score(
                        actor=reporters.get(code),
                        score=s,
                        points=s.prefill_points
                        if s.prefill_points is not None
                        else _points(s.criterion.max_points, code, s.criterion.code),
                        note="Tài liệu kiểm chứng lưu tại đơn vị.",
                        expected_version=s.version,
                    )
            continue
        reporter = reporters.get(code)
        task_evidence = sources.first_task_evidence(sheet.unit, 5)
        for i, s in enumerate(sheet.scores.select_related("criterion", "sheet").order_by("criterion__order")):
            c = s.criterion
            if c.survey:
                continue
            # a leaf pre-filled from measured data keeps that score (the rule applied to the value)
            pts = s.prefill_points if s.prefill_points is not None else _points(c.max_points, code, c.code)
            note = ""
            if c.evidence_required and i >= len(task_evidence):
                note = "Tài liệu kiểm chứng (bản giấy) lưu tại đơn vị, gửi kèm báo cáo tự đánh giá."
            actions.do_self_score(
                actor=reporter,
                score=s,
                points=pts,
                note=note,
                expected_version=s.version,
            )
            if c.evidence_required and i < len(task_evidence):
                actions.do_add_evidence(actor=None, score=s, tracking_evidence=task_evidence[i])
        sheet.refresh_from_db()
        actions.do_submit_sheet(actor=heads.get(code), sheet=sheet)
        # round 1: the council lowers a few items (deterministically)
        lowered = None
        for s in sheet.scores.select_related("criterion", "sheet").filter(criterion__survey=False):
            if s.self_points and _fraction("r1", code, s.criterion.code) < Decimal("0.76"):
                new = (s.self_points / 2).quantize(Decimal("0.01"))
                actions.do_appraise(
                    actor=member,
                    score=s,
                    round=1,
                    points=new,
                    comment="Tài liệu kiểm chứng chưa đầy đủ",
                    expected_version=s.version,
                )
                lowered = lowered or s
        actions.do_close_round(actor=member, sheet=sheet, round=1)
        appraised += 1
        if code == "HP-STP" and lowered is not None:
            lowered.refresh_from_db()
            actions.do_explain(
                actor=reporter,
                score=lowered,
                expected_version=lowered.version,
                explanation="Đơn vị bổ sung văn bản đã ban hành trong năm 2022.",
            )
            actions.do_add_evidence(
                actor=reporter, score=lowered, url="https://example.org/bo-sung-stp.pdf", doc_number="Bổ sung"
            )
            sheet.refresh_from_db()
            actions.do_submit_explanation(actor=heads.get(code), sheet=sheet)
            lowered.refresh_from_db()
            actions.do_appraise(
                actor=member,
                score=lowered,
                round=2,
                points=lowered.self_points,
                comment="Chấp nhận giải trình",
                expected_version=lowered.version,
            )
            sheet.refresh_from_db()
            actions.do_close_round(actor=member, sheet=sheet, round=2)
    actions.do_advance_campaign(actor=None, campaign=campaign, stage="round1")
    # survey points: each leaf from the survey it names (SIPAS 2022; the officials' survey of
    # 2022 for the "Tác động …" leaves); where a unit was not surveyed, entered by the agency
    converted = sum(
        actions.do_apply_survey_index(actor=None, campaign=campaign, source=src)
        for src in ("sipas", "officials")
    )
    for s in Score.objects.filter(
        sheet__campaign=campaign,
        sheet__status__in=["round1", "explained", "final"],
        criterion__survey=True,
        survey_points=None,
    ).select_related("criterion", "sheet__unit", "sheet__campaign"):
        actions.do_enter_survey_points(
            actor=None,
            score=s,
            points=(s.criterion.max_points * _fraction("dt", s.sheet.unit.code, s.criterion.code)).quantize(
                Decimal("0.01")
            ),
        )
    # closing 2022: round 2 closes for the other appraised units (no explanation), the units that
    # never submitted are excluded with the reason, and the decision approves the results
    for sheet in campaign.sheets.select_related("unit").order_by("unit__code"):
        if sheet.status in {"round1", "explained"}:
            actions.do_close_round(actor=member, sheet=sheet, round=2)
        elif sheet.status == "draft":
            approval.do_exclude_sheet(actor=None, sheet=sheet, reason=NOT_SUBMITTED)
    campaign = approval.do_approve_results(
        actor=None, campaign=campaign, decision_number=DECISION_2022[0], decision_date=DECISION_2022[1]
    )
    # the oversight step (90) publishes them; the campaign says so
    campaign = actions.do_advance_campaign(actor=None, campaign=campaign, stage="published")
    imp = improvement.do_draft_improvement_plan(actor=None, campaign=campaign)
    c2023 = _campaign_2023(hp, sets, units, council, reporters, heads)
    if stdout:
        stdout.write(
            f"    campaign {campaign.pk}: {len(units)} units, {appraised} appraised, {converted} survey "
            f"points converted, results approved by "
            f"{campaign.decision_number}; improvement plan draft: /ke-hoach/nhap/{imp.pk}/ "
            f"({len(imp.interchange['tasks'])} tasks); campaign {c2023.pk} (2023) in self-assessment"
        )


def _campaign_2023(hp, sets_2022, units, council, reporters, heads):
    """2023: the sets copied forward and issued, a campaign in self-assessment: Sở TT&TT (five
    items left; a browser test finishes it) and Sở Tư pháp (twenty left; a browser test scores a
    lĩnh vực at once) still scoring, Sở Kế hoạch và Đầu tư submitted (the council's queue).
    Rule-scored leaves are pre-filled where 2023 values exist."""
    from cchc.parindex import actions

    sets = {}
    for block, cset in sets_2022.items():
        new = actions.do_copy_criteria_set(actor=None, source=cset, year=2023)
        sets[block] = actions.do_issue_criteria_set(
            actor=None, criteria_set=new, decision_number="(minh họa)"
        )
    campaign = _create_campaign(hp, 2023, sets, units, council)
    for code, left in (("HP-STTTT", 5), ("HP-STP", 20), ("HP-SKHDT", 0)):
        sheet = campaign.sheets.filter(unit__code=code).first()
        if sheet is None:
            continue
        todo = list(
            sheet.scores.select_related("criterion", "sheet").filter(
                criterion__survey=False, self_points=None
            )
        )
        for s in todo[: len(todo) - left]:
            actions.do_self_score(
                actor=reporters.get(code),
                score=s,
                points=s.prefill_points
                if s.prefill_points is not None
                else _points(s.criterion.max_points, code, "2023", s.criterion.code),
                note="Tài liệu kiểm chứng lưu tại đơn vị.",
                expected_version=s.version,
            )
        if left == 0:
            sheet.refresh_from_db()
            actions.do_submit_sheet(actor=heads.get(code), sheet=sheet)
    return campaign
