"""Demo step: the three shipped questionnaires; Hải Phòng's SIPAS rounds of 2021 and 2022 (six
units, a few hundred generated responses through the real intake, closed, results computed,
targets from Kế hoạch 216/KH-UBND); Hải Phòng's 2022 survey of leaders, managers and civil
servants of the ten units its PAR INDEX assesses (codes handed to each unit's staff; the PAR
INDEX converts it into the "Tác động …" sub-criteria); Hà Nội's 2022 round with the factor and
indicator targets of 192/KH-UBND's SIPAS table; and an open one-stop desk round for today, with
codes to hand out."""

from __future__ import annotations

import datetime as dt
import random
from pathlib import Path

from django.utils import timezone

DATA = Path(__file__).resolve().parent / "data"
SIPAS_UNITS = [  # code, dossiers in the period (N), satisfaction propensity
    ("HP-STP", 900, 0.93),
    ("HP-SXD", 1400, 0.82),
    ("HP-STNMT", 2100, 0.76),
    ("HP-SKHDT", 700, 0.9),
    ("HP-Q-HONGBANG", 1800, 0.88),
    ("HP-Q-LECHAN", 1600, 0.85),
]
# the units Hải Phòng's 2022 PAR INDEX assesses; N = staff answering the officials' survey
OFFICIALS_UNITS = [
    ("HP-STP", 30, 0.85),
    ("HP-STTTT", 30, 0.8),
    ("HP-STC", 30, 0.78),
    ("HP-SKHDT", 30, 0.82),
    ("HP-SXD", 30, 0.7),
    ("HP-SYT", 30, 0.75),
    ("HP-Q-HONGBANG", 30, 0.84),
    ("HP-Q-NGOQUYEN", 30, 0.8),
    ("HP-H-ANLAO", 30, 0.76),
    ("HP-H-THUYNGUYEN", 30, 0.72),
]
LOW = ["binh_thuong", "khong_hai_long", "rat_khong_hai_long"]
COMMENTS = [
    "Cán bộ hướng dẫn tận tình.",
    "Thời gian chờ còn lâu, cần thêm quầy tiếp nhận.",
    "Nên gửi tin nhắn khi có kết quả.",
    "Phòng chờ chật, thiếu chỗ ngồi.",
]


def load_questionnaires():
    from cchc.surveys.actions import do_load_questionnaire

    return [
        do_load_questionnaire(data=(DATA / name).read_bytes(), filename=name, actor=None)
        for name in ("sipas-2017-2020.xlsx", "mot-cua-3-muc.xlsx", "dtxhh-cbcc.xlsx")
    ]


def generated_answers(q, rng: random.Random, p: float) -> dict:
    answers: dict = {}
    for name, question in q.questions.items():
        if question.type == "likert":
            names = [c.name for c in question.choices]
            if "tot" in names:  # the officials' 5-level quality scale
                answers[name] = (
                    rng.choice(["tot", "rat_tot"]) if rng.random() < p else rng.choice(["trung_binh", "kem"])
                )
            elif "hai_long" in names and len(names) == 5:
                answers[name] = (
                    rng.choice(["hai_long", "rat_hai_long"]) if rng.random() < p else rng.choice(LOW)
                )
            else:
                answers[name] = (
                    rng.choice(["hai_long", "rat_hai_long"]) if rng.random() < p else "chua_hai_long"
                )
        elif question.type == "select_one":
            answers[name] = rng.choice([c.name for c in question.choices])
        elif question.type == "select_multiple":
            answers[name] = rng.sample([c.name for c in question.choices], 2)
        elif question.type == "integer":
            answers[name] = str(rng.choice([1, 1, 1, 2, 2, 3]))
        elif question.type == "text" and rng.random() < 0.15:
            answers[name] = rng.choice(COMMENTS)
    if "da_gop_y" in answers and rng.random() < 0.6:
        answers["da_gop_y"] = "khong"
    return answers


