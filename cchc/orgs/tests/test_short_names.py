"""One short-name rule for units (issue 24): lists and charts show "Sở Tư pháp" beside
"Sở KH&CN", never "STP" beside "Sở KH&CN". A department whose field takes one or two words is
shown by its own name; a longer one by "Sở" and the field's initials. Old abbreviations stay
aliases, so plan text that writes them still resolves."""

from __future__ import annotations

import csv
from pathlib import Path

UNITS = Path(__file__).resolve().parents[1] / "data" / "units.csv"


def test_department_short_names_follow_one_rule():
    rows = list(csv.DictReader(UNITS.open(encoding="utf-8")))
    wrong = []
    for r in rows:
        if r["level"] != "department" or not r["name"].startswith("Sở ") or not r["short_name"]:
            continue
        field = r["name"][3:].split()
        if len(field) <= 2 and r["short_name"] != r["name"]:
            wrong.append(f"{r['code']}: {r['short_name']!r} (rule: {r['name']!r})")
        elif len(field) > 2 and not r["short_name"].startswith("Sở "):
            wrong.append(f"{r['code']}: {r['short_name']!r} (rule: 'Sở …' with initials)")
    assert not wrong, "\n".join(wrong)
    stp = next(r for r in rows if r["code"] == "HP-STP")
    assert "STP" in stp["aliases"].split("|"), "the old abbreviation still resolves"
