"""Timeframes of plan tasks ("Thời gian hoàn thành") and deadlines embedded in prose.

A plan's framework table gives each activity a timeframe cell: ``2021-2025``, ``2022``,
``Hàng năm``, ``Thường xuyên``, ``Quý III/2022``, ``tháng 7/2022``, ``Hoàn thành trước năm 2025``,
``Sau khi Nghị định … được ban hành`` (GLOSSARY, "Thời gian"; seeds 000 and 001). Prose tasks
carry deadlines in brackets: ``(hoàn thành trong tháng 7/2022)`` (seed 003).

:func:`parse_timeframe` never raises: text it does not understand comes back as a
``Timeframe`` with only ``text`` set, so the importer can show it for a person to fix.

Choices (documented because the documents are ambiguous):

* A range's or a single year's due date is 31 December of its (end) year.
* ``trước năm 2025`` ("before the year 2025") means finished by 31/12/2024: ``end_year`` 2024.
* ``trước ngày 15/11/2022`` ("before 15/11") is due *on* 15/11/2022: that is how the plans'
  own reporting calendars use it (seed 002), and a day's slack errs on the safe side.
* Recurring timeframes (``Hàng năm``, ``Thường xuyên``, ``Định kỳ hằng quý``) have no single
  ``due_date``; their years are the plan period when none is written, and a month written with
  them (``Tháng 12 hàng năm``) goes to ``due_month``/``due_day``. :meth:`Timeframe.due_dates`
  lists the occurrences.
* A period written alone (``tháng 7/2022``, ``Quý III/2022``, ``6 tháng đầu năm 2024``) is due
  at its last day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from cchc.domain.text import clean, fold_aligned
from cchc.domain.vnformat import month_end, parse_roman, quarter_end

__all__ = ["RECURRENCES", "Timeframe", "find_deadline", "parse_timeframe"]

RECURRENCES = (None, "yearly", "continuous", "quarterly", "monthly", "six_monthly")

Period = tuple[int, int]


@dataclass(frozen=True)
class Timeframe:
    """A parsed timeframe. ``text`` is the input as written (NFC, cleaned)."""

    text: str
    start_year: int | None = None
    end_year: int | None = None
    due_date: date | None = None
    recurrence: str | None = None  # one of RECURRENCES
    event: str | None = None  # "Sau khi <event>": the task starts after this happens
    due_month: int | None = None  # for recurring deadlines: "Tháng 12 hàng năm" -> 12
    due_day: int | None = None  # "trước ngày 15/11 hàng năm" -> 15 (None: end of month)
    start_date: date | None = None  # "Từ tháng 3/2025": the work starts then (first day)

    @property
    def understood(self) -> bool:
        """Whether anything beyond the text was recognised."""
        return any(
            v is not None
            for v in (self.start_year, self.end_year, self.due_date, self.recurrence, self.event)
        )

    def due_dates(self) -> list[date]:
        """Occurrence deadlines of a recurring timeframe within its years; ``[due_date]`` for a
        one-off; ``[]`` when unknown. ``continuous`` work is checked yearly (31/12)."""
        if self.recurrence is None:
            return [self.due_date] if self.due_date else []
        if self.start_year is None or self.end_year is None:
            return []
        out: list[date] = []
        for y in range(self.start_year, self.end_year + 1):
            if self.recurrence in ("yearly", "continuous"):
                month = self.due_month or 12
                out.append(_anchor(y, month, self.due_day))
            elif self.recurrence == "quarterly":
                out.extend(quarter_end(y, q) for q in range(1, 5))
            elif self.recurrence == "six_monthly":
                out.extend((month_end(y, 6), month_end(y, 12)))
            elif self.recurrence == "monthly":
                out.extend(_anchor(y, m, self.due_day) for m in range(1, 13))
        if self.start_date is not None:
            out = [d for d in out if d >= self.start_date]
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start_year": self.start_year,
            "end_year": self.end_year,
            "due_date": self.due_date.isoformat() if self.due_date else None,
            "recurrence": self.recurrence,
            "event": self.event,
            "due_month": self.due_month,
            "due_day": self.due_day,
            # optional: only a timeframe with a start ("Từ tháng 3/2025") has the key
            **({"start_date": self.start_date.isoformat()} if self.start_date else {}),
        }


def _anchor(year: int, month: int, day: int | None) -> date:
    end = month_end(year, month)
    return end if day is None or day > end.day else date(year, month, day)


# Patterns run on fold_aligned(clean(text)): lower case, no accents, "đ" -> "d", so offsets
# still index the cleaned original. Dashes are normalised to "-" first.
_DASHES = re.compile(r"[\u2010-\u2015\u2212]")
_Y = r"((?:19|20)\d\d)"
_ROMAN_OR_DIGIT = r"(iv|i{1,3}|[1-4])"

_EVENT = re.compile(r"\bsau khi\b")
_FULL_DATE = re.compile(r"(?<![\d/])(\d{1,2})\s*([/.-])\s*(\d{1,2})\s*\2\s*" + _Y + r"(?!\d)")
_LONG_DATE = re.compile(r"(?<!\d)(\d{1,2})\s+thang\s+(\d{1,2})\s+nam\s+" + _Y)
# "ngày 15/11", and in a cell "Trước 15/11", "Chậm nhất 20/12", "15/11" alone
_DAY_MONTH = re.compile(r"(?:\bngay\s*:?\s*|\btruoc\s+|\bcham nhat\s+|^)(\d{1,2})\s*/\s*(\d{1,2})(?![\d/])")
_BARE_MONTH_YEAR = re.compile(
    r"^(?:truoc\s+|trong\s+|cham nhat\s+)?(\d{1,2})\s*/\s*" + _Y + r"$"
)  # a cell "6/2025"
_MONTH_RANGE_YEAR = re.compile(
    r"\bthang\s+(\d{1,2})\s*(?:-|den)\s*(?:thang\s+)?(\d{1,2})\s*(?:/|nam)\s*" + _Y
)
# "Khi có văn bản hướng dẫn": an event like "Sau khi …", when nothing else is said
_SOFT_EVENT = re.compile(r"^khi\b")
# "Theo tiến độ của Trung ương", "Theo lộ trình của Bộ": an external schedule; the task waits
# for it like an event (when nothing else is said)
_EXTERNAL = re.compile(
    r"^(?:thuc hien\s+)?theo\s+(?:tien do|lo trinh|ke hoach|huong dan|chi dao|yeu cau|van ban)\b"
)
# "Từ tháng 3/2025": a start, not a deadline
_FROM_MONTH = re.compile(r"\btu\s+thang\s+(\d{1,2})\s*(?:/|-|nam)\s*" + _Y)
# "Quý II-III/2026", "Quý II đến Quý III năm 2026": by the end of the last quarter
_QUARTER_SPAN = re.compile(
    r"\bquy\s+"
    + _ROMAN_OR_DIGIT
    + r"\s*(?:-|den|va)\s*(?:quy\s+)?"
    + _ROMAN_OR_DIGIT
    + r"\s*(?:/|-|nam)\s*"
    + _Y
)
# "Tháng 6 và tháng 12 hằng năm": twice a year
_TWO_MONTHS = re.compile(r"\bthang\s+(\d{1,2})\s*(?:va|,)\s*(?:thang\s+)?(\d{1,2})\b")
# "Trước ngày 30 hằng tháng": the day of a monthly deadline
_DAY_OF_MONTH = re.compile(r"\bngay\s+(\d{1,2})\s+(?:hang|moi)\s+thang\b")
_MONTH_YEAR = re.compile(r"\bthang\s+(\d{1,2})\s*(?:/|-|nam)\s*" + _Y)
_MONTH = re.compile(r"\bthang\s+(\d{1,2})(?![\d/])")
_QUARTER_YEAR = re.compile(r"\bquy\s+" + _ROMAN_OR_DIGIT + r"\b\s*(?:/|-|nam)?\s*" + _Y + "?")
_HALF = re.compile(r"\b(6|9|sau|chin)\s+thang\s+(dau|cuoi)?\s*(?:cua\s+)?(?:nam\s*)?" + _Y + "?")
_BEFORE_YEAR = re.compile(r"\btruoc\s+nam\s+" + _Y)
_FROM_YEAR = re.compile(r"\btu\s+(?:nam\s+)?" + _Y + r"(?!\s*-\s*\d)(?!\s*den)")
_UNTIL_YEAR = re.compile(r"\b(?:den|toi)\s+(?:het\s+)?(?:nam\s+)?" + _Y)
_RANGE = re.compile(_Y + r"\s*(?:-|den|toi)\s*(?:nam\s+)?" + _Y + r"(?!\d)")
_YEAR = re.compile(r"(?<![\d/.-])" + _Y + r"(?![\d/])")

_CONTINUOUS = re.compile(r"\bthuong xuyen\b|\blien tuc\b|^ca nam\b")
_QUARTERLY = re.compile(r"\b(?:hang|moi)\s+quy\b|\bdinh ky\s+quy\b")
_MONTHLY = re.compile(r"\b(?:hang|moi)\s+thang\b|\bdinh ky\s+thang\b")
_SIX_MONTHLY = re.compile(r"\b(?:hang|moi|dinh ky)\s+(?:6|sau)\s+thang\b|\b(?:6|sau) thang (?:mot|1) lan\b")
_YEARLY = re.compile(r"\b(?:hang|moi)\s+nam\b|\bdinh ky\s+nam\b|\bnam\s+nao\b|\bhang nam\b")


def _normalise(text: str) -> tuple[str, str]:
    s = clean(text or "")
    return s, _DASHES.sub("-", fold_aligned(s))


def _recurrence(f: str) -> str | None:
    """The first recurrence whose words ``f`` contains, in this order."""
    for recurrence, words in (
        ("continuous", _CONTINUOUS),
        ("quarterly", _QUARTERLY),
        ("six_monthly", _SIX_MONTHLY),
        ("monthly", _MONTHLY),
        ("yearly", _YEARLY),
    ):
        if words.search(f):
            return recurrence
    return None


def _date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def parse_timeframe(
    text: str,
    *,
    default_year: int | None = None,
    period: Period | None = None,
) -> Timeframe:
    """Parse a timeframe cell or phrase.

    ``default_year`` completes year-less dates and periods (``tháng 7``, ``Quý III``);
    ``period`` is the plan's ``(start_year, end_year)``, used by ``Hàng năm``, ``Thường xuyên``
    and ``Từ năm 2021``. Never raises.
    """
    try:
        return _parse(text, default_year, period)
    except Exception:  # contract: unknown text is returned, never an error
        return Timeframe(text=clean(str(text or "")))


def _parse(text: str, default_year: int | None, period: Period | None) -> Timeframe:
    s, f = _normalise(text)
    tf = Timeframe(text=s)
    if not s:
        return tf
    p_start, p_end = period if period else (None, None)

    m = _EVENT.search(f)
    if m:
        event = s[m.end() :].strip(" .,;:()")
        return Timeframe(text=s, event=event or None)

    recurrence = _recurrence(f)

    spanned = _span(s, f, recurrence, p_start, p_end)
    if spanned is not None:
        return spanned

    # A point in time: exact date, month, quarter, half / nine months.
    due, due_month, due_day = _point(f, recurrence, default_year)

    if recurrence:
        start, end = _years_of_recurrence(f, p_start, p_end)
        if due is not None:  # "trước ngày 15/11/2022 hàng năm": keep the anchor, drop the year
            due_month = due.month
            due_day = None if due == month_end(due.year, due.month) else due.day
        return Timeframe(
            text=s,
            start_year=start,
            end_year=end,
            recurrence=recurrence,
            due_month=due_month,
            due_day=due_day,
        )

    if due is not None:
        return Timeframe(text=s, start_year=due.year, end_year=due.year, due_date=due)

    if m := _BEFORE_YEAR.search(f):
        y = int(m[1]) - 1
        start = p_start if p_start is not None and p_start <= y else None
        return Timeframe(text=s, start_year=start, end_year=y, due_date=date(y, 12, 31))

    if m := _RANGE.search(f):
        y1, y2 = int(m[1]), int(m[2])
        if y1 > y2:
            return tf  # "2025-2021": a typo we will not guess at
        return Timeframe(text=s, start_year=y1, end_year=y2, due_date=date(y2, 12, 31))

    if m := _FROM_YEAR.search(f):
        y = int(m[1])
        end = p_end if p_end is not None and p_end >= y else None
        return Timeframe(text=s, start_year=y, end_year=end, due_date=date(end, 12, 31) if end else None)

    if m := _UNTIL_YEAR.search(f):
        y = int(m[1])
        start = p_start if p_start is not None and p_start <= y else None
        return Timeframe(text=s, start_year=start, end_year=y, due_date=date(y, 12, 31))

    years = [int(x[1]) for x in _YEAR.finditer(f)]
    if years:  # "2022", "Năm 2023", "2021, 2022"
        return Timeframe(
            text=s, start_year=min(years), end_year=max(years), due_date=date(max(years), 12, 31)
        )

    if due_month is not None and default_year is None:
        # "tháng 7" with no year known: keep the month, the caller may know the year.
        return Timeframe(text=s, due_month=due_month, due_day=due_day)
    if _SOFT_EVENT.match(f) or _EXTERNAL.match(f):
        return Timeframe(text=s, event=s)
    return tf


def _span(s: str, f: str, recurrence: str | None, p_start: int | None, p_end: int | None) -> Timeframe | None:
    """A span: from a month on (to the plan's end, or recurring), a monthly day, twice a year,
    a span of quarters; None when the text names none."""
    if m := _FROM_MONTH.search(f):
        y, month = int(m[2]), int(m[1])
        if 1 <= month <= 12:
            start = date(y, month, 1)
            end = p_end if p_end is not None and p_end >= y else None
            if recurrence:
                day = _DAY_OF_MONTH.search(f)
                return Timeframe(
                    text=s,
                    start_year=y,
                    end_year=end or y,
                    recurrence=recurrence,
                    due_day=int(day[1]) if day and recurrence == "monthly" else None,
                    start_date=start,
                )
            # open-ended: from that month to the plan's end
            return Timeframe(
                text=s,
                start_year=y,
                end_year=end,
                due_date=date(end, 12, 31) if end else None,
                start_date=start,
            )

    if recurrence == "monthly" and (m := _DAY_OF_MONTH.search(f)):
        start, end = _years_of_recurrence(f, p_start, p_end)
        day = int(m[1])
        if 1 <= day <= 31:
            return Timeframe(text=s, start_year=start, end_year=end, recurrence="monthly", due_day=day)

    if recurrence == "yearly" and (m := _TWO_MONTHS.search(f)):
        a, b = int(m[1]), int(m[2])
        if 1 <= a <= 12 and b - a == 6:
            start, end = _years_of_recurrence(f, p_start, p_end)
            return Timeframe(text=s, start_year=start, end_year=end, recurrence="six_monthly", due_month=a)

    if m := _QUARTER_SPAN.search(f):
        q1 = int(m[1]) if m[1].isdigit() else parse_roman(m[1])
        q2 = int(m[2]) if m[2].isdigit() else parse_roman(m[2])
        y = int(m[3])
        if q1 and q2 and 1 <= q1 < q2 <= 4 and not recurrence:
            return Timeframe(
                text=s,
                start_year=y,
                end_year=y,
                due_date=quarter_end(y, q2),
                start_date=date(y, 3 * q1 - 2, 1),
            )
    return None


def _point(
    f: str, recurrence: str | None, default_year: int | None
) -> tuple[date | None, int | None, int | None]:
    """A point in time (exact date, month, quarter, half / nine months): the due date, or the
    due month and day when the year is unknown or recurs."""
    due: date | None = None
    due_month: int | None = None
    due_day: int | None = None
    if m := _FULL_DATE.search(f):
        due = _date(int(m[4]), int(m[3]), int(m[1]))
    elif m := _LONG_DATE.search(f):
        due = _date(int(m[3]), int(m[2]), int(m[1]))
    elif m := _MONTH_RANGE_YEAR.search(f):  # "Tháng 01-02/2025": by the end of the last month
        month = int(m[2])
        if 1 <= month <= 12:
            due = month_end(int(m[3]), month)
    elif m := (_MONTH_YEAR.search(f) or _BARE_MONTH_YEAR.match(f)):
        month = int(m[1])
        if 1 <= month <= 12:
            due = month_end(int(m[2]), month)
    elif m := _QUARTER_YEAR.search(f):
        quarters = list(_QUARTER_YEAR.finditer(f))
        if len(quarters) > 1 and re.search(r"-|\bden\b", f[m.end(1) : quarters[-1].start()]):
            m = quarters[-1]  # "Quý I/2025 - Quý IV/2025": by the end of the last quarter
        q = int(m[1]) if m[1].isdigit() else parse_roman(m[1])
        y = int(m[2]) if m[2] else default_year
        if q and y and not (recurrence and not m[2]):
            due = quarter_end(y, q)
        elif q:
            due_month = 3 * q
    elif (m := _HALF.search(f)) and (m[3] or default_year):
        months = 6 if m[1] in ("6", "sau") else 9
        y = int(m[3]) if m[3] else default_year
        assert y is not None
        due = month_end(y, 12 if m[2] == "cuoi" else months)
    elif m := _DAY_MONTH.search(f):
        day, month = int(m[1]), int(m[2])
        if recurrence or default_year is None:
            if _date(2000, month, day):  # leap year: accepts 29/2
                due_month, due_day = month, day
        else:
            due = _date(default_year, month, day)
    elif m := _MONTH.search(f):
        month = int(m[1])
        if 1 <= month <= 12:
            if recurrence or default_year is None:
                due_month = month
            else:
                due = month_end(default_year, month)
    return due, due_month, due_day


def _years_of_recurrence(f: str, p_start: int | None, p_end: int | None) -> tuple[int | None, int | None]:
    """Years written next to a recurrence ("Hàng năm, từ năm 2022", "2021-2025, hằng năm"),
    else the plan period."""
    if m := _RANGE.search(f):
        y1, y2 = int(m[1]), int(m[2])
        if y1 <= y2:
            return y1, y2
    if m := _FROM_YEAR.search(f):
        y = int(m[1])
        return y, (p_end if p_end is not None and p_end >= y else None)
    if m := _UNTIL_YEAR.search(f):
        return p_start, int(m[1])
    return p_start, p_end


# ---------------------------------------------------------------------------------------------
# Deadlines inside prose

# Words that make a following date a deadline. Without one, a date is a document date
# ("Quyết định số 1473/QĐ-UBND ngày 29/4/2022") and is ignored.
_CUE = re.compile(
    r"\b(?:thoi gian hoan thanh|thoi han(?: hoan thanh)?|hoan thanh|cham nhat|truoc ngay|"
    r"trong thang|trong quy|truoc thang|truoc quy|xong truoc|han chot)\b"
)
# Period expressions a deadline can be.
_DEADLINE_EXPR = re.compile(
    r"(?:ngay\s*:?\s*)?\d{1,2}\s*([/.-])\s*\d{1,2}\s*\1\s*(?:19|20)\d\d"
    r"|(?:ngay\s+)?\d{1,2}\s+thang\s+\d{1,2}\s+nam\s+(?:19|20)\d\d"
    r"|thang\s+\d{1,2}\s*(?:/|-|nam)\s*(?:19|20)\d\d"
    r"|quy\s+(?:iv|i{1,3}|[1-4])\b\s*(?:/|-|nam)?\s*(?:(?:19|20)\d\d)?"
    r"|(?:6|9)\s+thang\s+(?:dau|cuoi)?\s*(?:nam\s*)?(?:19|20)\d\d"
    r"|(?:truoc\s+)?nam\s+(?:19|20)\d\d"
    r"|ngay\s*:?\s*\d{1,2}\s*/\s*\d{1,2}(?![\d/])"
    r"|thang\s+\d{1,2}(?![\d/])"
)
# "… trong tháng 02/2022", "… trước ngày 30/6/2022": the preposition right before the period.
_CUE_BEFORE = re.compile(r"\b(?:trong|truoc)\s*$")
_CLAUSE_BREAK = re.compile(r"[();]|\.\s")


def find_deadline(sentence: str, *, default_year: int | None = None) -> Timeframe | None:
    """The deadline written inside a prose sentence, or ``None``.

    Recognises "… (hoàn thành trong tháng 7/2022)", "… hoàn thành trước ngày 30/6/2022",
    "thời gian hoàn thành: Quý III/2022", "… gửi về … trong tháng 02/2022". A date counts only
    when a deadline cue ("hoàn thành", "chậm nhất", "trước ngày", "trong tháng", "trong quý",
    "thời hạn") stands before it in the same clause, so a cited document's date is not a
    deadline. The returned ``Timeframe.text`` is the phrase from the cue to the date. A bare
    year ("năm 2022") counts only after "hoàn thành"/"thời hạn".
    """
    try:
        s, f = _normalise(sentence)
    except Exception:  # e.g. a non-string cell value
        return None
    for m in _DEADLINE_EXPR.finditer(f):
        window_start = max(0, m.start() - 60)
        window = f[window_start : m.start()]
        breaks = list(_CLAUSE_BREAK.finditer(window))
        if breaks:
            window_start += breaks[-1].end()
            window = f[window_start : m.start()]
        cues = list(_CUE.finditer(window)) or list(_CUE_BEFORE.finditer(window))
        if not cues:
            continue
        cue = cues[-1]
        expr = m.group(0)
        if expr.startswith(("nam", "truoc nam")) and not re.search(r"hoan thanh|thoi han", cue.group(0)):
            continue
        phrase_start = window_start + cue.start()
        phrase = s[phrase_start : m.end()].strip(" :,")
        tf = parse_timeframe(phrase, default_year=default_year)
        if tf.due_date is not None or tf.due_month is not None:
            return tf
    return None


# a schedule closing a prose item: "… tổ chức khảo sát … định kỳ 6 tháng.", "… thực hiện thường xuyên."
_CLOSING_SCHEDULE = re.compile(
    r"(?:\s(dinh ky\s+(?:hang\s+)?(?:quy|thang|nam|6 thang|sau thang))|"
    r"(?:[,;]\s*|\bthuc hien\s+)(hang\s+(?:quy|thang|nam)|thuong xuyen|lien tuc))\s*[.;]?\s*$"
)


def find_schedule(sentence: str, *, default_year: int | None = None) -> Timeframe | None:
    """A recurrence that closes a prose item ("… định kỳ 6 tháng.", "… thực hiện thường
    xuyên."), or ``None``. Only the item's last words count: "thường xuyên kiểm tra …" inside
    a sentence describes the work, not its schedule."""
    try:
        s, f = _normalise(sentence)
    except Exception:  # e.g. a non-string cell value
        return None
    m = _CLOSING_SCHEDULE.search(f)
    if not m:
        return None
    g = 1 if m.group(1) else 2
    period = (default_year, default_year) if default_year else None
    tf = parse_timeframe(s[m.start(g) : m.end(g)], default_year=default_year, period=period)
    return tf if tf.recurrence else None
