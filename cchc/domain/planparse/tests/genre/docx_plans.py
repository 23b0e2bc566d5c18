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


def _table(doc, rows: list[list[str]]):
    t = doc.add_table(rows=len(rows), cols=len(rows[0]))
    for r, values in enumerate(rows):
        for c, v in enumerate(values):
            t.cell(r, c).text = v
    return t


def _merge_across(t, r: int, text: str, first: int = 1) -> None:
    """A section row: ``text`` in one cell merged from column ``first`` to the last."""
    t.cell(r, first).merge(t.cell(r, len(t.columns) - 1))
    t.cell(r, first).text = text


def _merge_down(t, c: int, r0: int, r1: int, text: str) -> None:
    t.cell(r0, c).merge(t.cell(r1, c))
    t.cell(r0, c).text = text


def _save(doc) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def khanhhoa_soyte_2025() -> bytes:
    """Sở Y tế Khánh Hòa, annual PAR plan 2025 of a department: the issuer block names the
    province's UBND above the department, a KT. GIÁM ĐỐC signature, and the framework annex
    after the signature as a real table (STT | Nội dung công việc | Đơn vị chủ trì | Đơn vị
    phối hợp | Thời gian hoàn thành | Sản phẩm / Kết quả dự kiến) and a row of column numbers
    under it, section rows merged across (roman numeral in its own cell), a parent row 3 with sub-rows 3.1 and 3.2, a lead
    merged down two rows, an empty support cell, and department-internal units."""
    doc = Document()
    _header(
        doc,
        ["UBND TỈNH KHÁNH HÒA", "SỞ Y TẾ"],
        "Số: 112/KH-SYT",
        "Khánh Hòa, ngày 10 tháng 01 năm 2025",
        "KẾ HOẠCH",
        "Cải cách hành chính năm 2025 của Sở Y tế tỉnh Khánh Hòa",
    )
    for text in (
        "Căn cứ Kế hoạch số 15/KH-UBND ngày 06/01/2025 của UBND tỉnh Khánh Hòa về cải cách hành "
        "chính nhà nước tỉnh Khánh Hòa năm 2025;",
        "Sở Y tế xây dựng Kế hoạch cải cách hành chính năm 2025 như sau:",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "1. Mục đích",
        "- Triển khai thực hiện có hiệu quả các nhiệm vụ cải cách hành chính của ngành y tế năm 2025, "
        "nâng cao chất lượng phục vụ người dân, tổ chức.",
        "2. Yêu cầu",
        "- Các phòng chức năng, đơn vị trực thuộc xác định rõ trách nhiệm, thời hạn hoàn thành và "
        "sản phẩm của từng nhiệm vụ.",
        "II. CHỈ TIÊU",
        "- 100% thủ tục hành chính thuộc thẩm quyền giải quyết của Sở được công khai đầy đủ trên "
        "Cổng Dịch vụ công quốc gia.",
        "- Tỷ lệ hồ sơ thủ tục hành chính được giải quyết trực tuyến toàn trình đạt từ 80% trở lên.",
        "- Mức độ hài lòng của người dân, tổ chức đối với sự phục vụ của Sở đạt trên 90%.",
        "- Chỉ số cải cách hành chính năm 2025 của Sở thuộc nhóm 5 sở, ngành dẫn đầu của tỉnh.",
        "III. NHIỆM VỤ",
        "Chi tiết các nhiệm vụ tại Phụ lục kèm theo Kế hoạch này.",
        "IV. TỔ CHỨC THỰC HIỆN",
        "1. Văn phòng Sở",
        "- Là đầu mối tham mưu Giám đốc Sở theo dõi, đôn đốc, kiểm tra việc thực hiện Kế hoạch này.",
        "- Tổng hợp báo cáo cải cách hành chính định kỳ quý, 6 tháng, năm gửi Sở Nội vụ.",
        "2. Các phòng chức năng, đơn vị trực thuộc",
        "- Căn cứ Kế hoạch này, xây dựng kế hoạch cải cách hành chính năm 2025 của đơn vị, hoàn "
        "thành trước ngày 31/01/2025.",
        "Nơi nhận:",
        "- Sở Nội vụ;",
        "- Ban Giám đốc Sở;",
        "- Các phòng, đơn vị trực thuộc;",
        "- Lưu: VT, VP.",
        "KT. GIÁM ĐỐC",
        "PHÓ GIÁM ĐỐC",
        "Trần Thị Minh Hạnh",
        "PHỤ LỤC",
        "KHUNG KẾ HOẠCH CẢI CÁCH HÀNH CHÍNH NĂM 2025 CỦA SỞ Y TẾ",
        "(Kèm theo Kế hoạch số 112/KH-SYT ngày 10/01/2025 của Sở Y tế)",
    ):
        doc.add_paragraph(text)
    rows = [
        [
            "STT",
            "Nội dung công việc",
            "Đơn vị chủ trì",
            "Đơn vị phối hợp",
            "Thời gian hoàn thành",
            "Sản phẩm / Kết quả dự kiến",
        ],
        ["(1)", "(2)", "(3)", "(4)", "(5)", "(6)"],  # the column numbers under the header
        ["I", "CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH", "", "", "", ""],
        [
            "1",
            "Xây dựng, ban hành Kế hoạch cải cách hành chính năm 2025 của Sở Y tế",
            "Văn phòng Sở",
            "Các phòng, đơn vị",
            "Tháng 01/2025",
            "Kế hoạch",
        ],
        [
            "2",
            "Kiểm tra công tác cải cách hành chính tại các đơn vị trực thuộc",
            "Văn phòng Sở",
            "Phòng Tổ chức cán bộ",
            "Quý III/2025",
            "Thông báo kết luận kiểm tra",
        ],
        ["3", "Tuyên truyền cải cách hành chính", "", "", "", ""],
        [
            "3.1",
            "Cập nhật tin, bài về cải cách hành chính trên Trang thông tin điện tử của Sở",
            "Văn phòng Sở",
            "Trung tâm Kiểm soát bệnh tật",
            "Thường xuyên",
            "Tin, bài được đăng tải",
        ],
        [
            "3.2",
            "Tổ chức Hội thi tìm hiểu về cải cách hành chính trong ngành y tế",
            "Phòng Tổ chức cán bộ",
            "Công đoàn ngành Y tế",
            "Quý II/2025",
            "Hội thi được tổ chức",
        ],
        ["II", "CẢI CÁCH THỂ CHẾ", "", "", "", ""],
        [
            "4",
            "Rà soát, hệ thống hóa văn bản quy phạm pháp luật thuộc lĩnh vực y tế",
            "Phòng Nghiệp vụ Y",
            "Phòng Nghiệp vụ Dược; Văn phòng Sở",
            "Trước ngày 30/6/2025",
            "Báo cáo kết quả rà soát",
        ],
        ["III", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "", "", "", ""],
        [
            "5",
            "Rà soát, đề xuất phương án đơn giản hóa thủ tục hành chính lĩnh vực khám bệnh, chữa bệnh",
            "Phòng Nghiệp vụ Y",
            "Các phòng, đơn vị",
            "Quý II/2025",
            "Phương án đơn giản hóa",
        ],
        [
            "6",
            "Tiếp nhận, giải quyết hồ sơ thủ tục hành chính đúng hạn; xin lỗi khi trễ hạn",
            "",
            "Các phòng chuyên môn",
            "Thường xuyên",
            "Hồ sơ được giải quyết đúng hạn",
        ],
        [
            "7",
            "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính",
            "",
            "Trung tâm Phục vụ hành chính công tỉnh",
            "Hằng quý",
            "Dữ liệu số hóa",
        ],
        ["IV", "CẢI CÁCH TỔ CHỨC BỘ MÁY HÀNH CHÍNH NHÀ NƯỚC", "", "", "", ""],
        [
            "8",
            "Rà soát, sắp xếp các đơn vị sự nghiệp y tế công lập theo Nghị quyết số 19-NQ/TW",
            "Phòng Tổ chức cán bộ",
            "Các đơn vị trực thuộc",
            "Năm 2025",
            "Đề án sắp xếp",
        ],
        ["V", "CẢI CÁCH TÀI CHÍNH CÔNG", "", "", "", ""],
        [
            "9",
            "Giao quyền tự chủ tài chính cho các đơn vị sự nghiệp công lập giai đoạn 2025-2027",
            "Phòng Kế hoạch - Tài chính",
            "Các đơn vị trực thuộc",
            "Quý IV/2025",
            "Quyết định giao quyền tự chủ",
        ],
        ["VI", "XÂY DỰNG VÀ PHÁT TRIỂN CHÍNH QUYỀN ĐIỆN TỬ, CHÍNH QUYỀN SỐ", "", "", "", ""],
        [
            "10",
            "Triển khai bệnh án điện tử tại các bệnh viện tuyến tỉnh",
            "Phòng Nghiệp vụ Y",
            "Các bệnh viện tuyến tỉnh",
            "Trước ngày 30/9/2025",
            "Bệnh án điện tử được triển khai",
        ],
        [
            "11",
            "Duy trì, cải tiến Hệ thống quản lý chất lượng theo TCVN ISO 9001:2015",
            "Văn phòng Sở",
            "",
            "Thường xuyên",
            "Hệ thống được duy trì",
        ],
    ]
    t = _table(doc, rows)
    for r, row in enumerate(rows):
        if row[0] in ("I", "II", "III", "IV", "V", "VI"):
            _merge_across(t, r, row[1])
    _merge_down(t, 2, 12, 13, "Văn phòng Sở")
    return _save(doc)


