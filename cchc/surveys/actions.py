"""Writes of the surveys app (staff side): questionnaires, rounds, targets, invitation codes,
opening/closing, results. The public intake (drafts, responses) is in ``intake.py``; the import of
external responses in ``importing.py``."""

from __future__ import annotations

import datetime as dt
import secrets
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from cchc.accounts import policy
from cchc.accounts.policy import Forbidden
from cchc.audit.models import AuditAction
from cchc.audit.recording import audited_change, lock, record, snapshot
from cchc.core.errors import DomainError
from cchc.domain.surveys import QuestionnaireError, load_questionnaire, sample_size
from cchc.domain.surveys.targets import TargetRow, match_targets
from cchc.domain.surveys.workbook import WorkbookError, read_sheets
from cchc.surveys.messages import questionnaire_problem, workbook_problem
from cchc.surveys.models import (
    Invitation,
    Questionnaire,
    ResponseDraft,
    RoundStatus,
    RoundTarget,
    RoundUnit,
    SurveyRound,
)

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud and typed on a phone
CODE_LENGTH = 8
MAX_CODES_PER_CALL = 5000


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(text: str) -> str:
    """What the respondent typed (lower case, spaces, dashes, O for 0…) as a stored code."""
    text = (text or "").upper().replace("-", "").replace(" ", "").strip()
    return text[:16]


def format_code(code: str) -> str:
    return f"{code[:4]}-{code[4:]}" if len(code) == CODE_LENGTH else code


# --------------------------------------------------------------------------- questionnaires
def do_load_questionnaire(*, data: bytes, filename: str = "", actor) -> Questionnaire:
    """Load a questionnaire workbook as a new version. Reloading the same content is a no-op;
    a different content under an existing (code, version) is refused: raise the version."""
    if not policy.can_load_questionnaire(actor):
        raise Forbidden
    try:
        parsed = load_questionnaire(read_sheets(data))
    except WorkbookError as exc:
        raise DomainError(workbook_problem(exc), code="unreadable") from None
    except QuestionnaireError as exc:
        details = [questionnaire_problem(p) for p in exc.problems]
        raise DomainError(
            _("Phiếu khảo sát có %(n)s lỗi, chưa được nạp.") % {"n": len(details)},
            code="invalid",
            details=details,
        ) from None
    definition = parsed.to_dict()
    with transaction.atomic():
        existing = Questionnaire.objects.filter(code=parsed.code, version=parsed.version).first()
        if existing is not None:
            if existing.definition == definition:
                return existing
            raise DomainError(
                _("Phiếu %(code)s phiên bản %(version)s đã có với nội dung khác; hãy tăng version.")
                % {"code": parsed.code, "version": parsed.version},
                code="conflict",
            )
        q = Questionnaire.objects.create(
            code=parsed.code,
            version=parsed.version,
            title=parsed.title[:500],
            source=parsed.source,
            confidence=parsed.confidence,
            definition=definition,
            source_name=filename[:255],
            loaded_by=actor if getattr(actor, "pk", None) else None,
        )
        record(actor=actor, action=AuditAction.CREATE, instance=q, after=_brief(q))
    return q


def _brief(q: Questionnaire) -> dict:
    data = snapshot(q)
    data.pop("definition", None)
    return data


# --------------------------------------------------------------------------- rounds
def _check_period(starts_on: dt.date, ends_on: dt.date) -> None:
    if ends_on < starts_on:
        raise DomainError(_("Ngày kết thúc phải sau ngày bắt đầu."))


def _round_year(year) -> int:
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise DomainError(_("Năm không hợp lệ.")) from None
    if not 2000 <= year <= 2100:
        raise DomainError(_("Năm không hợp lệ."))
    return year


