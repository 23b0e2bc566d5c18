"""Coverage: the share of source lines the parser accounted for, and grouped warnings for the
lines it neither used nor recognised (nothing is dropped silently)."""

from __future__ import annotations

from cchc.domain.planparse.model import Ledger, Line

# Roles that mean "seen but not turned into plan data": they lower coverage and are warned
# about like lines no stage claimed.
UNREAD = {"unmeasured_target", "unread_preamble"}
_WHY = {
    "unmeasured_target": "in a target section but no measurable target found",
    "unread_preamble": "prose before the first heading that is not a legal basis",
}


def account(
    lines: list[Line], table_lines: set[int], ledger: Ledger, cell_text: dict[int, str] | None = None
) -> float:
    """Coverage over every non-empty source line and table cell; warns once per run of
    unaccounted lines (grouped by why they were not read)."""
    all_lines = sorted({ln.line for ln in lines} | table_lines)
    if not all_lines:
        return 0.0
    text_of = dict(cell_text or {})
    text_of.update({ln.line: ln.text for ln in lines})
    runs: list[tuple[str, list[int]]] = []
    covered = 0
    for n in all_lines:
        role = ledger.roles.get(n)
        if role and role not in UNREAD:
            covered += 1
            continue
        why = _WHY.get(role or "", "not recognised as plan content")
        if runs and runs[-1][0] == why and _adjacent(runs[-1][1][-1], n, all_lines):
            runs[-1][1].append(n)
        else:
            runs.append((why, [n]))
    ledger.unread = [(n, why) for why, run in runs for n in run]
    for why, run in runs:
        first = text_of.get(run[0], "")[:80]
        a, b = ledger.first(run[0]), ledger.last(run[-1])
        span = f"line {a}" if a == b else f"lines {a}–{b} ({len(run)} lines)"
        ledger.warn(run[0], f"{span} {why}: {first!r}")
    return round(covered / len(all_lines), 4)


def _adjacent(a: int, b: int, all_lines: list[int]) -> bool:
    """Whether no counted line lies between ``a`` and ``b`` (a run skips only blank lines)."""
    import bisect

    return bisect.bisect_right(all_lines, a) == bisect.bisect_left(all_lines, b)