def angiang_2026_2030() -> bytes:
    """An Giang (after the 2025 merger) multi-year PAR plan 2026–2030: targets by milestone
    year, the framework annex as a real table with the columns in another order (STT |
    Nhiệm vụ | Thời gian thực hiện | Cơ quan chủ trì | Cơ quan phối hợp | Dự kiến sản phẩm),
    section rows whose roman numeral and title share one merged cell, numbers with a
    trailing dot, one lead merged down three rows, and a two-row header (grouped 'Cơ quan
    thực hiện' over Chủ trì / Phối hợp)."""
    doc = Document()
    _header(
        doc,
        ["ỦY BAN NHÂN DÂN", "TỈNH AN GIANG"],
        "Số: 09/KH-UBND",
        "An Giang, ngày 12 tháng 01 năm 2026",
        "KẾ HOẠCH",
        "Cải cách hành chính nhà nước tỉnh An Giang giai đoạn 2026 - 2030",
    )
    for text in (
        "Căn cứ Nghị quyết số 76/NQ-CP ngày 15/7/2021 của Chính phủ ban hành Chương trình tổng thể "
        "cải cách hành chính nhà nước giai đoạn 2021 - 2030;",
        "Ủy ban nhân dân tỉnh ban hành Kế hoạch cải cách hành chính nhà nước giai đoạn 2026 - 2030 như sau:",
        "I. MỤC TIÊU",
        "1. Mục tiêu chung",
        "Xây dựng nền hành chính dân chủ, chuyên nghiệp, hiện đại, tinh gọn, hiệu lực, hiệu quả, "
        "lấy người dân, doanh nghiệp làm trung tâm.",
        "2. Mục tiêu cụ thể",
        "* Đến năm 2028:",
        "- 100% thủ tục hành chính đủ điều kiện được cung cấp dưới dạng dịch vụ công trực tuyến toàn trình.",
        "- Tỷ lệ hồ sơ thủ tục hành chính được giải quyết trực tuyến đạt tối thiểu 70%.",
        "* Đến năm 2030:",
        "- Chỉ số cải cách hành chính của tỉnh xếp hạng trong nhóm 10 tỉnh, thành phố dẫn đầu cả nước.",
        "- Mức độ hài lòng của người dân, doanh nghiệp đối với sự phục vụ của cơ quan hành chính nhà "
        "nước đạt trên 95%.",
        "II. NHIỆM VỤ, GIẢI PHÁP",
        "Các nhiệm vụ cụ thể tại Phụ lục kèm theo Kế hoạch này.",
        "III. TỔ CHỨC THỰC HIỆN",
        "1. Sở Nội vụ",
        "a) Là cơ quan thường trực, giúp Ủy ban nhân dân tỉnh theo dõi, đôn đốc việc triển khai Kế hoạch.",
        "b) Tham mưu sơ kết giai đoạn 2026 - 2028, hoàn thành trong Quý IV/2028.",
        "2. Sở Tài chính",
        "Tham mưu bố trí kinh phí thực hiện Kế hoạch hằng năm theo quy định.",
        "PHỤ LỤC",
        "NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NHÀ NƯỚC TỈNH AN GIANG GIAI ĐOẠN 2026 - 2030",
        "(Kèm theo Kế hoạch số 09/KH-UBND ngày 12/01/2026 của UBND tỉnh)",
    ):
        doc.add_paragraph(text)
    rows = [
        ["STT", "Nhiệm vụ", "Thời gian thực hiện", "Cơ quan thực hiện", "", "Dự kiến sản phẩm"],
        ["", "", "", "Chủ trì", "Phối hợp", ""],
        ["I. CẢI CÁCH THỂ CHẾ", "", "", "", "", ""],
        [
            "1.",
            "Xây dựng, ban hành văn bản quy phạm pháp luật của tỉnh sau sắp xếp đơn vị hành chính",
            "2026 - 2027",
            "Sở Tư pháp",
            "Các sở, ban, ngành; UBND các xã, phường",
            "Nghị quyết, Quyết định",
        ],
        [
            "2.",
            "Theo dõi tình hình thi hành pháp luật",
            "Hằng năm",
            "Sở Tư pháp",
            "Các sở, ban, ngành",
            "Báo cáo",
        ],
        ["II. CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "", "", "", "", ""],
        [
            "3.",
            "Rà soát, cắt giảm, đơn giản hóa thủ tục hành chính, giấy tờ công dân",
            "Hằng năm",
            "Văn phòng UBND tỉnh",
            "Các sở, ban, ngành",
            "Quyết định phê duyệt phương án đơn giản hóa",
        ],
        [
            "4.",
            "Thực hiện thủ tục hành chính không phụ thuộc địa giới hành chính trong phạm vi tỉnh",
            "Năm 2026",
            "",
            "Trung tâm Phục vụ hành chính công tỉnh; UBND các xã, phường",
            "Danh mục thủ tục hành chính",
        ],
        [
            "5.",
            "Đánh giá chất lượng giải quyết thủ tục hành chính theo Bộ chỉ số phục vụ người dân, doanh nghiệp",
            "Định kỳ 6 tháng",
            "",
            "Các sở, ban, ngành; UBND các xã, phường",
            "Báo cáo đánh giá",
        ],
        ["III. CẢI CÁCH TỔ CHỨC BỘ MÁY HÀNH CHÍNH NHÀ NƯỚC", "", "", "", "", ""],
        [
            "6.",
            "Kiện toàn tổ chức bộ máy các cơ quan chuyên môn thuộc UBND tỉnh và UBND cấp xã",
            "2026 - 2030",
            "Sở Nội vụ",
            "Các sở, ban, ngành; UBND các xã, phường",
            "Quyết định kiện toàn",
        ],
        ["IV. CẢI CÁCH CHẾ ĐỘ CÔNG VỤ", "", "", "", "", ""],
        [
            "7.",
            "Hoàn thiện vị trí việc làm trong các cơ quan, tổ chức hành chính",
            "Quý IV/2026",
            "Sở Nội vụ",
            "Các sở, ban, ngành",
            "Quyết định phê duyệt vị trí việc làm",
        ],
        ["V. CẢI CÁCH TÀI CHÍNH CÔNG", "", "", "", "", ""],
        [
            "8.",
            "Đẩy mạnh tự chủ tài chính của đơn vị sự nghiệp công lập",
            "2026 - 2030",
            "Sở Tài chính",
            "Các đơn vị sự nghiệp công lập",
            "Quyết định giao tự chủ",
        ],
        ["VI. XÂY DỰNG VÀ PHÁT TRIỂN CHÍNH QUYỀN ĐIỆN TỬ, CHÍNH QUYỀN SỐ", "", "", "", "", ""],
        [
            "9.",
            "Xây dựng Kho dữ liệu dùng chung của tỉnh, kết nối với Cơ sở dữ liệu quốc gia về dân cư",
            "2026 - 2028",
            "Sở Khoa học và Công nghệ",
            "Công an tỉnh; các sở, ban, ngành",
            "Kho dữ liệu dùng chung",
        ],
        [
            "10.",
            "Nâng cấp Hệ thống thông tin giải quyết thủ tục hành chính tỉnh",
            "Năm 2027",
            "Sở Khoa học và Công nghệ",
            "Văn phòng UBND tỉnh",
            "Hệ thống được nâng cấp",
        ],
    ]
    t = _table(doc, rows)
    t.cell(0, 3).merge(t.cell(0, 4))
    t.cell(0, 3).text = "Cơ quan thực hiện"
    for c in (0, 1, 2, 5):
        _merge_down(t, c, 0, 1, rows[0][c])
    for r, row in enumerate(rows):
        if row[0].startswith(("I.", "II.", "III.", "IV.", "V.", "VI.")):
            _merge_across(t, r, row[0], first=0)
    _merge_down(t, 3, 6, 8, "Văn phòng UBND tỉnh")
    doc.add_paragraph("TM. ỦY BAN NHÂN DÂN")
    return _save(doc)


def tayninh_index_2025() -> bytes:
    """Tây Ninh plan to improve PAR INDEX, SIPAS, PAPI, PCI and DTI in 2025: targets worded
    as ranks and floors, a PAR INDEX table with other headers (Tiêu chí, tiêu chí thành phần |
    Điểm tối đa | Điểm đạt năm 2024 | Chỉ tiêu phấn đấu 2025 | Cơ quan chủ trì tham mưu) whose
    first column holds code and name together, and a task list as Word numbered paragraphs."""
    doc = Document()
    _header(
        doc,
        ["ỦY BAN NHÂN DÂN", "TỈNH TÂY NINH"],
        "Số: 1520/KH-UBND",
        "Tây Ninh, ngày 25 tháng 4 năm 2025",
        "KẾ HOẠCH",
        "Nâng cao Chỉ số cải cách hành chính (PAR INDEX), Chỉ số hài lòng của người dân, tổ chức "
        "đối với sự phục vụ của cơ quan hành chính nhà nước (SIPAS), Chỉ số PAPI, PCI và DTI "
        "của tỉnh Tây Ninh năm 2025",
    )
    for text in (
        "Căn cứ Quyết định số 1290/QĐ-BNV ngày 31/3/2025 của Bộ Nội vụ phê duyệt Chỉ số cải cách "
        "hành chính năm 2024;",
        "I. MỤC TIÊU",
        "1. Mục tiêu chung",
        "Khắc phục các tồn tại, hạn chế; cải thiện thứ hạng các chỉ số đánh giá của tỉnh năm 2025.",
        "2. Mục tiêu cụ thể",
        "- Chỉ số PAR INDEX năm 2025 của tỉnh xếp hạng trong nhóm 10 tỉnh, thành phố dẫn đầu cả nước.",
        "- Chỉ số PCI năm 2025 phấn đấu nằm trong Top 15 cả nước.",
        "- Chỉ số PAPI năm 2025 tăng ít nhất 2 bậc so với năm 2024.",
        "- Chỉ số SIPAS năm 2025 đạt trên 90%.",
        "- Chỉ số DTI năm 2025 không thấp hơn 85% số điểm tối đa.",
        "- Tỷ lệ hồ sơ thủ tục hành chính được giải quyết trực tuyến đạt từ 80% trở lên.",
        "II. CHỈ TIÊU CÁC TIÊU CHÍ PAR INDEX NĂM 2025",
    ):
        doc.add_paragraph(text)
    rows = [
        [
            "Tiêu chí, tiêu chí thành phần",
            "Điểm tối đa",
            "Điểm đạt năm 2024",
            "Chỉ tiêu phấn đấu 2025",
            "Cơ quan chủ trì tham mưu",
        ],
        ["1. Công tác chỉ đạo, điều hành cải cách hành chính", "9", "8,25", "9", "Sở Nội vụ"],
        ["1.1. Kế hoạch cải cách hành chính", "2", "2", "2", ""],
        ["1.2. Kiểm tra cải cách hành chính", "1,5", "1", "1,5", ""],
        ["2. Xây dựng và tổ chức thực hiện văn bản quy phạm pháp luật", "6", "5,5", "6", "Sở Tư pháp"],
        ["2.1. Theo dõi thi hành pháp luật", "1,5", "1", "1,5", ""],
        ["3. Cải cách thủ tục hành chính", "13", "11,5", "12,5", "Văn phòng UBND tỉnh"],
    ]
    _table(doc, rows)
    for text in (
        "III. NHIỆM VỤ, GIẢI PHÁP",
        "1. Nâng cao Chỉ số cải cách hành chính (PAR INDEX)",
    ):
        doc.add_paragraph(text)
    for text in (
        "Sở Nội vụ chủ trì, phối hợp với các sở, ban, ngành tham mưu UBND tỉnh ban hành Kế hoạch "
        "khắc phục tồn tại, hạn chế qua kết quả Chỉ số cải cách hành chính năm 2024; hoàn thành "
        "trong tháng 5/2025.",
        "Sở Tư pháp chủ trì theo dõi, đánh giá tình hình thi hành pháp luật trên địa bàn tỉnh; "
        "báo cáo trước ngày 15/11/2025.",
    ):
        doc.add_paragraph(text, style="List Bullet")
    doc.add_paragraph("2. Nâng cao Chỉ số SIPAS")
    doc.add_paragraph(
        "Văn phòng UBND tỉnh chủ trì, phối hợp với Trung tâm Phục vụ hành chính công tỉnh tổ chức "
        "khảo sát sự hài lòng của người dân, tổ chức định kỳ 6 tháng.",
        style="List Bullet",
    )
    doc.add_paragraph("3. Nâng cao Chỉ số PCI và DTI")
    doc.add_paragraph(
        "Sở Tài chính chủ trì, phối hợp với Hiệp hội Doanh nghiệp tỉnh tổ chức đối thoại với doanh "
        "nghiệp về thủ tục hành chính, hoàn thành trong Quý III/2025.",
        style="List Bullet",
    )
    for text in (
        "IV. TỔ CHỨC THỰC HIỆN",
        "Thủ trưởng các sở, ban, ngành, Chủ tịch UBND các huyện, thị xã, thành phố báo cáo kết quả "
        "thực hiện Kế hoạch về Sở Nội vụ trước ngày 15/12/2025.",
        "TM. ỦY BAN NHÂN DÂN",
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
        "Nguyễn Hồng Thanh",
    ):
        doc.add_paragraph(text)
    return _save(doc)


def bacninh_sotuphap_2025() -> bytes:
    """Sở Tư pháp Bắc Ninh, annual PAR plan 2025: a task table without an STT column whose
    section rows are reform areas in sentence case merged across the table, unit cells with
    one unit per line (Shift+Enter line breaks, dash bullets), a name wrapped over two lines,
    a 'Ghi chú' column and a year-less quarter ('Quý II')."""
    doc = Document()
    _header(
        doc,
        ["UBND TỈNH BẮC NINH", "SỞ TƯ PHÁP"],
        "Số: 20/KH-STP",
        "Bắc Ninh, ngày 15 tháng 01 năm 2025",
        "KẾ HOẠCH",
        "Cải cách hành chính năm 2025",
    )
    doc.add_paragraph("I. MỤC ĐÍCH, YÊU CẦU")
    doc.add_paragraph("Thực hiện có hiệu quả các nhiệm vụ cải cách hành chính của Sở năm 2025.")
    doc.add_paragraph("II. NHIỆM VỤ CỤ THỂ")
    rows = [
        ["Nội dung nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành", "Ghi chú"],
        ["Cải cách thể chế", "", "", "", ""],
        [
            "Rà soát văn bản quy phạm pháp luật do HĐND, UBND tỉnh ban hành",
            "Phòng Xây dựng và Kiểm tra văn bản",
            "- Văn phòng Sở\n- Thanh tra Sở",
            "Quý II",
            "",
        ],
        ["Cải cách thủ tục hành chính", "", "", "", ""],
        [
            "Công bố, công khai thủ tục hành chính lĩnh vực tư pháp",
            "Văn phòng Sở",
            "Các phòng\nchuyên môn",
            "Thường xuyên",
            "Nhiệm vụ thường xuyên",
        ],
        [
            "Giải quyết hồ sơ lý lịch tư pháp trực tuyến toàn trình",
            "Phòng Hành chính tư pháp",
            "Trung tâm Phục vụ hành chính công tỉnh\nCông an tỉnh",
            "Trước 15/11",
            "",
        ],
    ]
    t = _table(doc, rows)
    _merge_across(t, 1, "Cải cách thể chế", first=0)
    _merge_across(t, 3, "Cải cách thủ tục hành chính", first=0)
    doc.add_paragraph("III. TỔ CHỨC THỰC HIỆN")
    doc.add_paragraph("Văn phòng Sở theo dõi, tổng hợp, báo cáo kết quả thực hiện trước ngày 10/12/2025.")
    doc.add_paragraph("GIÁM ĐỐC")
    doc.add_paragraph("Nguyễn Văn Hùng")
    return _save(doc)
