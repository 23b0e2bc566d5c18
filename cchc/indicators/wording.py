"""An indicator's formula and source in words a civil servant reads (issue 24).

The stored formula (``ds.early + ds.on_time …``) and the research notes in ``source``
("METHODOLOGY.md §5.3 …") are for whoever maintains the indicator sets, not for a page: the
indicator page shows the formula in words behind a "Cách tính" disclosure and the source without
internal references.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# the dossier statistics a formula may read (indicators.models.DossierAggregate)
DOSSIER_WORDS = {
    "ds.received": gettext_lazy("số hồ sơ tiếp nhận trong kỳ"),
    "ds.finished": gettext_lazy("số hồ sơ đã giải quyết"),
    "ds.early": gettext_lazy("số hồ sơ giải quyết trước hạn"),
    "ds.on_time": gettext_lazy("số hồ sơ giải quyết đúng hạn"),
    "ds.late": gettext_lazy("số hồ sơ giải quyết quá hạn"),
    "ds.in_progress": gettext_lazy("số hồ sơ đang giải quyết"),
    "ds.in_progress_past_due": gettext_lazy("số hồ sơ đang giải quyết đã quá hạn"),
    "ds.online": gettext_lazy("số hồ sơ tiếp nhận trực tuyến"),
    "ds.fee_dossiers": gettext_lazy("số hồ sơ có nghĩa vụ tài chính"),
    "ds.paid_online": gettext_lazy("số hồ sơ thanh toán trực tuyến"),
    "ds.digitised": gettext_lazy("số hồ sơ được số hóa thành phần hồ sơ"),
    "ds.supplemented": gettext_lazy("số hồ sơ phải bổ sung"),
}
_SYMBOLS = {"+": "+", "-": "−", "*": "×", "/": "÷"}
_TOKEN = re.compile(r"\s*(?:(\d+(?:\.\d+)?)|([A-Za-z_][A-Za-z0-9_.]*)|(\S))")


def expression_in_words(text: str, names: dict[str, str]) -> str:
    """``ds.early + ds.on_time`` → "số hồ sơ giải quyết trước hạn + số hồ sơ giải quyết đúng
    hạn"; another indicator's code → its name (``names``); numbers with a decimal comma."""
    out = []
    for number, name, sym in _TOKEN.findall(text or ""):
        if number:
            out.append(number.replace(".", ","))
        elif name:
            word = DOSSIER_WORDS.get(name) or names.get(name)
            out.append(f"“{word}”" if word else name)
        else:
            out.append(_SYMBOLS.get(sym, sym))
    return " ".join(out).replace("( ", "(").replace(" )", ")")


def formula_names(indicator) -> set[str]:
    """The other indicators a formula reads (their codes), to look their names up at once."""
    return {
        name
        for text in (indicator.numerator, indicator.denominator)
        for _n, name, _s in _TOKEN.findall(text or "")
        if name and not name.startswith("ds.") and name not in {"min", "max"}
    }


def formula_in_words(indicator, names: dict[str, str]) -> list[str]:
    """The lines of the "Cách tính" disclosure; empty for an indicator entered by hand."""
    if not indicator.numerator:
        return []
    lines = []
    numerator = expression_in_words(indicator.numerator, names)
    factor = indicator.factor
    if indicator.denominator:
        lines.append(_("Tử số: %(x)s.") % {"x": numerator})
        lines.append(_("Mẫu số: %(x)s.") % {"x": expression_in_words(indicator.denominator, names)})
        if factor is not None and factor == 100:
            lines.append(_("Kết quả = tử số chia cho mẫu số, nhân với 100 (tính bằng %)."))
        elif factor is not None and factor != 1:
            lines.append(_("Kết quả = tử số chia cho mẫu số, nhân với %(f)s.") % {"f": _plain(factor)})
        else:
            lines.append(_("Kết quả = tử số chia cho mẫu số."))
        lines.append(_("Khi mẫu số bằng 0, kỳ đó không có kết quả."))
    else:
        lines.append(_("Kết quả = %(x)s.") % {"x": numerator})
    return lines


def _plain(value) -> str:
    return format(value.normalize(), "f").replace(".", ",")


_INTERNAL = re.compile(
    r"METHODOLOGY(?:\.md)?\s*((?:§\s*[\d.]+(?:\s*[–-]\s*[\d.]+)?(?:\s*\([^)]*\))?[,\s]*)+)"
)
_TAG = re.compile(r"\s*\[[A-Z]\]")


def source_in_words(text: str) -> str:
    """A source without the internal research references ("METHODOLOGY.md §5.3–5.4 (Cổng
    DVCQG, …)" → "Cổng DVCQG, …") and their confidence tags; what the references said in
    brackets stays."""

    def keep_notes(match: re.Match) -> str:
        notes = re.findall(r"\(([^)]*)\)", match.group(1))
        return ", ".join(n.strip() for n in notes)

    parts = []
    for part in (text or "").split(";"):
        cleaned = _TAG.sub("", _INTERNAL.sub(keep_notes, part)).strip(" ,")
        cleaned = re.sub(r"\(\s*\)", "", cleaned).strip(" ,:")
        if cleaned and cleaned.rstrip(":").strip().lower() not in {
            "quy tắc tính",
            "cách tính theo cổng dvcqg",
        }:
            parts.append(cleaned)
    return "; ".join(dict.fromkeys(parts))