def _check_round_units(pairs: list, province, year: int) -> None:
    """Each unit is in the province, active in the year, and its N (if given) is positive."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    for unit, n in pairs:
        if unit.pk != province.pk and unit.province_id != province.pk:
            raise DomainError(
                _("Đơn vị %(unit)s không thuộc %(province)s.") % {"unit": unit, "province": province}
            )
        if (unit.valid_from and unit.valid_from > last) or (unit.valid_to and unit.valid_to < first):
            raise DomainError(
                _("Đơn vị %(unit)s không hoạt động trong năm %(year)s.") % {"unit": unit, "year": year}
            )
        if n is not None and int(n) <= 0:
            raise DomainError(
                _(
                    "Số hồ sơ trong kỳ (N) của %(unit)s phải lớn hơn 0; để trống để lấy số hồ sơ tiếp nhận "
                    "trong kỳ tham chiếu."
                )
                % {"unit": unit}
            )


def _populations(pairs: list, year: int, starts_on, reference_from, reference_to):
    """The reference period and (unit, N, where N came from) per unit: entered, else the dossiers
    received in the reference period, else unknown."""
    from cchc.surveys import sources

    ref_first, ref_last = sources.default_reference_period(year, starts_on)
    ref_first, ref_last = reference_from or ref_first, reference_to or ref_last
    if ref_last < ref_first:
        raise DomainError(_("Kỳ tham chiếu: ngày kết thúc phải sau ngày bắt đầu."))
    received = sources.dossiers_received([u for u, n in pairs if n is None], ref_first, ref_last)
    filled = []
    for unit, n in pairs:
        if n is not None:
            filled.append((unit, int(n), "entered"))
        elif received.get(unit.pk):
            filled.append((unit, received[unit.pk], "dossiers"))
        else:
            filled.append((unit, None, ""))
    return ref_first, ref_last, filled


def do_create_round(
    *,
    province,
    questionnaire: Questionnaire,
    title: str,
    year: int,
    starts_on: dt.date,
    ends_on: dt.date,
    units: list,
    use_invitations: bool = True,
    use_open_link: bool = False,
    margin: Decimal = Decimal("0.05"),
    target_plan=None,
    reference_from: dt.date | None = None,
    reference_to: dt.date | None = None,
    actor,
) -> SurveyRound:
    """A round over ``units`` (each a unit or a ``(unit, population)`` pair): the sample per unit
    follows n = N / (1 + N·e²) when N is known; targets come from ``target_plan`` if given.

    A unit's N left empty is pre-filled from the dossiers it (and the units under it) received
    in the reference period (default: the round's year up to the day before it starts); it
    stays editable per unit. Units must exist in the round's year (a unit closed later in the
    year, or after it, is accepted: a round for a past year surveys the units of that year)."""
    if not policy.can_manage_survey_round(actor, province):
        raise Forbidden
    _check_period(starts_on, ends_on)
    if not (Decimal("0.005") <= Decimal(margin) <= Decimal("0.2")):
        raise DomainError(_("Sai số cho phép phải từ 0,5% đến 20%."))
    if not (use_invitations or use_open_link):
        raise DomainError(_("Chọn ít nhất một kênh khảo sát: mã khảo sát hoặc đường dẫn công khai."))
    pairs = [u if isinstance(u, tuple | list) else (u, None) for u in units]
    if not pairs:
        raise DomainError(_("Chọn ít nhất một đơn vị được khảo sát."))
    year = _round_year(year)
    _check_round_units(pairs, province, year)
    ref_first, ref_last, filled = _populations(pairs, year, starts_on, reference_from, reference_to)
    with transaction.atomic():
        rnd = SurveyRound.objects.create(
            province=province,
            questionnaire=questionnaire,
            title=title.strip()[:300] or questionnaire.title[:300],
            year=year,
            starts_on=starts_on,
            ends_on=ends_on,
            use_invitations=use_invitations,
            use_open_link=use_open_link,
            margin=Decimal(margin),
            target_plan=target_plan,
            reference_from=ref_first,
            reference_to=ref_last,
            created_by=actor if getattr(actor, "pk", None) else None,
        )
        RoundUnit.objects.bulk_create(
            [
                RoundUnit(
                    round=rnd,
                    unit=unit,
                    population=population,
                    population_source=origin,
                    sample_size=sample_size(population, margin) if population else 0,
                    link_token=secrets.token_urlsafe(12),
                )
                for unit, population, origin in filled
            ]
        )
        if target_plan is not None:
            _targets_from_plan(rnd, target_plan)
        record(actor=actor, action=AuditAction.CREATE, instance=rnd, after=snapshot(rnd), unit=province)
    return rnd


def _targets_from_plan(rnd: SurveyRound, plan) -> int:
    """RoundTarget rows from the plan's SIPAS table, else its satisfaction target (the primary index)."""
    q = rnd.questionnaire.parsed
    rows = [
        TargetRow(t.title, t.target, t.baseline, plan.number, t.target_comparator)
        for t in plan.survey_targets.all().order_by("order")
    ]
    matched = match_targets(q, rows)
    primary = q.primary_index
    if primary is not None and primary.code not in matched:
        from cchc.domain.text import fold

        candidates = [
            t
            for t in plan.targets.filter(value__isnull=False).order_by("order")
            if "hai long" in fold(t.text) and t.unit.strip() == "%"
        ]
        # the round's own year first, then the plan's first satisfaction target (e.g. "by 2025")
        candidates.sort(key=lambda t: 0 if t.year == rnd.year else 1)
        if candidates:
            t = candidates[0]
            matched[primary.code] = TargetRow(t.text[:300], t.value, None, plan.number, t.comparator)
    RoundTarget.objects.filter(round=rnd).delete()
    RoundTarget.objects.bulk_create(
        [
            RoundTarget(
                round=rnd,
                index_code=code,
                target=row.target,
                baseline=row.baseline,
                comparator=row.comparator if row.comparator in (">", "<", "<=", "=") else "",
                source=(f"{row.source}: {row.title}" if row.source else row.title)[:300],
            )
            for code, row in matched.items()
        ]
    )
    return len(matched)


