"""Openings of one plan as sites and portals publish it: a metadata table (``| Số hiệu | … |``),
a site headline, a news lead, a hard-wrapped title, a headline with the signing line glued on.
The body after the opening is the same plan (``genre/lamdong_2026_web.txt``); the metadata must
come out the same whatever the opening (``test_openings.py``)."""

from __future__ import annotations

from pathlib import Path

GENRE = Path(__file__).parent / "genre"
SOURCE = GENRE / "lamdong_2026_web.txt"

EXPECTED = {
    "number": "45/KH-UBND",
    "date": "2026-01-05",
    "issuer": "Ủy ban nhân dân tỉnh Lâm Đồng",
    "title": "Cải cách hành chính nhà nước tỉnh Lâm Đồng năm 2026",
    "period_start": 2026,
    "period_end": 2026,
}

HEADER = """ỦY BAN NHÂN DÂN
TỈNH LÂM ĐỒNG
-------
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
---------------
Số: 45/KH-UBND
Đà Lạt, ngày 05 tháng 01 năm 2026
"""
TITLE = """KẾ HOẠCH
Cải cách hành chính nhà nước tỉnh Lâm Đồng năm 2026
"""


def body() -> str:
    """The plan from its first "Căn cứ" line on."""
    text = SOURCE.read_text(encoding="utf-8")
    return text[text.index("Căn cứ") :]


OPENINGS: dict[str, str] = {
    # a legal-document site: headline, metadata table, then the document without its header
    "metadata_table": """Kế hoạch 45/KH-UBND năm 2026 cải cách hành chính nhà nước tỉnh Lâm Đồng
| Số hiệu | 45/KH-UBND | Loại văn bản | Kế hoạch |
| Nơi ban hành | Tỉnh Lâm Đồng | Người ký | Trần Hồng Thái |
| Ngày ban hành | 05/01/2026 | Ngày hiệu lực | Đã biết |
| Tình trạng | Đã biết | | |

"""
    + TITLE,
    # the same with the Decree 30 header kept under the table
    "metadata_table_and_header": """Kế hoạch 45/KH-UBND năm 2026 cải cách hành chính nhà nước tỉnh Lâm Đồng
| Số hiệu: | 45/KH-UBND | Loại văn bản: | Kế hoạch |
| Nơi ban hành: | Tỉnh Lâm Đồng | Người ký: | Trần Hồng Thái |
| Ngày ban hành: | 05/01/2026 | Ngày hiệu lực: | Đã biết |

"""
    + HEADER
    + "\n"
    + TITLE,
    # a portal's document page: labelled rows, one per line, the abstract as "Trích yếu"
    "portal_rows": """Số ký hiệu
45/KH-UBND
Ngày ban hành
05/01/2026
Cơ quan ban hành
UBND tỉnh Lâm Đồng
Trích yếu
Kế hoạch cải cách hành chính nhà nước tỉnh Lâm Đồng năm 2026
Người ký
Trần Hồng Thái

""",
    # a headline with the signing line glued on, then the header block
    "headline_signing_glued": """Kế hoạch cải cách hành chính nhà nước tỉnh Lâm Đồng năm 2026 Ngày ký: 05/01/2026 Người ký: Trần Hồng Thái

"""
    + HEADER
    + "\n"
    + TITLE,
    # a title hard-wrapped in capitals at a narrow column
    "wrapped_title": HEADER
    + """
KẾ HOẠCH
CẢI
CÁCH HÀNH CHÍNH NHÀ NƯỚC TỈNH
LÂM ĐỒNG NĂM 2026
""",
    # a PDF's text layer: the two columns of the header block on one line each
    "pdf_header_columns_joined": """ỦY BAN NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
TỈNH LÂM ĐỒNG Độc lập - Tự do - Hạnh phúc
Số: 45/KH-UBND Đà Lạt, ngày 05 tháng 01 năm 2026

"""
    + TITLE,
    # a news article's lead before the plan's text (no header block)
    "news_lead": """(Cổng TTĐT tỉnh Lâm Đồng) - Ngày 05/01/2026, Ủy ban nhân dân tỉnh Lâm Đồng ban hành Kế hoạch số 45/KH-UBND về cải cách hành chính nhà nước tỉnh Lâm Đồng năm 2026. Nội dung cụ thể như sau:

""",
}

# an annual plan issued in December of the year before: its period is the title's year
DECEMBER = (
    """Kế hoạch 45/KH-UBND năm 2025 về cải cách hành chính nhà nước tỉnh Lâm Đồng năm 2026
| Số hiệu | 45/KH-UBND | Loại văn bản | Kế hoạch |
| Nơi ban hành | Tỉnh Lâm Đồng | Người ký | Trần Hồng Thái |
| Ngày ban hành | 26/12/2025 | Ngày hiệu lực | Đã biết |

"""
    + HEADER.replace("ngày 05 tháng 01 năm 2026", "ngày 26 tháng 12 năm 2025")
    + "\n"
    + TITLE
)


def opening(name: str) -> str:
    return OPENINGS[name] + "\n" + body()
