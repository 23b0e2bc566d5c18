"""Demo step (order 90): a 2022 inspection plan of Hải Phòng covering ≥ 30% of its departments,
with findings (two of which are now follow-up tasks), a published 2022 results page, and a few
notifications. Runs after tracking's progress (40) so the proposal and the snapshot use real data.

Issue 21: the province plan's team includes ``kiemtra.haiphong`` (Bùi Văn Nam, of the city's
inspectorate side), who records a finding himself; and Sở Thông tin và Truyền thông runs its own
2022 programme over its three subordinate units (illustrative units created here, not shipped)."""

from __future__ import annotations

import datetime as dt

from cchc.core.errors import DomainError
from cchc.orgs.models import OrgUnit
from cchc.oversight import actions, publishing
from cchc.oversight.models import InspectionPlan


def _user(username):
    from cchc.accounts.models import User

    return User.objects.filter(username=username).first()


CHECKLIST = [
    {"code": "1", "title": "Công tác chỉ đạo, điều hành cải cách hành chính"},
    {"code": "2", "title": "Cải cách thủ tục hành chính"},
    {"code": "3", "title": "Cải cách chế độ công vụ"},
    {"code": "4", "title": "Xây dựng chính quyền điện tử, chính quyền số"},
]


def _inspected(actor, ins, day: dt.date, conclusion: str, met: tuple[str, str], evidence: str = "") -> None:
    """Record ``ins`` as done on ``day`` with ``conclusion`` and one finding met (checklist code,
    text)."""
    actions.do_record_inspection(actor=actor, inspection=ins, inspected_on=day, conclusion=conclusion)
    code, text = met
    actions.do_add_finding(
        actor=actor, inspection=ins, kind="dat", checklist_code=code, text=text, evidence=evidence
    )


def load_demo_oversight(stdout=None) -> None:
    hp = OrgUnit.objects.filter(code="HP").first()
    officer = _user("snv.haiphong")
    if hp is None or officer is None or InspectionPlan.objects.filter(province=hp, year=2022).exists():
        return
    proposal = actions.proposal_for(hp, 2022, ["department"], actions._share("0.3"))
    ids = [c.unit_id for c in proposal.selected]
    for code in ("HP-STP", "HP-STTTT"):  # the demo's featured departments are inspected too
        u = OrgUnit.objects.filter(code=code).first()
        if u and u.pk not in ids:
            ids.append(u.pk)
    plan = actions.do_create_inspection_plan(
        actor=officer,
        province=hp,
        year=2022,
        unit_ids=ids,
        number="45/KH-SNV",
        levels=["department"],
        required_share="0.3",
        share_source="Kế hoạch 216/KH-UBND: kiểm tra ít nhất 30% cơ quan, đơn vị mỗi năm",
        team=[
            {"name": "Nguyễn Thị Thu", "position": "Trưởng đoàn", "unit": "Sở Nội vụ"},
            {"name": "Bùi Văn Nam", "position": "Thành viên", "unit": "Sở Nội vụ"},
        ],
        checklist=CHECKLIST,
        start_date=dt.date(2022, 6, 1),
        end_date=dt.date(2022, 10, 31),
        members=["kiemtra.haiphong"] if _user("kiemtra.haiphong") else [],
    )
    inspections = list(plan.inspections.select_related("unit").order_by("order"))
    tasks = 0
    for k, ins in enumerate(inspections):
        day = dt.date(2022, 6, 6) + dt.timedelta(days=7 * k)
        _inspected(
            officer,
            ins,
            day,
            f"{ins.unit.name} cơ bản thực hiện đầy đủ nhiệm vụ cải cách hành chính năm 2022.",
            ("1", "Ban hành kế hoạch CCHC năm 2022 đúng thời hạn, phân công rõ trách nhiệm."),
            evidence="Kế hoạch CCHC năm 2022 của đơn vị",
        )
        if ins.unit.code in ("HP-STP", "HP-STTTT"):
            actions.do_add_finding(
                actor=officer,
                inspection=ins,
                kind="ton_tai",
                checklist_code="2" if ins.unit.code == "HP-STP" else "4",
                text=(
                    "Một số hồ sơ thủ tục hành chính giải quyết quá hạn chưa có văn bản xin lỗi."
                    if ins.unit.code == "HP-STP"
                    else "Tỷ lệ hồ sơ trực tuyến toàn trình còn thấp so với chỉ tiêu."
                ),
                evidence="Sổ theo dõi hồ sơ; báo cáo của đơn vị",
                action=(
                    "Rà soát, gửi văn bản xin lỗi đối với hồ sơ giải quyết quá hạn"
                    if ins.unit.code == "HP-STP"
                    else "Xây dựng giải pháp nâng tỷ lệ hồ sơ trực tuyến toàn trình"
                ),
                action_due=dt.date(2022, 12, 31),
            )
            tasks += 1
    member = _user("kiemtra.haiphong")
    if member is not None and inspections:
        actions.do_add_finding(
            actor=member,
            inspection=inspections[0],
            kind="dat",
            checklist_code="3",
            text="Đã rà soát, sắp xếp các phòng chuyên môn theo quy định; không có tồn tại về tổ chức bộ máy.",
            evidence="Quyết định kiện toàn tổ chức các phòng chuyên môn",
        )
    department = _department_programme(hp)
    try:
        pub = actions.do_publish(actor=officer, province=hp, kind="plans", year=2022)
    except DomainError:  # no 2022 work in the demo plans: nothing to publish
        pub = None
    if publishing.get_kind("parindex") is not None:
        try:  # the 2022 PAR INDEX results, approved by decision in the parindex demo step
            actions.do_publish(actor=officer, province=hp, kind="parindex", year=2022)
        except DomainError:
            pass
    if stdout:
        stdout.write(
            f"  kiểm tra 2022: {len(inspections)}/{proposal.population} sở (quy tắc {proposal.rule}), "
            f"{tasks} nhiệm vụ khắc phục; công khai: {f'/cong-khai/HP/{pub.pk}/' if pub else '—'}"
        )
        if department:
            stdout.write(
                f"  kiểm tra 2022 của {department.organiser.name}: "
                f"{department.inspections.count()}/{department.population_count} đơn vị trực thuộc"
            )


