"""Decode uploaded text whose encoding is unknown: UTF-8 (±BOM), UTF-16 (±BOM), Windows-1258."""

from __future__ import annotations

import codecs
import unicodedata


class EncodingError(ValueError):
    """The bytes are not text in any encoding we accept."""


_VI_LETTERS = set("ăâđêôơưĂÂĐÊÔƠƯ")


def decode_text(data: bytes) -> tuple[str, str]:
    """Return ``(text_in_NFC, encoding_name)`` or raise ``EncodingError``."""
    if data.startswith(codecs.BOM_UTF8):
        return _checked(data[3:], "utf-8")
    if data.startswith(codecs.BOM_UTF16_LE) or data.startswith(codecs.BOM_UTF16_BE):
        return _checked(data, "utf-16")
    sample = data[:4000]
    if sample and sample.count(b"\x00") > len(sample) // 4:
        # UTF-16 without BOM: NULs sit in the high bytes of ASCII characters.
        even_nuls = sample[0::2].count(b"\x00")
        odd_nuls = sample[1::2].count(b"\x00")
        return _checked(data, "utf-16-be" if even_nuls > odd_nuls else "utf-16-le")
    try:
        return _checked(data, "utf-8")
    except EncodingError:
        pass
    text, enc = _checked(data, "cp1258")
    if not any(ch in _VI_LETTERS for ch in text) and not any(
        unicodedata.category(c) == "Mn" for c in unicodedata.normalize("NFD", text)
    ):
        raise EncodingError("not UTF-8, UTF-16 or Windows-1258 Vietnamese text")
    return text, enc


def _checked(data: bytes, encoding: str) -> tuple[str, str]:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise EncodingError(f"cannot decode as {encoding}") from exc
    controls = sum(1 for ch in text[:20000] if unicodedata.category(ch) == "Cc" and ch not in "\r\n\t\f")
    if controls > max(5, len(text[:20000]) // 100):
        raise EncodingError("binary data, not text")
    return unicodedata.normalize("NFC", text), encoding


_TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def encode_cp1258(text: str, errors: str = "strict") -> bytes:
    """Encode Vietnamese text as Windows-1258: base letters precomposed, tone marks combining
    (the code page has no precomposed toned letters); ``errors`` as for ``str.encode``."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(p for p in parts if p in _TONE_MARKS)
        base = unicodedata.normalize("NFC", "".join(p for p in parts if p not in _TONE_MARKS))
        out.append(base + tones)
    return "".join(out).encode("cp1258", errors=errors)