def do_set_round_targets(*, round: SurveyRound, plan=None, targets: dict | None = None, actor) -> int:
    """Targets of a round: from a plan's table (``plan``) or typed in (``targets``: code -> value)."""
    if not policy.can_manage_survey_round(actor, round.province):
        raise Forbidden
    with transaction.atomic():
        if plan is not None:
            round.target_plan = plan
            round.save(update_fields=["target_plan"])
            n = _targets_from_plan(round, plan)
        else:
            q = round.questionnaire.parsed
            n = 0
            for code, value in (targets or {}).items():
                if q.index(code) is None:
                    raise DomainError(_("Chỉ số %(code)s không có trong phiếu.") % {"code": code})
                if value is None:
                    RoundTarget.objects.filter(round=round, index_code=code).delete()
                    continue
                value = Decimal(value)
                if not Decimal(0) <= value <= Decimal(100):
                    raise DomainError(_("Mục tiêu phải từ 0 đến 100%."))
                RoundTarget.objects.update_or_create(
                    round=round, index_code=code, defaults={"target": value, "source": _("Nhập tay")}
                )
                n += 1
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=round,
            changes={"targets": [None, n]},
            unit=round.province,
        )
    return n


def do_set_round_status(*, round: SurveyRound, status: str, actor) -> SurveyRound:
    """Open or close a round (closing computes its results). A closed round stays closed."""
    if not policy.can_manage_survey_round(actor, round.province):
        raise Forbidden
    if status not in RoundStatus.values:
        raise DomainError(_("Trạng thái không hợp lệ."))
    with transaction.atomic():
        locked = lock(round)
        if locked.status == RoundStatus.CLOSED and status != RoundStatus.CLOSED:
            raise DomainError(_("Đợt khảo sát đã kết thúc, không mở lại được."), code="conflict")
        if locked.status == status:
            return locked
        with audited_change(locked, actor=actor, unit=locked.province, update_fields=["status"]):
            locked.status = round.status = status
            if status == RoundStatus.CLOSED:
                # unfinished forms can no longer be sent: their partial answers are not kept
                ResponseDraft.objects.filter(round_unit__round=locked).delete()
    if status == RoundStatus.CLOSED:
        from cchc.surveys.results import do_refresh_results

        do_refresh_results(round=locked, actor=actor)
    return locked


