"""Shared vocabulary of the plan parser: errors, the interchange version, standard reform areas,
and the line model every stage works on.

The parser turns a :class:`~cchc.domain.planparse.blocks.SourceDocument` into the
``cchc.plan/1`` interchange (``docs/plan-format.md``, ``plan.schema.json``): a plain,
JSON-serialisable ``dict``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from cchc.domain.text import fold

FORMAT = "cchc.plan/1"


class PlanParseError(Exception):
    """A document could not be read as a plan (the message says why, in English)."""


class NotAPlanError(PlanParseError):
    """The document has no plan/decision header, no reform areas and no tasks.

    ``looks_like`` says what the document looks like instead, when that is clear: ``report``,
    ``news`` (an article about a plan), ``summary`` (a portal's abstract of a plan), ``letter``,
    ``notice``, ``submission``; else ``None``."""

    def __init__(self, message: str = "", looks_like: str | None = None) -> None:
        super().__init__(message)
        self.looks_like = looks_like


# Standard reform areas (GLOSSARY: Resolution 76/NQ-CP six areas plus two that plans add).
# Each has folded key phrases; a heading maps to the area whose phrase matches best.
STANDARD_AREAS: dict[str, tuple[str, ...]] = {
    "direction": ("cong tac chi dao dieu hanh", "chi dao dieu hanh", "cong tac chi dao"),
    "institutions": ("cai cach the che", "xay dung va to chuc thuc hien van ban quy pham phap luat"),
    "procedures": ("cai cach thu tuc hanh chinh", "thu tuc hanh chinh", "kiem soat thu tuc hanh chinh"),
    "organisation": ("cai cach to chuc bo may", "to chuc bo may hanh chinh", "to chuc bo may"),
    "civil_service": (
        "cai cach che do cong vu",
        "cai cach cong vu",
        "che do cong vu",
        "doi ngu can bo cong chuc vien chuc",
    ),
    "public_finance": ("cai cach tai chinh cong", "tai chinh cong"),
    "digital_government": (
        "xay dung va phat trien chinh quyen dien tu chinh quyen so",
        "chinh quyen dien tu",
        "chinh quyen so",
        "chinh phu dien tu",
        "chinh phu so",
        "hien dai hoa hanh chinh",
    ),
    "impact": ("tac dong cua cai cach hanh chinh", "tac dong cua cchc", "danh gia tac dong"),
}


@dataclass(slots=True)
class Line:
    """One source line (a paragraph, or one cell of a flattened/pipe row)."""

    text: str
    line: int
    style: str = ""
    role: str = ""  # "" = not yet accounted for; else why it is covered (chrome, heading, task…)

    @property
    def folded(self) -> str:
        return fold(self.text)


@dataclass
class Ledger:
    """Accounts for every body line: what it was used for, and the warnings raised."""

    roles: dict[int, str] = field(default_factory=dict)
    warnings: list[dict] = field(default_factory=list)
    # normalised line -> (first, last) original line; None when lines are the source's own
    origin: Callable[[int], tuple[int, int]] | None = None
    unread: list[tuple[int, str]] = field(default_factory=list)  # set by coverage.account

    def first(self, n: int) -> int:
        """The original line a (normalised) line starts at, for messages."""
        return self.origin(n)[0] if self.origin else n

    def last(self, n: int) -> int:
        return self.origin(n)[1] if self.origin else n

    def mark(self, line: int, role: str, *, force: bool = False) -> None:
        if force or line not in self.roles:
            self.roles[line] = role

    def mark_span(self, start: int, end: int, role: str, lines: set[int] | None = None) -> None:
        for n in range(start, end + 1):
            if lines is None or n in lines:
                self.mark(n, role)

    def warn(self, line: int | None, message: str) -> None:
        self.warnings.append({"line": line, "message": message})
