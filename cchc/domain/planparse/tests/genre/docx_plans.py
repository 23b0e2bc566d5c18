"""Genre plans as DOCX, built with python-docx: real tables with header rows and merged cells,
numbered lists. Used by ``test_genre.py``."""

from __future__ import annotations

import io

from docx import Document


def _header(doc, issuer: list[str], number: str, place_date: str, kind: str, title: str) -> None:
    # the Decree 30 header block is a borderless two-column table, one paragraph per line
    t = doc.add_table(rows=1, cols=2)
    left, right = t.rows[0].cells
    for cell, texts in (
        (left, [*issuer, number]),
        (right, ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", place_date]),
    ):
        cell.text = texts[0]
        for text in texts[1:]:
            cell.add_paragraph(text)
    doc.add_paragraph(kind)
    doc.add_paragraph(title)


def cantho_2023_table() -> bytes:
    """Cần Thơ annual plan 2023: an attached task table (STT | Nhiệm vụ | Sản phẩm dự kiến |
    Đơn vị chủ trì | Đơn vị phối hợp | Thời hạn) with section rows merged across and a lead
    merged down two rows; an empty support cell."""
    doc = Document()
    _header(
        doc,
        ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ CẦN THƠ"],
        "Số: 58/KH-UBND",
        "Cần Thơ, ngày 14 tháng 02 năm 2023",
        "KẾ HOẠCH",
        "Cải cách hành chính thành phố Cần Thơ năm 2023",
    )
    doc.add_paragraph("I. MỤC ĐÍCH, YÊU CẦU")
    doc.add_paragraph("Bảo đảm thực hiện đồng bộ, hiệu quả các nhiệm vụ cải cách hành chính năm 2023.")
    doc.add_paragraph("II. CHỈ TIÊU")
    doc.add_paragraph("- 100% TTHC được công khai đầy đủ, đúng quy định trên Cổng Dịch vụ công thành phố.")
    doc.add_paragraph("- Tối thiểu 50% hồ sơ TTHC được giải quyết trực tuyến toàn trình.")
    doc.add_paragraph("III. NHIỆM VỤ")
    rows = [
        ["STT", "Nhiệm vụ", "Sản phẩm dự kiến", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn"],
        ["I", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "", "", "", ""],
        [
            "1",
            "Rà soát, đơn giản hóa thủ tục hành chính",
            "Quyết định phê duyệt",
            "Văn phòng UBND thành phố",
            "Các sở, ban, ngành",
            "Quý II/2023",
        ],
        [
            "2",
            "Số hóa hồ sơ, kết quả giải quyết TTHC",
            "Dữ liệu số hóa",
            "",
            "Sở Thông tin và Truyền thông",
            "Thường xuyên",
        ],
        ["II", "XÂY DỰNG VÀ PHÁT TRIỂN CHÍNH QUYỀN SỐ", "", "", "", ""],
        [
            "3",
            "Nâng cấp Hệ thống thông tin giải quyết TTHC thành phố",
            "Hệ thống được nâng cấp",
            "Sở Thông tin và Truyền thông",
            "",
            "Trước 30/9/2023",
        ],
        [
            "4",
            "Báo cáo tình hình cung cấp dịch vụ công trực tuyến",
            "Báo cáo",
            "Sở Thông tin và Truyền thông",
            "Văn phòng UBND thành phố",
            "Định kỳ 6 tháng",
        ],
    ]
    t = doc.add_table(rows=len(rows), cols=6)
    for r, values in enumerate(rows):
        for c, v in enumerate(values):
            t.cell(r, c).text = v
    # section rows: the title merged across the remaining columns
    for r in (1, 4):
        t.cell(r, 1).merge(t.cell(r, 5))
        t.cell(r, 1).text = rows[r][1]
    # rows 2 and 3 share one lead cell (merged vertically)
    t.cell(2, 3).merge(t.cell(3, 3))
    t.cell(2, 3).text = "Văn phòng UBND thành phố"
    doc.add_paragraph("IV. TỔ CHỨC THỰC HIỆN")
    doc.add_paragraph(
        "Sở Nội vụ là cơ quan thường trực, theo dõi, đôn đốc việc thực hiện Kế hoạch; "
        "báo cáo UBND thành phố trước ngày 15/12/2023."
    )
    doc.add_paragraph("TM. ỦY BAN NHÂN DÂN")
    doc.add_paragraph("CHỦ TỊCH")
    doc.add_paragraph("Trần Việt Trường")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def thudaumot_2023_lists() -> bytes:
    """Thủ Dầu Một (Bình Dương) plan to improve the PAR INDEX 2023: Word numbered lists (List
    Number / List Bullet styles, no typed numbers), 'Giải pháp' wording, a lead per solution
    in an intro line, and a small results table with empty cells."""
    doc = Document()
    _header(
        doc,
        ["ỦY BAN NHÂN DÂN", "THÀNH PHỐ THỦ DẦU MỘT"],
        "Số: 77/KH-UBND",
        "Thủ Dầu Một, ngày 03 tháng 4 năm 2023",
        "KẾ HOẠCH",
        "Nâng cao Chỉ số cải cách hành chính của thành phố Thủ Dầu Một năm 2023",
    )
    doc.add_paragraph("I. MỤC TIÊU")
    doc.add_paragraph("Phấn đấu Chỉ số CCHC năm 2023 của thành phố tăng ít nhất 02 bậc so với năm 2022.")
    doc.add_paragraph("Tối thiểu 60% hồ sơ thủ tục hành chính được nộp trực tuyến.")
    doc.add_paragraph("II. GIẢI PHÁP THỰC HIỆN")
    doc.add_paragraph("1. Giải pháp về công tác chỉ đạo, điều hành")
    doc.add_paragraph("Phòng Nội vụ chủ trì, phối hợp với Văn phòng HĐND và UBND thành phố:")
    doc.add_paragraph(
        "Tham mưu ban hành Kế hoạch kiểm tra cải cách hành chính năm 2023, hoàn thành trong tháng 4/2023.",
        style="List Bullet",
    )
    doc.add_paragraph(
        "Tổ chức tự đánh giá Chỉ số cải cách hành chính, hoàn thành trước ngày 15/10/2023.",
        style="List Bullet",
    )
    doc.add_paragraph("2. Giải pháp về cải cách thủ tục hành chính")
    doc.add_paragraph("Văn phòng HĐND và UBND thành phố chủ trì:")
    doc.add_paragraph(
        "Công khai đầy đủ thủ tục hành chính tại Bộ phận Một cửa thành phố và các phường.",
        style="List Bullet",
    )
    doc.add_paragraph(
        "Theo dõi, đôn đốc giải quyết hồ sơ đúng hạn, thực hiện xin lỗi khi trễ hạn.", style="List Bullet"
    )
    doc.add_paragraph("III. KẾT QUẢ CHỈ SỐ NĂM 2022")
    t = doc.add_table(rows=3, cols=3)
    for c, v in enumerate(["Lĩnh vực", "Điểm tối đa", "Điểm đạt"]):
        t.cell(0, c).text = v
    for c, v in enumerate(["Cải cách thể chế", "9", ""]):
        t.cell(1, c).text = v
    for c, v in enumerate(["Cải cách thủ tục hành chính", "", ""]):
        t.cell(2, c).text = v
    doc.add_paragraph("TM. ỦY BAN NHÂN DÂN")
    doc.add_paragraph("CHỦ TỊCH")
    doc.add_paragraph("Nguyễn Văn Dành")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