def _sipas_round(
    q,
    hp,
    plan,
    year: int,
    per_unit: int,
    shift: float,
    rng: random.Random,
    stdout,
    unit_list=None,
    title: str = "",
    open_link: bool = True,
    from_dossiers: bool = False,
):
    from cchc.orgs.models import OrgUnit
    from cchc.surveys.actions import do_create_round, do_generate_invitations, do_set_round_status
    from cchc.surveys.intake import do_submit_response
    from cchc.surveys.models import Channel, SurveyRound

    unit_list = unit_list or SIPAS_UNITS
    title = title or f"Khảo sát sự hài lòng (SIPAS) năm {year}"
    if SurveyRound.objects.filter(province=hp, title=title).exists():
        return
    units = {u.code: u for u in OrgUnit.objects.filter(code__in=[c for c, _n, _p in unit_list])}
    rnd = do_create_round(
        province=hp,
        questionnaire=q,
        title=title,
        year=year,
        starts_on=dt.date(year, 9, 1),
        ends_on=dt.date(year, 11, 30),
        # 2022 in Hải Phòng: each unit's N comes from the dossiers it received from January to
        # August (the indicators demo's one-stop statistics), as a standing agency would get it
        units=[(units[c], None if from_dossiers else n) for c, n, _p in unit_list if c in units],
        use_invitations=True,
        use_open_link=open_link,
        target_plan=plan,
        actor=None,
    )
    do_set_round_status(round=rnd, status="open", actor=None)
    parsed = q.parsed
    total = 0
    for ru in rnd.units.select_related("unit"):
        p = max(0.5, min(0.98, {c: pp for c, _n, pp in unit_list}[ru.unit.code] + shift))
        codes = do_generate_invitations(round_unit=ru, count=per_unit + 10, actor=None)
        for i, inv in enumerate(codes[:per_unit]):
            when = timezone.make_aware(dt.datetime(year, 9, 2) + dt.timedelta(hours=7 + i * 37 % 1900))
            do_submit_response(
                round_unit=ru,
                raw=generated_answers(parsed, rng, p),
                channel=Channel.INVITATION,
                invitation=inv,
                now=when,
            )
            total += 1
        for i in range(per_unit // 8 if open_link else 0):  # a few open-link responses
            when = timezone.make_aware(dt.datetime(year, 10, 1) + dt.timedelta(hours=i * 5))
            do_submit_response(
                round_unit=ru,
                raw=generated_answers(parsed, rng, p),
                channel=Channel.OPEN_LINK,
                address=f"203.0.113.{i + 1}",
                now=when,
            )
            total += 1
    do_set_round_status(round=rnd, status="closed", actor=None)
    if stdout:
        stdout.write(f"    {title}: {total} phiếu, {rnd.units.count()} đơn vị")


def load_demo_surveys(stdout=None) -> None:
    from cchc.orgs.models import OrgUnit
    from cchc.plans.models import Plan
    from cchc.surveys.actions import do_create_round, do_generate_invitations, do_set_round_status
    from cchc.surveys.models import SurveyRound

    sipas, one_stop, officials = load_questionnaires()
    hp = OrgUnit.objects.filter(code="HP").first()
    if hp is None:
        return
    plan = Plan.objects.filter(province=hp, number="216/KH-UBND").first()
    rng = random.Random(2022)
    _sipas_round(sipas, hp, plan, 2021, 25, -0.04, rng, stdout)
    _sipas_round(sipas, hp, plan, 2022, 45, 0.0, rng, stdout, from_dossiers=True)
    _sipas_round(
        officials,
        hp,
        None,
        2022,
        24,
        0.0,
        rng,
        stdout,
        unit_list=OFFICIALS_UNITS,
        title="Điều tra xã hội học lãnh đạo, quản lý, công chức năm 2022 (Chỉ số CCHC)",
        open_link=False,
    )
    # Hà Nội 2022: targets per factor and indicator from the SIPAS table of 192/KH-UBND (seed 003)
    hn = OrgUnit.objects.filter(code="HN").first()
    hn_plan = Plan.objects.filter(province=hn, number="192/KH-UBND").first() if hn else None
    if hn is not None:
        hn_units = [("HN-STP", 800, 0.92), ("HN-SXD", 1200, 0.86), ("HN-STNMT", 1900, 0.8)]
        _sipas_round(sipas, hn, hn_plan, 2022, 30, 0.0, rng, stdout, unit_list=hn_units)
    # an open round today: the one-stop desk rating, codes ready to print (browser test uses it)
    title = "Đánh giá Bộ phận Một cửa tháng 12/2026"
    if not SurveyRound.objects.filter(province=hp, title=title).exists():
        today = timezone.localdate()
        units = list(OrgUnit.objects.filter(code__in=["HP-TTPVHCC", "HP-STP"]).order_by("code"))
        rnd = do_create_round(
            province=hp,
            questionnaire=one_stop,
            title=title,
            year=today.year,
            starts_on=today.replace(day=1),
            ends_on=today + dt.timedelta(days=60),
            units=[(u, 500) for u in units],
            use_invitations=True,
            use_open_link=True,
            target_plan=plan,
            actor=None,
        )
        do_set_round_status(round=rnd, status="open", actor=None)
        for ru in rnd.units.all():
            do_generate_invitations(round_unit=ru, count=24, actor=None)
        if stdout:
            stdout.write(f"    {title}: đang mở, {rnd.units.count()} đơn vị, 24 mã mỗi đơn vị")