# illustrative subordinate units of Sở TT&TT Hải Phòng (closed with the department in 2025)
SUBORDINATES = [
    ("HP-STTTT-TTCNTT", "Trung tâm Công nghệ thông tin và Truyền thông"),
    ("HP-STTTT-TTTT", "Trung tâm Thông tin và Truyền thông"),
    ("HP-STTTT-BQLDA", "Ban Quản lý dự án công nghệ thông tin"),
]


def _department_programme(hp: OrgUnit) -> InspectionPlan | None:
    """Sở TT&TT's own 2022 programme over its subordinate units, drawn up by its director."""
    from cchc.orgs.actions import do_create_unit

    dept = OrgUnit.objects.filter(code="HP-STTTT").first()
    head = _user("lanhdao.stttt")
    if dept is None or head is None:
        return None
    for code, name in SUBORDINATES:
        if not OrgUnit.objects.filter(code=code).exists():
            do_create_unit(
                actor=None,
                code=code,
                name=name,
                level="other",
                kind="public_service_unit",
                parent=dept,
                valid_to=dept.valid_to,
            )
    share = actions._share("0.3")
    proposal = actions.proposal_for(hp, 2022, [], share, dept)
    plan = actions.do_create_inspection_plan(
        actor=head,
        province=hp,
        organiser=dept,
        year=2022,
        unit_ids=[c.unit_id for c in proposal.selected],
        number="18/KH-STTTT",
        title="Kế hoạch kiểm tra công tác cải cách hành chính năm 2022 tại các đơn vị trực thuộc Sở",
        levels=[],
        required_share="0.3",
        share_source="Kế hoạch 216/KH-UBND: mỗi cơ quan kiểm tra ít nhất 30% đơn vị trực thuộc mỗi năm",
        team=[{"name": "Vũ Đức Long", "position": "Trưởng đoàn", "unit": "Sở Thông tin và Truyền thông"}],
        checklist=CHECKLIST,
        start_date=dt.date(2022, 8, 1),
        end_date=dt.date(2022, 11, 30),
    )
    for ins in plan.inspections.all():
        _inspected(
            head,
            ins,
            dt.date(2022, 9, 15),
            f"{ins.unit.name} thực hiện đầy đủ nhiệm vụ CCHC được Sở giao năm 2022.",
            ("2", "Niêm yết công khai đầy đủ quy trình giải quyết công việc tại đơn vị."),
        )
    return plan
