"""Demo step (order 82): Hà Nội follows its own 2022 PAR INDEX from the appendix of Kế hoạch
192/KH-UBND (79 rows: the 2021 announced score and the 2022 target per criterion, a lead
department each). The lead departments' self-assessment and the "announced" result are
ILLUSTRATIVE values (said so on the page): the real per-criterion result was not collected."""

from __future__ import annotations

from decimal import Decimal

from cchc.orgs.models import OrgUnit

NOTE = (
    "Số liệu minh họa của bản trình diễn (tự đánh giá và kết quả công bố), không phải kết quả "
    "Bộ Nội vụ công bố thật."
)


def load_demo_province_index(stdout=None) -> None:
    from cchc.accounts.models import User
    from cchc.parindex import province_actions as actions
    from cchc.parindex.province_models import ProvinceCampaign
    from cchc.plans.models import Plan

    hn = OrgUnit.objects.filter(code="HN").first()
    plan = Plan.objects.filter(province=hn, number__startswith="192").first() if hn else None
    if hn is None or plan is None or ProvinceCampaign.objects.filter(province=hn, year=2022).exists():
        return
    officer = User.objects.filter(username="snv.hanoi").first()
    campaign = actions.do_create_province_campaign(
        actor=officer,
        province=hn,
        year=2022,
        plan=plan,
        title="Chỉ số CCHC (PAR INDEX) năm 2022 của thành phố Hà Nội",
    )
    criteria = list(campaign.criteria.order_by("order"))
    entries = {}
    for k, c in enumerate(criteria):
        if c.summed or not c.self_assessed or c.target is None:
            continue
        # most criteria reach the target; every fourth stays at last year's score
        points = c.baseline if k % 4 == 0 and c.baseline is not None else c.target
        evidence = (
            "" if k % 7 == 0 else f"Báo cáo kết quả thực hiện năm 2022 của {c.lead_text or 'đơn vị chủ trì'}"
        )
        entries[c.pk] = {
            "points": str(points),
            "evidence": evidence,
            "explanation": "Điểm tính theo số liệu tổng hợp của đơn vị chủ trì; văn bản kiểm chứng đang hoàn thiện."
            if not evidence
            else "",
        }
    actions.do_save_province_self_assessment(actor=officer, campaign=campaign, entries=entries)
    announced = {}
    for c in campaign.criteria.all():
        if c.summed or c.max_points is None:
            continue
        if c.self_points is not None:
            announced[c.code] = str(c.self_points)
        elif c.baseline is not None and c.target is not None:
            half = (c.baseline + (c.target - c.baseline) / 2).quantize(Decimal("0.001"))
            announced[c.code] = str(half)
    actions.do_record_announced_result(
        actor=officer,
        campaign=campaign,
        points=announced,
        decision="Kết quả Chỉ số CCHC năm 2022 (minh họa)",
        note=NOTE,
    )
    if stdout:
        from cchc.parindex.province_queries import table

        t = table(campaign)
        stdout.write(
            f"    Hà Nội 2022: {len(t.rows)} tiêu chí, năm 2021 {t.totals['baseline']}, mục tiêu "
            f"{t.totals['target']}, minh họa kết quả {t.totals['announced']}; "
            f"{len(t.below_target)} dòng dưới mục tiêu"
        )
