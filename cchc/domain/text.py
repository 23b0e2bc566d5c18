"""Vietnamese text helpers: Unicode normalisation and accent-insensitive folding."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"[\s\u00a0\u200b\ufeff]+")


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC (documents arrive in NFC or NFD)."""
    return unicodedata.normalize("NFC", text)


def clean(text: str) -> str:
    """NFC, no-break and zero-width spaces turned into plain spaces, runs collapsed, stripped.

    Cached for short texts: the parser cleans the same cell and line texts many times."""
    if len(text) <= 2000:
        return _clean_cached(text)
    return _SPACES.sub(" ", nfc(text)).strip()


@lru_cache(maxsize=65536)
def _clean_cached(text: str) -> str:
    return _SPACES.sub(" ", nfc(text)).strip()


_MARKS = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")


_FOLD_TABLE = {
    cp: None
    for lo, hi in ((0x300, 0x36F), (0x1AB0, 0x1AFF), (0x1DC0, 0x1DFF), (0x20D0, 0x20FF), (0xFE20, 0xFE2F))
    for cp in range(lo, hi + 1)
} | {0x200B: " ", 0xFEFF: " "}


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Accent- and case-insensitive key: ``"Sở Nội vụ"`` -> ``"so noi vu"``; ``đ`` -> ``d``.

    Cached: parsing folds the same cell texts many times.
    """
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    # str.translate drops the marks (the ranges of _MARKS) and turns zero-width spaces into
    # spaces; str.split() splits at exactly what \s matches: same result as two re.sub, faster
    return " ".join(text.translate(_FOLD_TABLE).lower().split())


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in "đĐ":
        return "d"
    base = unicodedata.normalize("NFD", ch)[:1] or ch
    if unicodedata.category(base) == "Mn":  # a stray combining mark left in the input
        return " "
    low = base.lower()
    return low if len(low) == 1 else base


def fold_aligned(text: str) -> str:
    """Like :func:`fold` but one output character per input character, so regex match offsets
    on the folded text index the original. Spaces are not collapsed; pass ``clean(text)``.

    Cached, per text and per character: targets and timeframes fold the same sentences."""
    if len(text) > 2000:
        return "".join([_fold_char(ch) for ch in text])
    return _fold_aligned_cached(text)


@lru_cache(maxsize=16384)
def _fold_aligned_cached(text: str) -> str:
    if text.isascii():
        return text.lower()
    return "".join([_fold_char(ch) for ch in text])
