"""The public intake: drafts kept between screens and the stored response.

Integrity rules (docs/surveys.md, "Intake"):
- one response per invitation code: ``Response.invitation`` is unique, the insert is attempted and
  its ``IntegrityError`` answers "already used" (never a read-then-write);
- open links: a per-address hourly limit (a keyed hash of the address, scoped to the round, sized
  for a kiosk), the link's total limit (checked under a row lock of the round unit) and duplicate
  detection (the same answers from the same address on the same day share a ``dedupe_key``): the
  later one is stored and flagged ``needs_review``, never refused (two citizens at one kiosk may
  well give the same answers);
- the response and all its answers are stored in one transaction before the thank-you page;
- request limits (``limit``), none of which one anonymous client can use against another: a
  flood ceiling per client address (``cchc.core.client.client_address``, so each citizen behind
  the province's reverse proxy is counted apart), a ceiling per code (only that code's holder is
  slowed), wrong codes per address, new open-link forms per address. Each refusal says what to
  do and when to retry.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from contextlib import nullcontext
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cchc.core.errors import DomainError
from cchc.domain.surveys import check_answers
from cchc.surveys.messages import answer_problem
from cchc.surveys.models import Answer, Channel, Invitation, Response, ResponseDraft, RoundStatus, RoundUnit

REQUESTS_PER_MINUTE = 60  # kept for callers of ``throttle``; the views use ``limit`` below


class RateLimited(DomainError):
    def __init__(self, message, retry_after: int):
        super().__init__(message, code="rate_limited")
        self.retry_after = retry_after


def limit(kind: str, subject: str, *, now: dt.datetime | None = None) -> None:
    """Count one request of ``kind`` for ``subject`` (an address or a code) in its window;
    refuse with ``RateLimited`` past the limit. The limits (settings, per process's cache
    unless a shared cache is configured) and the refusal's advice:

    - ``address``: every public request from one address, ``CCHC_SURVEY_ADDRESS_PER_MINUTE``
      a minute (default 600: a busy kiosk or a mobile carrier's shared address);
    - ``code``: requests for one code or resume code, ``CCHC_SURVEY_CODE_PER_MINUTE`` a minute;
    - ``bad_code``: wrong codes from one address, ``CCHC_SURVEY_BAD_CODES_PER_10_MINUTES``;
    - ``open_start``: new open-link forms from one address, ``CCHC_SURVEY_OPEN_STARTS_PER_HOUR``.
    """
    window, setting, default = LIMITS[kind]
    allowed = getattr(settings, setting, default)
    now = now or timezone.now()
    bucket = int(now.timestamp()) // window
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{kind}:{subject}".encode()).hexdigest()[:24]
    key = f"cchc:survey-limit:{kind}:{digest}:{bucket}"
    if cache.add(key, 1, timeout=window + 10):
        return
    try:
        count = cache.incr(key)
    except ValueError:
        cache.add(key, 1, timeout=window + 10)
        return
    if count > allowed:
        retry = max(1, window - int(now.timestamp()) % window)
        raise RateLimited(str(ADVICE[kind]) % {"wait": _minutes(retry)}, retry_after=retry)


def _minutes(seconds: int) -> str:
    return _("%(n)s giây") % {"n": seconds} if seconds < 120 else _("%(n)s phút") % {"n": -(-seconds // 60)}


LIMITS = {
    "address": (60, "CCHC_SURVEY_ADDRESS_PER_MINUTE", 600),
    "code": (60, "CCHC_SURVEY_CODE_PER_MINUTE", 30),
    "bad_code": (600, "CCHC_SURVEY_BAD_CODES_PER_10_MINUTES", 100),
    "open_start": (3600, "CCHC_SURVEY_OPEN_STARTS_PER_HOUR", 600),
}
# What a limited visitor reads, per limit; %(wait)s: how long to wait.
ADVICE = {
    "address": gettext_lazy(
        "Hệ thống đang nhận quá nhiều yêu cầu từ địa chỉ mạng của Ông/Bà. Vui lòng đợi %(wait)s rồi tải "
        "lại trang; các câu trả lời đã lưu không bị mất."
    ),
    "code": gettext_lazy(
        "Mã khảo sát này vừa được mở quá nhiều lần. Vui lòng đợi %(wait)s rồi tải lại trang; các câu "
        "trả lời đã lưu không bị mất."
    ),
    "bad_code": gettext_lazy(
        "Đã có nhiều mã không đúng được nhập từ địa chỉ mạng này. Vui lòng kiểm tra mã in trên phiếu "
        "và thử lại sau %(wait)s, hoặc nhờ cán bộ tại bộ phận một cửa hỗ trợ."
    ),
    "open_start": gettext_lazy(
        "Đã có rất nhiều phiếu mới được mở từ địa chỉ mạng này. Vui lòng thử lại sau %(wait)s, hoặc "
        "dùng mã tiếp tục của phiếu đã mở."
    ),
}


class AnswersInvalid(DomainError):
    def __init__(self, problems, questionnaire):
        details = [
            answer_problem(p, getattr(questionnaire.questions.get(p.question), "label", "")) for p in problems
        ]
        super().__init__(details[0] if details else _("Phiếu chưa hợp lệ."), code="invalid", details=details)
        self.problems = problems


def client_key(address: str, round_id: int) -> str:
    """A keyed hash of the address, different per round: rate limits without keeping the address."""
    msg = f"{round_id}:{address}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), msg, hashlib.sha256).hexdigest()[:32]


def throttle(address: str, *, limit: int = REQUESTS_PER_MINUTE, now: dt.datetime | None = None) -> None:
    """Refuse an address that sent more than ``limit`` public requests in this minute."""
    now = now or timezone.now()
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{address}".encode()).hexdigest()[:24]
    key = f"cchc:survey-throttle:{digest}:{now:%Y%m%d%H%M}"
    if cache.add(key, 1, timeout=70):
        return
    try:
        count = cache.incr(key)
    except ValueError:
        cache.add(key, 1, timeout=70)
        return
    if count > limit:
        raise DomainError(
            _("Có quá nhiều yêu cầu từ địa chỉ của Ông/Bà. Vui lòng thử lại sau ít phút."),
            code="rate_limited",
        )


def check_open(round_unit: RoundUnit, today: dt.date | None = None) -> None:
    rnd = round_unit.round
    today = today or timezone.localdate()
    if rnd.status == RoundStatus.CLOSED or today > rnd.ends_on:
        raise DomainError(_("Đợt khảo sát đã kết thúc, phiếu không còn được nhận."), code="closed")
    if rnd.status != RoundStatus.OPEN or today < rnd.starts_on:
        raise DomainError(_("Đợt khảo sát chưa bắt đầu."), code="not_open")


def _json_answers(answers: dict) -> dict:
    return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in answers.items()}


def do_save_draft(*, round_unit: RoundUnit, key: str, answers: dict, step: int) -> ResponseDraft:
    """Keep the answers so far (already checked for their screen). No audit: anonymous and frequent."""
    check_open(round_unit)
    draft, _created = ResponseDraft.objects.update_or_create(
        key=key, defaults={"round_unit": round_unit, "answers": _json_answers(answers), "step": step}
    )
    return draft


def _answer_rows(response: Response, answers: dict) -> list[Answer]:
    rows = []
    for name, value in answers.items():
        if isinstance(value, list):
            rows.extend(Answer(response=response, question=name, value=v) for v in value)
        elif isinstance(value, Decimal):
            rows.append(Answer(response=response, question=name, number=value))
        else:
            rows.append(Answer(response=response, question=name, value=value))
    return rows


def _check_open_link(round_unit: RoundUnit, key: str, answers: dict, now: dt.datetime) -> tuple[str, bool]:
    """The open link's limits, checked under a row lock of the round unit; returns the dedupe key
    and whether a response with the same key is already there (to flag for review)."""
    locked = RoundUnit.objects.select_for_update().get(pk=round_unit.pk)
    recent = Response.objects.filter(
        round_unit=locked, client_key=key, submitted_at__gte=now - dt.timedelta(hours=1)
    ).count()
    if recent >= locked.per_address_per_hour:
        raise DomainError(
            _("Đã nhận đủ số phiếu cho phép từ địa chỉ của Ông/Bà trong một giờ. Vui lòng thử lại sau."),
            code="rate_limited",
        )
    if locked.max_responses is not None:
        total = Response.objects.filter(round_unit=locked, channel=Channel.OPEN_LINK).count()
        if total >= locked.max_responses:
            raise DomainError(_("Đường dẫn khảo sát này đã nhận đủ số phiếu."), code="full")
    canonical = json.dumps(_json_answers(answers), sort_keys=True, ensure_ascii=False)
    dedupe = hashlib.sha256(f"{key}:{now:%Y%m%d}:{canonical}".encode()).hexdigest()
    return dedupe, Response.objects.filter(round_unit=locked, dedupe_key=dedupe).exists()


def do_submit_response(
    *,
    round_unit: RoundUnit,
    raw: dict,
    channel: str,
    invitation: Invitation | None = None,
    address: str = "",
    draft_key: str = "",
    now: dt.datetime | None = None,
) -> Response:
    """Check every answer and store the response with its answers, or refuse with nothing stored."""
    now = now or timezone.now()
    if channel not in (Channel.INVITATION, Channel.OPEN_LINK):
        raise DomainError(_("Kênh khảo sát không hợp lệ."))
    if channel == Channel.INVITATION and (invitation is None or invitation.round_unit_id != round_unit.pk):
        raise DomainError(_("Mã khảo sát không đúng."), code="not_found")
    rnd = round_unit.round
    if channel == Channel.OPEN_LINK and not rnd.use_open_link:
        raise DomainError(_("Đợt khảo sát này không nhận phiếu qua đường dẫn công khai."), code="not_found")
    check_open(round_unit, timezone.localdate(now))
    q = rnd.questionnaire.parsed
    checked = check_answers(q, raw)
    if not checked.ok:
        raise AnswersInvalid(checked.problems, q)
    key = client_key(address, rnd.pk) if channel == Channel.OPEN_LINK else ""
    dedupe, repeated = None, False
    if channel == Channel.INVITATION and connection.vendor == "postgresql":
        return _store_in_one_statement(round_unit, invitation, checked.answers, draft_key, now)
    try:
        # one transaction, no savepoint: the unique invitation is the only constraint these
        # inserts can break, so an IntegrityError means "this code was already used"
        with transaction.atomic():
            if channel == Channel.OPEN_LINK:
                dedupe, repeated = _check_open_link(round_unit, key, checked.answers, now)
            response = Response.objects.create(
                round_unit=round_unit,
                channel=channel,
                invitation=invitation,
                client_key=key,
                dedupe_key=dedupe,
                needs_review=repeated,
                submitted_at=now,
            )
            Answer.objects.bulk_create(_answer_rows(response, checked.answers))
            if draft_key:
                ResponseDraft.objects.filter(key=draft_key).delete()
    except IntegrityError:
        raise DomainError(
            _("Mã khảo sát này đã được dùng để gửi phiếu. Mỗi mã chỉ gửi được một lần."), code="used"
        ) from None
    return response


def _store_in_one_statement(
    round_unit: RoundUnit, invitation: Invitation, answers: dict, draft_key: str, now: dt.datetime
) -> Response:
    """An invitation's response, its answers and the draft deletion as ONE PostgreSQL statement
    (data-modifying CTEs): one round trip and one commit instead of BEGIN, three statements and
    COMMIT. A single statement is atomic by itself: a used code (the unique invitation) fails the
    whole statement and nothing is stored. Inside an outer transaction a savepoint keeps that
    failure from breaking it, as ``atomic()`` did. Open links keep the ORM path: their limits
    are read under a row lock first."""
    rows = _answer_rows(Response(), answers)
    r, a, d = Response._meta.db_table, Answer._meta.db_table, ResponseDraft._meta.db_table
    sql = f"""
        WITH r AS (
            INSERT INTO "{r}" (round_unit_id, channel, invitation_id, import_batch_id, external_id,
                               client_key, dedupe_key, needs_review, submitted_at)
            VALUES (%s, %s, %s, NULL, '', '', NULL, false, %s) RETURNING id
        ), a AS (
            INSERT INTO "{a}" (response_id, question, value, number)
            SELECT r.id, x.question, x.value, x.number
            FROM r, unnest(%s::varchar[], %s::text[], %s::numeric[]) AS x(question, value, number)
        ), d AS (
            DELETE FROM "{d}" WHERE key = %s AND %s
        )
        SELECT id FROM r"""
    params = [
        round_unit.pk,
        Channel.INVITATION.value,
        invitation.pk,
        now,
        [row.question for row in rows],
        [row.value for row in rows],
        [row.number for row in rows],
        draft_key,
        bool(draft_key),
    ]
    try:
        with transaction.atomic() if connection.in_atomic_block else nullcontext():
            with connection.cursor() as cursor:
                cursor.execute(sql, params)
                (pk,) = cursor.fetchone()
    except IntegrityError:
        raise DomainError(
            _("Mã khảo sát này đã được dùng để gửi phiếu. Mỗi mã chỉ gửi được một lần."), code="used"
        ) from None
    response = Response(
        pk=pk, round_unit=round_unit, channel=Channel.INVITATION, invitation=invitation, submitted_at=now
    )
    response._state.adding, response._state.db = False, connection.alias
    return response
