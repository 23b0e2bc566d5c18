"""Writes the two shipped questionnaire workbooks (run: ``uv run python cchc/surveys/data/build_questionnaires.py``).

The workbooks are the data an officer edits and reloads (``cchc survey load FILE``); this script
only documents where their content comes from and regenerates them after a change here.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

HERE = Path(__file__).resolve().parent

SURVEY_HEADER = [
    "type",
    "name",
    "label",
    "hint",
    "required",
    "relevant",
    "appearance",
    "min",
    "max",
    "max_length",
]
LIKERT5 = [
    ("rat_khong_hai_long", "Rất không hài lòng", 1),
    ("khong_hai_long", "Không hài lòng", 2),
    ("binh_thuong", "Bình thường", 3),
    ("hai_long", "Hài lòng", 4),
    ("rat_hai_long", "Rất hài lòng", 5),
]
HINT = "Mức độ hài lòng của Ông/Bà"

# SIPAS 2017–2020: five factors (2640/QĐ-BNV [S]); the indicator wording as published in Hà Nội's
# Kế hoạch 192/KH-UBND (08/07/2022), SIPAS table (seed 003) [V]; answer scale and formula [U].
SIPAS_FACTORS = [
    (
        "tiep_can",
        "Tiếp cận dịch vụ",
        "tc",
        [
            "Trụ sở cơ quan tiếp nhận hồ sơ, trả kết quả có biển hiệu, hướng dẫn rõ ràng, dễ thấy",
            "Trụ sở cơ quan tiếp nhận hồ sơ, trả kết quả gọn gàng, sạch sẽ",
            "Trang thiết bị phục vụ người dân, tổ chức đầy đủ",
            "Trang thiết bị phục vụ người dân dễ sử dụng",
        ],
    ),
    (
        "thu_tuc",
        "Thủ tục hành chính",
        "tt",
        [
            "Quy định TTHC được niêm yết công khai dễ thấy",
            "Quy định TTHC được niêm yết công khai đầy đủ, dễ hiểu",
            "Thành phần hồ sơ được yêu cầu nộp là đúng quy định",
            "Mức phí/lệ phí được yêu cầu nộp là đúng quy định",
            "Thời hạn giải quyết TTHC là đúng quy định",
        ],
    ),
    (
        "cong_chuc",
        "Công chức",
        "cc",
        [
            "Công chức có thái độ giao tiếp lịch sự",
            "Công chức chăm chú lắng nghe câu hỏi, ý kiến",
            "Công chức trả lời, giải thích câu hỏi, ý kiến đầy đủ",
            "Công chức hướng dẫn kê khai hồ sơ dễ hiểu",
            "Công chức hướng dẫn kê khai hồ sơ một lần là có thể hoàn thiện hồ sơ",
            "Công chức giải quyết công việc đúng quy định",
            "Công chức tận tình giúp đỡ",
        ],
    ),
    (
        "ket_qua",
        "Kết quả",
        "kq",
        [
            "Kết quả phù hợp với quy định",
            "Kết quả có thông tin đầy đủ",
            "Kết quả có thông tin chính xác",
            "Kết quả đảm bảo tính công bằng",
        ],
    ),
    (
        "pakn",
        "Tiếp nhận, xử lý ý kiến góp ý, phản ánh kiến nghị",
        "pa",
        [
            "Cơ quan có bố trí hình thức tiếp nhận góp ý, phản ánh, kiến nghị",
            "Dễ dàng thực hiện góp ý, phản ánh, kiến nghị",
            "Cơ quan tiếp nhận và xử lý tích cực các góp ý, phản ánh, kiến nghị",
            "Cơ quan có thông báo kịp thời kết quả xử lý các ý kiến góp ý, phản ánh, kiến nghị",
        ],
    ),
]


def _sheet(book, title, header, rows):
    ws = book.create_sheet(title)
    ws.append(header)
    for r in rows:
        ws.append(list(r))
    return ws


def sipas() -> Workbook:
    book = Workbook()
    book.remove(book.active)
    survey = [
        ("begin_group", "thong_tin", "Thông tin chung"),
        ("select_one doi_tuong", "doi_tuong", "Ông/Bà trả lời phiếu với tư cách", "", "yes"),
        ("select_one kenh_nop", "kenh_nop", "Ông/Bà đã nộp hồ sơ bằng hình thức nào?", "", "yes"),
        (
            "integer",
            "so_lan_di_lai",
            "Ông/Bà phải đi lại bao nhiêu lần để hoàn thành hồ sơ?",
            "Nhập một số, ví dụ 1",
            "",
            "",
            "",
            0,
            50,
        ),
        ("end_group", "", ""),
    ]
    indices = []
    factor_codes = []
    for f_no, (group, title, prefix, items) in enumerate(SIPAS_FACTORS, start=1):
        if group == "pakn":
            survey += [
                ("begin_group", "gop_y", "Góp ý, phản ánh, kiến nghị"),
                (
                    "select_one co_khong",
                    "da_gop_y",
                    "Trong quá trình giải quyết hồ sơ, Ông/Bà có góp ý, phản ánh, kiến nghị với cơ quan không?",
                    "",
                    "yes",
                ),
                ("end_group", "", ""),
            ]
            survey.append(("begin_group", group, title, "", "", "${da_gop_y} = 'co'"))
        else:
            survey.append(("begin_group", group, title))
        codes = []
        for i, text in enumerate(items, start=1):
            name = f"{prefix}{i}"
            survey.append(("select_one muc_do", name, text, HINT, "yes", "", "likert"))
            code = f"{prefix.upper()}{i}"
            codes.append(code)
            indices.append((code, text, "share", name, "hai_long rat_hai_long", "", text, ""))
        survey.append(("end_group", "", ""))
        code = f"YT{f_no}"
        factor_codes.append(code)
        indices.append((code, title, "mean", "", "", " ".join(codes), title, ""))
    survey += [
        ("begin_group", "mong_doi", "Sự mong đợi"),
        (
            "select_multiple uu_tien",
            "uu_tien",
            "Theo Ông/Bà, cơ quan cần ưu tiên cải thiện những nội dung nào?",
            "Có thể chọn nhiều nội dung",
        ),
        (
            "text",
            "y_kien",
            "Ý kiến khác của Ông/Bà (nếu có)",
            "Không ghi tên, số điện thoại hay thông tin cá nhân",
            "",
            "",
            "multiline",
            "",
            "",
            2000,
        ),
        ("end_group", "", ""),
    ]
    all_items = " ".join(f"{p}{i}" for _, _, p, items in SIPAS_FACTORS for i in range(1, len(items) + 1))
    indices.insert(
        0,
        (
            "SIPAS",
            "Chỉ số hài lòng về sự phục vụ hành chính",
            "mean",
            "",
            "",
            " ".join(factor_codes),
            "CHỈ SỐ CHUNG",
            "yes",
        ),
    )
    indices.append(
        ("DIEM_TB", "Điểm hài lòng trung bình (thang 0–100)", "mean_score", all_items, "", "", "", "")
    )
    _sheet(book, "survey", SURVEY_HEADER, survey)
    choices = [("muc_do", n, lab, s) for n, lab, s in LIKERT5]
    choices += [
        ("doi_tuong", "ca_nhan", "Cá nhân", ""),
        ("doi_tuong", "to_chuc", "Đại diện tổ chức, doanh nghiệp", ""),
    ]
    choices += [
        ("kenh_nop", "truc_tiep", "Trực tiếp tại Bộ phận Một cửa", ""),
        ("kenh_nop", "buu_chinh", "Qua dịch vụ bưu chính công ích", ""),
        ("kenh_nop", "truc_tuyen", "Trực tuyến (dịch vụ công trực tuyến)", ""),
    ]
    choices += [("co_khong", "co", "Có", ""), ("co_khong", "khong", "Không", "")]
    choices += [
        ("uu_tien", "rut_ngan", "Rút ngắn thời gian giải quyết", ""),
        ("uu_tien", "don_gian", "Đơn giản hóa hồ sơ, thủ tục", ""),
        ("uu_tien", "thai_do", "Thái độ phục vụ của công chức", ""),
        ("uu_tien", "truc_tuyen", "Mở rộng dịch vụ công trực tuyến", ""),
        ("uu_tien", "cong_khai", "Công khai, minh bạch thông tin", ""),
        ("uu_tien", "phan_hoi", "Trả lời góp ý, phản ánh kịp thời", ""),
    ]
    _sheet(book, "choices", ["list_name", "name", "label", "score"], choices)
    _sheet(
        book,
        "settings",
        ["form_id", "version", "form_title", "source", "confidence", "description"],
        [
            (
                "SIPAS-2017",
                1,
                "Phiếu khảo sát sự hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước",
                "Mô hình 5 yếu tố SIPAS 2017–2020 (QĐ 2640/QĐ-BNV) [S]; nội dung 22+ tiêu chí theo bảng SIPAS "
                "của Kế hoạch 192/KH-UBND Hà Nội (08/07/2022) [V]; thang 5 mức và công thức (tỷ lệ hài lòng + "
                "rất hài lòng; chỉ số chung = trung bình 5 yếu tố) chưa đối chiếu văn bản gốc [U]",
                "U",
                "Chỉ số mỗi tiêu chí = tỷ lệ người trả lời chọn Hài lòng hoặc Rất hài lòng; chỉ số yếu tố = trung "
                "bình các tiêu chí; chỉ số chung = trung bình 5 yếu tố (khớp số liệu công bố của Hà Nội 2021).",
            )
        ],
    )
    _sheet(
        book,
        "indices",
        ["code", "label", "type", "questions", "values", "components", "target_title", "primary"],
        indices,
    )
    return book


def one_stop() -> Workbook:
    book = Workbook()
    book.remove(book.active)
    survey = [
        ("begin_group", "danh_gia", "Đánh giá việc giải quyết hồ sơ"),
        (
            "select_one ba_muc",
            "muc_do",
            "Ông/Bà đánh giá thế nào về việc giải quyết hồ sơ của mình?",
            "",
            "yes",
            "",
            "likert",
        ),
        ("select_one ba_muc", "thoi_gian", "Thời gian giải quyết hồ sơ", "", "yes", "", "likert"),
        ("select_one ba_muc", "thai_do", "Thái độ phục vụ của công chức", "", "yes", "", "likert"),
        ("end_group", "", ""),
        (
            "begin_group",
            "ly_do",
            "Lý do chưa hài lòng",
            "",
            "",
            "${muc_do} = 'chua_hai_long' or ${thoi_gian} = 'chua_hai_long' or ${thai_do} = 'chua_hai_long'",
        ),
        (
            "select_multiple ly_do",
            "ly_do_chua_hl",
            "Vì sao Ông/Bà chưa hài lòng?",
            "Có thể chọn nhiều lý do",
            "yes",
        ),
        (
            "text",
            "gop_y",
            "Góp ý để cơ quan phục vụ tốt hơn",
            "Không ghi tên, số điện thoại hay thông tin cá nhân",
            "",
            "",
            "multiline",
            "",
            "",
            1000,
        ),
        ("end_group", "", ""),
    ]
    _sheet(book, "survey", SURVEY_HEADER, survey)
    choices = [
        ("ba_muc", "rat_hai_long", "Rất hài lòng", 3),
        ("ba_muc", "hai_long", "Hài lòng", 2),
        ("ba_muc", "chua_hai_long", "Chưa hài lòng", 1),
        ("ly_do", "tre_hen", "Trễ hẹn trả kết quả", ""),
        ("ly_do", "di_lai", "Phải đi lại nhiều lần, bổ sung hồ sơ nhiều lần", ""),
        ("ly_do", "thai_do", "Thái độ, cách hướng dẫn của công chức", ""),
        ("ly_do", "giay_to", "Bị yêu cầu giấy tờ ngoài quy định", ""),
        ("ly_do", "khac", "Lý do khác", ""),
    ]
    _sheet(book, "choices", ["list_name", "name", "label", "score"], choices)
    _sheet(
        book,
        "settings",
        ["form_id", "version", "form_title", "source", "confidence", "description"],
        [
            (
                "MOTCUA-3MUC",
                1,
                "Đánh giá mức độ hài lòng về giải quyết thủ tục hành chính tại Bộ phận Một cửa",
                "Thang 3 mức Rất hài lòng / Hài lòng / Chưa hài lòng theo Điều 12 Thông tư 32/2017/TT-BTTTT [V]; "
                "các nội dung đánh giá (thời gian, thái độ) và công thức tỷ lệ hài lòng là đề xuất [U]",
                "U",
                "Chỉ số hài lòng = tỷ lệ đánh giá Rất hài lòng hoặc Hài lòng về việc giải quyết hồ sơ.",
            )
        ],
    )
    _sheet(
        book,
        "indices",
        ["code", "label", "type", "questions", "values", "components", "target_title", "primary"],
        [
            (
                "HL",
                "Tỷ lệ hài lòng chung",
                "share",
                "muc_do",
                "rat_hai_long hai_long",
                "",
                "Mức độ hài lòng",
                "yes",
            ),
            (
                "HL_TG",
                "Hài lòng về thời gian giải quyết",
                "share",
                "thoi_gian",
                "rat_hai_long hai_long",
                "",
                "",
                "",
            ),
            ("HL_TD", "Hài lòng về thái độ phục vụ", "share", "thai_do", "rat_hai_long hai_long", "", "", ""),
            ("RAT_HL", "Tỷ lệ rất hài lòng", "share", "muc_do", "rat_hai_long", "", "", ""),
            (
                "DIEM",
                "Điểm đánh giá trung bình (thang 0–100)",
                "mean_score",
                "muc_do thoi_gian thai_do",
                "",
                "",
                "",
                "",
            ),
        ],
    )
    return book


if __name__ == "__main__":
    sipas().save(HERE / "sipas-2017-2020.xlsx")
    one_stop().save(HERE / "mot-cua-3-muc.xlsx")
    print("written", HERE)
