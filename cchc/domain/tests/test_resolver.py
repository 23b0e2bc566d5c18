"""Every lead / coordinating-unit cell of the five seed plans resolves as hand-checked below.

Expected values: a unit code or group key, "VAGUE" for a kept catch-all ("các cơ quan, đơn vị
có liên quan"), "?" for a mention that must stay unresolved. Cells come from: 000's framework
annex (Chủ trì / Phối hợp), 000's "VI. Tổ chức thực hiện" headings, 001's annex of schemes,
003's PAR INDEX / SIPAS lead columns and task headings, 004's section IV headings, 002's prose.
The table is data (``data/seed_cells.json``: scope, cell, expected): the cells of each seed as
written first, then cells as the importer hands them over (heading leads, prose phrases, trimmed
punctuation), last what the seeds' prose and Hải Phòng's organisation section say as written.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from cchc.domain.orgdata import load_entries
from cchc.domain.planparse.api import parse_text
from cchc.domain.resolver import MAX_CELL_CHARS, Entry, Resolver, name_key, split_mentions
from cchc.domain.testing.seeds import seeds_dir
from cchc.domain.text import clean

# The seeds (the originals, else their byte-identical copies in the repository), and the org tree each names.
SEEDS_DIR = seeds_dir()
SEED_SCOPES = {"000": "HP", "001": "DN", "002": "VP-TP-VINHYEN", "003": "HN", "004": "HD"}

_RESOLVERS: dict[str, Resolver] = {}


def resolver_for(scope: str) -> Resolver:
    if scope not in _RESOLVERS:
        _RESOLVERS[scope] = Resolver(load_entries(scope))
    return _RESOLVERS[scope]


def outcome(scope: str, cell: str) -> list[str]:
    return [m.key or ("VAGUE" if m.vague else "?") for m in resolver_for(scope).resolve(cell)]


SEED_CELLS = [
    tuple(row)
    for row in json.loads((Path(__file__).parent / "data" / "seed_cells.json").read_text(encoding="utf-8"))
]


@pytest.mark.parametrize(("scope", "cell", "expected"), SEED_CELLS)
def test_seed_cell_resolves_as_hand_checked(scope: str, cell: str, expected: list[str]) -> None:
    assert outcome(scope, cell) == expected


class _RecordingResolver:
    """The resolver the importer is given, noting every cell it is asked to split."""

    def __init__(self, scope: str) -> None:
        self.resolver = resolver_for(scope)
        self.cells: set[str] = set()

    def resolve(self, text: str):
        self.cells.add(clean(text))
        return self.resolver.resolve(text)

    def resolve_one(self, text: str):
        return self.resolver.resolve_one(text)


def test_table_has_every_lead_and_support_cell_the_importer_reads_from_the_seeds() -> None:
    table = {(scope, clean(cell)) for scope, cell, _ in SEED_CELLS}
    missing = []
    for prefix, scope in SEED_SCOPES.items():
        recording = _RecordingResolver(scope)
        path = next(SEEDS_DIR.glob(f"{prefix}_*.txt"))
        parse_text(path.read_text(encoding="utf-8"), resolver=recording)
        assert len(recording.cells) >= 5, path.name
        missing += [(scope, cell) for cell in sorted(recording.cells) if (scope, cell) not in table]
    assert missing == []


def test_seed_cells_are_mostly_resolved() -> None:
    results = [key for scope, cell, _ in SEED_CELLS for key in outcome(scope, cell)]
    resolved = sum(key != "?" for key in results)
    assert resolved / len(results) >= 0.95


def texts(scope: str, cell: str) -> list[tuple[str, str]]:
    return [(m.text, m.key or ("VAGUE" if m.vague else "?")) for m in resolver_for(scope).resolve(cell)]


def test_what_a_plan_says_a_unit_does_stays_in_that_units_mention() -> None:
    assert texts("HP", "Các Sở, ban, ngành chủ trì soạn thảo văn bản QPPL") == [
        ("Các Sở, ban, ngành chủ trì soạn thảo văn bản QPPL", "HP:so-ban-nganh")
    ]
    assert texts(
        "HP", "Các sở, ngành, UBND quận, huyện thực hiện kiểm tra ít nhất 30% số cơ quan, đơn vị."
    ) == [
        ("Các sở, ngành", "HP:so-ban-nganh"),
        ("UBND quận, huyện thực hiện kiểm tra ít nhất 30% số cơ quan, đơn vị", "HP:cap-huyen"),
    ]
    # ... but what follows "phối hợp với" or a new list item is never glued to the unit before it
    assert texts("HP", "Sở Tư pháp phối hợp với kiểm tra; các Bệnh viện") == [
        ("Sở Tư pháp", "HP-STP"),
        ("kiểm tra", "?"),
        ("các Bệnh viện", "?"),
    ]


def test_an_unknown_name_with_commas_stays_one_unresolved_mention() -> None:
    # Not in the org data: kept whole for a person to map, not cut into "bồi dưỡng", "thông tin".
    assert texts("HP", "UBND các quận, huyện; các cơ sở đào tạo, bồi dưỡng") == [
        ("UBND các quận, huyện", "HP:cap-huyen"),
        ("các cơ sở đào tạo, bồi dưỡng", "?"),
    ]
    assert texts("HP", "Trung tâm Văn hóa, thông tin và thể thao quận, Sở Y tế") == [
        ("Trung tâm Văn hóa, thông tin và thể thao quận", "?"),
        ("Sở Y tế", "HP-SYT"),
    ]
    assert texts("DN", "06 đơn vị sự nghiệp thuộc Sở: Xây dựng, Giao thông vận tải") == [
        ("06 đơn vị sự nghiệp thuộc Sở", "?"),
        ("Xây dựng", "DN-SXD"),
        ("Giao thông vận tải", "DN-SGTVT"),
    ]


def test_a_known_name_with_commas_is_found_with_and_without_va() -> None:
    for cell in (
        "Trung tâm Văn hóa, thông tin, thể thao thành phố",
        "Trung tâm Văn hóa, thông tin và thể thao thành phố",
    ):
        assert texts("VP-TP-VINHYEN", cell) == [(cell, "VP-TP-VINHYEN-TTVHTTTT")]


def test_catch_all_qualified_by_a_task_is_vague() -> None:
    cell = "Các cơ quan, đơn vị quản lý CB, CC, VC theo thẩm quyền"
    assert texts("HP", cell) == [(cell, "VAGUE")]
    # ... unless it goes on to name a body
    assert outcome("HP", "các cơ quan, đơn vị quản lý, Sở Nội vụ") == ["VAGUE", "HP-SNV"]


def test_heads_and_titles_before_groups() -> None:
    assert texts("HP", "Thủ trưởng các Sở, ban, ngành, Chủ tịch Ủy ban nhân dân quận, huyện") == [
        ("Thủ trưởng các Sở, ban, ngành", "HP:so-ban-nganh"),
        ("Chủ tịch Ủy ban nhân dân quận, huyện", "HP:cap-huyen"),
    ]
    assert outcome("DN", "thủ trưởng các cơ quan Trung ương đóng trên địa bàn thành phố") == ["DN:nganh-doc"]


def test_bare_department_name_after_phoi_hop_is_that_department() -> None:
    assert outcome("HN", "Văn phòng UBND Thành phố phối hợp với Nội vụ, Tài chính") == [
        "HN-VPUB",
        "HN-SNV",
        "HN-STC",
    ]
    # exact names only: no "Sở" is guessed for a look-alike
    assert outcome("HN", "Văn phòng UBND Thành phố phối hợp với Tư lệnh") == ["HN-VPUB", "?"]


def test_a_following_word_is_not_taken_for_a_typo() -> None:
    # "Văn phòng UBND Thành phố, các Sở" is close to "Văn phòng UBND Thành phố" letter by letter.
    assert texts("HN", "Văn phòng UBND Thành phố, các Sở") == [
        ("Văn phòng UBND Thành phố", "HN-VPUB"),
        ("các Sở", "?"),
    ]
    assert texts("HN", "Sở Nội vụ, các Sở") == [("Sở Nội vụ", "HN-SNV"), ("các Sở", "?")]
    assert outcome("HN", "Sở Nội vụ kiểm tra, Sở Tư pháp kiểm tra") == ["HN-SNV", "HN-STP"]


def test_mentions_keep_spans_into_cleaned_text() -> None:
    cell = "Sở Tư pháp, Văn phòng UBND thành phố và các cơ quan, đơn vị liên quan"
    mentions = resolver_for("HP").resolve(cell)
    assert [(m.text, cell[m.start : m.end]) for m in mentions] == [(m.text, m.text) for m in mentions]
    assert [m.text for m in mentions] == [
        "Sở Tư pháp",
        "Văn phòng UBND thành phố",
        "các cơ quan, đơn vị liên quan",
    ]
    assert mentions[0].name == "Sở Tư pháp" and mentions[0].kind == "unit"
    assert mentions[2].vague and mentions[2].key is None and mentions[2].kind is None


def test_names_containing_separators_are_not_split() -> None:
    cases = {
        "HD": "Sở Văn hóa, Thể thao và Du lịch",
        "HP": "Sở Lao động - Thương binh và Xã hội",
        "DN": "Sở Nông nghiệp và Phát triển nông thôn",
    }
    for scope, cell in cases.items():
        mentions = resolver_for(scope).resolve(cell)
        assert len(mentions) == 1 and mentions[0].kind == "unit", cell


def test_nfd_input_resolves_like_nfc() -> None:
    nfd = unicodedata.normalize("NFD", "Sở Thông tin và Truyền thông, UBND các quận, huyện")
    assert outcome("HP", nfd) == ["HP-STTTT", "HP:cap-huyen"]


def test_typo_is_tolerated() -> None:
    assert resolver_for("HP").resolve_one("Sở Thòng tin và Truyền thông").key == "HP-STTTT"
    mention = resolver_for("HP").resolve_one("Sở Tài nguyên và Môi trưòng")
    assert mention.key == "HP-STNMT"
    mention = resolver_for("HP").resolve_one("Sở Thông tin và Truyền thôg")
    assert mention.key == "HP-STTTT" and 0.88 <= mention.confidence < 1


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Sở TT&TT", "HP-STTTT"),
        ("Sở TTTT", "HP-STTTT"),
        ("Sở KH&ĐT", "HP-SKHDT"),
        ("Sở KH & ĐT", "HP-SKHDT"),
        ("Sở LĐTB&XH", "HP-SLDTBXH"),
        ("Sở TN&MT", "HP-STNMT"),
        ("Sở NN&PTNT", "HP-SNNPTNT"),
        ("Sở GD&ĐT", "HP-SGDDT"),
        ("Sở KH&CN", "HP-SKHCN"),
        ("Sở GTVT", "HP-SGTVT"),
        ("Sở NV", "HP-SNV"),
        ("Văn phòng UBND TP", "HP-VPUB"),
        ("VP UBND thành phố", "HP-VPUB"),
        ("CA thành phố", "HP-CA"),
        ("BHXH thành phố", "HP-BHXH"),
        ("Đài PT-TH Hải Phòng", "HP-DAIPTTH"),
        ("Cổng TTĐT thành phố", "HP-CONGTTDT"),
        ("Hội đồng thẩm định chỉ số CCHC thành phố", "HP-HDTDCCHC"),
        ("UBND cấp huyện", "HP:cap-huyen"),
        ("UBND cấp xã", "HP:cap-xa"),
        ("Sở VH,TT&DL", "HD-SVHTTDL"),
    ],
)
def test_abbreviations_are_expanded(text: str, key: str) -> None:
    scope = key.split("-")[0].split(":")[0]
    assert resolver_for(scope).resolve_one(text).key == key


def test_all_caps() -> None:
    assert outcome("HP", "SỞ NỘI VỤ, ỦY BAN NHÂN DÂN CÁC QUẬN, HUYỆN") == ["HP-SNV", "HP:cap-huyen"]


def test_unknown_agency_stays_unresolved() -> None:
    mention = resolver_for("HP").resolve_one("Sở Hàng không vũ trụ")
    assert mention.key is None and mention.confidence == 0 and not mention.vague
    assert outcome("HP", "Sở Nội vụ, Tổng công ty Đường sắt") == ["HP-SNV", "?"]


def test_low_confidence_fuzzy_match_is_not_guessed() -> None:
    # Close to "Sở Tư pháp" but a different body; and a Phòng is never a Sở.
    assert resolver_for("HP").resolve_one("Sở Tư lệnh").key is None
    assert resolver_for("HP").resolve_one("Phòng Tư pháp").key is None


def test_department_of_another_province_is_not_offered() -> None:
    # Hải Phòng has "Sở Văn hóa và Thể thao" and "Sở Du lịch", not the merged department.
    assert outcome("HP", "Sở Văn hóa, Thể thao và Du lịch") != ["HD-SVHTTDL"]


def test_empty_and_blank_give_nothing() -> None:
    assert resolver_for("HP").resolve("") == []
    assert resolver_for("HP").resolve(" \u00a0\n ; , ") == []
    assert split_mentions("") == []


def test_split_mentions_is_the_naive_split() -> None:
    assert [t for t, _, _ in split_mentions("Sở Nội vụ, Sở Tư pháp và Cục Thuế; UBND quận/huyện")] == [
        "Sở Nội vụ",
        "Sở Tư pháp",
        "Cục Thuế",
        "UBND quận",
        "huyện",
    ]


HOSTILE_CELLS = (
    "Sở, và " * 15_000,
    "a" * 100_000,
    ("Sở Văn hóa, Thể thao và Du lịch; " * 3000)[:100_000],
    "".join(chr(0x300 + i % 100) for i in range(100_000)),
    ",,;;//\n" * 15_000,
    " ".join(f"Sở Nội vụ kiểm tra x{i}," for i in range(8000))[:100_000],
)


def test_hostile_input_longer_than_any_cell_comes_back_whole_and_unresolved() -> None:
    # how long it takes is measured in benchmarks/resolver_hostile.py, not asserted here
    resolver = resolver_for("HP")
    for hostile in HOSTILE_CELLS:
        mentions = resolver.resolve(hostile)
        cleaned = clean(hostile)
        if len(cleaned) > MAX_CELL_CHARS:
            assert [(m.text, m.key, m.start, m.end) for m in mentions] == [(cleaned, None, 0, len(cleaned))]
        else:
            assert all(0 <= m.start <= m.end <= len(cleaned) for m in mentions)


def test_a_long_cell_under_the_limit_is_still_split_and_resolved() -> None:
    resolver = resolver_for("HP")
    cell = "; ".join(["Sở Nội vụ", "Sở Tư pháp", "Sở Tài chính"] * 100)
    assert len(cell) < MAX_CELL_CHARS
    mentions = resolver.resolve(cell)
    assert len(mentions) == 300
    assert {m.name for m in mentions} == {"Sở Nội vụ", "Sở Tư pháp", "Sở Tài chính"}


def test_ambiguous_name_is_not_guessed() -> None:
    resolver = Resolver(
        [
            Entry("A", "Phòng Nội vụ", "unit", ("Phòng NV",)),
            Entry("B", "Phòng Nội vụ", "unit"),
        ]
    )
    mention = resolver.resolve_one("Phòng Nội vụ")
    assert mention.key is None and mention.candidates == ("A", "B")


def test_name_key_folds_and_expands() -> None:
    assert name_key("Các Sở TT&TT") == "so thong tin va truyen thong"
    assert name_key("UBND cấp huyện") == "uy ban nhan dan huyen"
    assert name_key("các cơ quan, cá nhân có liên quan") == "co quan ca nhan"


@pytest.mark.parametrize(
    "text",
    [
        "các cơ quan, đơn vị",
        "Các cơ quan, đơn vị",
        "Tất cả các cơ quan, đơn vị trên địa bàn thành phố",
        "các cơ quan, đơn vị, địa phương",
        "các cơ quan, đơn vị trên địa bàn tỉnh Hải Dương",
    ],
)
def test_an_unrestricted_catch_all_means_every_unit(text):
    from cchc.domain.resolver import is_every_unit

    assert is_every_unit(text)


@pytest.mark.parametrize(
    "text",
    [
        "các cơ quan, đơn vị có liên quan",
        "các cơ quan, đơn vị trên địa bàn tỉnh có liên quan",
        "Các cơ quan, đơn vị quản lý CB, CC, VC theo thẩm quyền",
        "Các cơ quan",
        "các đơn vị liên quan",
        "các cơ quan, đơn vị được giao nhiệm vụ",
        "Sở Nội vụ",
        "",
    ],
)
def test_a_narrowed_or_partial_catch_all_is_not_every_unit(text):
    from cchc.domain.resolver import is_every_unit

    assert not is_every_unit(text)