def do_update_round_unit(
    *,
    round_unit: RoundUnit,
    population: int | None,
    sample: int | None = None,
    max_responses: int | None = None,
    per_address_per_hour: int | None = None,
    actor,
) -> RoundUnit:
    """The population, sample and open-link limits of one surveyed unit."""
    rnd = round_unit.round
    if not policy.can_manage_survey_round(actor, rnd.province):
        raise Forbidden
    if sample is not None and sample <= 0:
        raise DomainError(_("Cỡ mẫu phải lớn hơn 0 (để trống để tính theo công thức từ N)."), code="sample")
    if population is not None and population <= 0:
        raise DomainError(
            _("Số hồ sơ trong kỳ (N) phải lớn hơn 0, hoặc để trống nếu chưa biết."), code="population"
        )
    if per_address_per_hour is not None and not 1 <= per_address_per_hour <= 1000:
        raise DomainError(_("Giới hạn mỗi giờ phải từ 1 đến 1000 phiếu."))
    with transaction.atomic(), audited_change(round_unit, actor=actor, unit=round_unit.unit):
        if population != round_unit.population:
            round_unit.population_source = "entered" if population is not None else ""
        round_unit.population = population
        round_unit.sample_size = (
            sample if sample is not None else (sample_size(population, rnd.margin) if population else 0)
        )
        round_unit.max_responses = max_responses
        if per_address_per_hour is not None:
            round_unit.per_address_per_hour = per_address_per_hour
    return round_unit


# --------------------------------------------------------------------------- invitation codes
def do_generate_invitations(*, round_unit: RoundUnit, count: int, actor) -> list[Invitation]:
    """``count`` new random codes for a unit (one printed batch); collisions are retried."""
    rnd = round_unit.round
    if not policy.can_manage_survey_round(actor, rnd.province):
        raise Forbidden
    if not rnd.use_invitations:
        raise DomainError(_("Đợt khảo sát này không dùng mã khảo sát."))
    if rnd.status == RoundStatus.CLOSED:
        raise DomainError(_("Đợt khảo sát đã kết thúc."), code="conflict")
    if not 1 <= count <= MAX_CODES_PER_CALL:
        raise DomainError(_("Mỗi lần tạo từ 1 đến %(n)s mã.") % {"n": MAX_CODES_PER_CALL})
    for _attempt in range(5):
        try:
            with transaction.atomic():
                batch = (
                    Invitation.objects.filter(round_unit=round_unit)
                    .order_by("-batch")
                    .values_list("batch", flat=True)
                    .first()
                    or 0
                ) + 1
                codes = {new_code() for _ in range(count)}
                while len(codes) < count:
                    codes.add(new_code())
                created = Invitation.objects.bulk_create(
                    [Invitation(round_unit=round_unit, code=c, batch=batch) for c in codes]
                )
                record(
                    actor=actor,
                    action=AuditAction.CREATE,
                    model="surveys.invitation",
                    object_id=str(round_unit.pk),
                    object_repr=_("%(n)s mã khảo sát cho %(unit)s") % {"n": count, "unit": round_unit.unit},
                    changes={"count": [None, count], "batch": [None, batch]},
                    unit=round_unit.unit,
                )
                return created
        except IntegrityError:
            continue  # a code collided with an existing one (1 in 10^12 per code): draw again
    raise DomainError(_("Không tạo được mã khảo sát, vui lòng thử lại."))


def do_set_counted_channels(*, round: SurveyRound, channels: list[str], actor) -> SurveyRound:
    """Which channels the official index counts ([] = all); results are recomputed."""
    from cchc.surveys.models import Channel

    if not policy.can_manage_survey_round(actor, round.province):
        raise Forbidden
    unknown = [c for c in channels if c not in Channel.values]
    if unknown:
        raise DomainError(_("Kênh khảo sát không hợp lệ."))
    with (
        transaction.atomic(),
        audited_change(round, actor=actor, unit=round.province, update_fields=["counted_channels"]),
    ):
        round.counted_channels = sorted(set(channels))
    from cchc.surveys.results import do_refresh_results

    do_refresh_results(round=round, actor=actor)
    return round
