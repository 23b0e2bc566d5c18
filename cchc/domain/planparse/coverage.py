"""Coverage: the share of source lines the parser accounted for, and grouped warnings for the
lines it neither used nor recognised (nothing is dropped silently)."""

from __future__ import annotations

from cchc.domain.planparse.model import Ledger, Line


def account(lines: list[Line], table_lines: set[int], ledger: Ledger) -> float:
    """Coverage over every non-empty source line; warns once per run of unaccounted lines."""
    all_lines = sorted({ln.line for ln in lines} | table_lines)
    if not all_lines:
        return 0.0
    text_of = {ln.line: ln.text for ln in lines}
    covered = 0
    run: list[int] = []

    def close_run() -> None:
        if not run:
            return
        first = text_of.get(run[0], "")[:80]
        span = f"line {run[0]}" if len(run) == 1 else f"lines {run[0]}–{run[-1]} ({len(run)} lines)"
        ledger.warn(run[0], f"{span} not recognised as plan content: {first!r}")
        run.clear()

    for n in all_lines:
        if n in ledger.roles:
            covered += 1
            close_run()
        else:
            run.append(n)
    close_run()
    return round(covered / len(all_lines), 4)
