"""Accent-insensitive folding: the rules of the glossary, and the fast path equals the plain rule."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from cchc.domain.text import clean, fold

_MARKS = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")
_SPACES = re.compile(r"[\s\u00a0\u200b\ufeff]+")


def reference_fold(text: str) -> str:
    """The rule, written plainly: đ -> d, decompose, drop combining marks, lower case, one space."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return _SPACES.sub(" ", _MARKS.sub("", text).lower()).strip()


def test_fold_follows_the_glossary():
    assert fold("Sở Nội vụ") == "so noi vu"
    assert fold("ĐỀ ÁN") == "de an"
    nfd = unicodedata.normalize("NFD", "Sở Thông tin và\u00a0Truyền thông")
    assert fold(nfd) == fold("Sở Thông tin và Truyền thông") == "so thong tin va truyen thong"
    assert fold(" Ủy\u200bban  nhân\tdân ") == "uy ban nhan dan"


@given(
    st.text(
        alphabet=st.one_of(
            st.characters(min_codepoint=0x20, max_codepoint=0x24F),
            st.characters(min_codepoint=0x300, max_codepoint=0x36F),
            st.characters(min_codepoint=0x1E00, max_codepoint=0x1EFF),
            st.sampled_from(["\u00a0", "\u200b", "\ufeff", "\u2028", "\u3000", "\t", "\n", "\x1c", "đ", "Đ"]),
        ),
        max_size=40,
    )
)
def test_fold_equals_the_plain_rule(text):
    assert fold(text) == reference_fold(text)


def test_clean_normalises_to_nfc_and_collapses_spaces():
    assert clean(unicodedata.normalize("NFD", "  Hải\u00a0Phòng\u200b ")) == "Hải Phòng"
