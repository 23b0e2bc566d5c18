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


# The survey of leaders, managers and civil servants (điều tra xã hội học lãnh đạo, quản lý, công
# chức) that the official PAR INDEX method uses for the "Tác động của cải cách …" sub-criteria
# (METHODOLOGY §1.3 [S]). Item wording: the sub-criteria as listed in Hà Nội's Kế hoạch
# 192/KH-UBND PAR INDEX table (seed 003) [V]; the 5-level scale and the 0–100 conversion (mean
# score) are assumptions [U]. Each group's index code is what a criteria set's survey leaf names.
OFFICIALS_GROUPS = [
    (
        "vbqppl",
        "Chất lượng văn bản quy phạm pháp luật",
        "VB",
        [
            "Tính đồng bộ, thống nhất của hệ thống VBQPPL thuộc phạm vi quản lý",
            "Tính hợp lý của các VBQPPL thuộc phạm vi quản lý",
            "Tính khả thi của các VBQPPL thuộc phạm vi quản lý",
            "Tính kịp thời trong việc phát hiện và xử lý các bất cập, vướng mắc trong tổ chức thực hiện VBQPPL",
        ],
    ),
    (
        "bo_may",
        "Tổ chức bộ máy hành chính",
        "BM",
        [
            "Tình hình thực hiện quy chế làm việc",
            "Tính hợp lý trong việc sắp xếp, kiện toàn tổ chức bộ máy",
            "Tính hợp lý trong việc phân cấp thực hiện nhiệm vụ quản lý nhà nước",
        ],
    ),
    (
        "quan_ly_cbcc",
        "Quản lý cán bộ, công chức",
        "QL",
        [
            "Tình trạng tiêu cực trong tuyển dụng, bổ nhiệm công chức, viên chức (mức độ không có tiêu cực)",
            "Tính công khai, minh bạch trong công tác tuyển dụng, bổ nhiệm công chức, viên chức",
        ],
    ),
    (
        "chat_luong_cbcc",
        "Chất lượng đội ngũ công chức, viên chức",
        "CL",
        [
            "Năng lực chuyên môn của công chức trong phối hợp, xử lý công việc",
            "Tinh thần trách nhiệm của công chức trong phối hợp, xử lý công việc",
            "Công chức không lợi dụng chức vụ, quyền hạn để trục lợi trong phối hợp, xử lý công việc",
            "Tính hiệu quả trong việc thực thi chính sách thu hút người có tài năng",
        ],
    ),
    (
        "tai_chinh",
        "Quản lý tài chính công",
        "TC",
        [
            "Thực hiện tiết kiệm, chống lãng phí trong quản lý, sử dụng kinh phí",
            "Tính hiệu quả của việc quản lý, sử dụng tài sản công",
            "Tính hiệu quả của việc thực hiện cơ chế tự chủ về sử dụng kinh phí quản lý hành chính",
            "Tính hiệu quả của việc thực hiện cơ chế tự chủ tại các đơn vị sự nghiệp công lập",
        ],
    ),
    (
        "hien_dai_hoa",
        "Hiện đại hóa hành chính",
        "HD",
        [
            "Tính kịp thời của thông tin được cung cấp trên Cổng/Trang thông tin điện tử",
            "Mức độ đầy đủ của thông tin được cung cấp trên Cổng/Trang thông tin điện tử",
            "Mức độ thuận tiện trong việc truy cập, khai thác thông tin trên Cổng/Trang thông tin điện tử",
            "Tính hiệu quả trong việc thực hiện hệ thống quản lý chất lượng ISO",
        ],
    ),
]
QUALITY5 = [
    ("rat_kem", "Rất kém", 1),
    ("kem", "Kém", 2),
    ("trung_binh", "Trung bình", 3),
    ("tot", "Tốt", 4),
    ("rat_tot", "Rất tốt", 5),
]


def _sheet(book, title, header, rows):
    ws = book.create_sheet(title)
    ws.append(header)
    for r in rows:
        ws.append(list(r))
    return ws


def _workbook(survey: list, choices: list, settings: tuple, indices: list) -> Workbook:
    """A questionnaire workbook: its sheets "survey", "choices", "settings" (one row) and "indices"."""
    book = Workbook()
    book.remove(book.active)
    _sheet(book, "survey", SURVEY_HEADER, survey)
    _sheet(book, "choices", ["list_name", "name", "label", "score"], choices)
    _sheet(
        book,
        "settings",
        ["form_id", "version", "form_title", "source", "confidence", "description"],
        [settings],
    )
    _sheet(
        book,
        "indices",
        ["code", "label", "type", "questions", "values", "components", "target_title", "primary"],
        indices,
    )
    return book


def sipas() -> Workbook:
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
    settings = (
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
    return _workbook(survey, choices, settings, indices)


def one_stop() -> Workbook:
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
    settings = (
        "MOTCUA-3MUC",
        1,
        "Đánh giá mức độ hài lòng về giải quyết thủ tục hành chính tại Bộ phận Một cửa",
        "Thang 3 mức Rất hài lòng / Hài lòng / Chưa hài lòng theo Điều 12 Thông tư 32/2017/TT-BTTTT [V]; "
        "các nội dung đánh giá (thời gian, thái độ) và công thức tỷ lệ hài lòng là đề xuất [U]",
        "U",
        "Chỉ số hài lòng = tỷ lệ đánh giá Rất hài lòng hoặc Hài lòng về việc giải quyết hồ sơ.",
    )
    return _workbook(
        survey,
        choices,
        settings,
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


def officials() -> Workbook:
    """The survey of leaders, managers and civil servants of an assessed unit: one question per
    survey-scored sub-criterion; an index per question (VB1 …) and per group, and the overall."""
    survey = [
        ("begin_group", "thong_tin", "Thông tin chung"),
        ("select_one vi_tri", "vi_tri", "Ông/Bà đang giữ vị trí", "", "yes"),
        ("end_group", "", ""),
    ]
    indices = []
    group_codes = []
    for group, title, prefix, items in OFFICIALS_GROUPS:
        survey.append(("begin_group", group, title))
        codes = []
        for i, text in enumerate(items, start=1):
            name = f"{prefix.lower()}{i}"
            survey.append(("select_one muc_do", name, text, "Đánh giá của Ông/Bà", "yes", "", "likert"))
            code = f"{prefix}{i}"
            codes.append(code)
            indices.append((code, text, "mean_score", name, "", "", "", ""))
        survey.append(("end_group", "", ""))
        group_codes.append(prefix)
        indices.append((prefix, title, "mean", "", "", " ".join(codes), title, ""))
    survey.append(
        (
            "text",
            "y_kien",
            "Ý kiến khác (nếu có)",
            "Không ghi tên, số điện thoại hay thông tin cá nhân",
            "",
            "",
            "multiline",
            "",
            "",
            2000,
        )
    )
    indices.insert(
        0,
        (
            "DTXHH",
            "Đánh giá chung của lãnh đạo, quản lý, công chức (thang 0–100)",
            "mean",
            "",
            "",
            " ".join(group_codes),
            "ĐÁNH GIÁ CHUNG",
            "yes",
        ),
    )
    choices = [("muc_do", n, lab, sc) for n, lab, sc in QUALITY5]
    choices += [
        ("vi_tri", "lanh_dao", "Lãnh đạo cơ quan, đơn vị", ""),
        ("vi_tri", "quan_ly", "Lãnh đạo cấp phòng (quản lý)", ""),
        ("vi_tri", "cong_chuc", "Công chức, viên chức", ""),
    ]
    settings = (
        "DTXHH-CBCC",
        1,
        "Phiếu điều tra xã hội học lấy ý kiến lãnh đạo, quản lý, công chức về tác động của cải cách hành chính",
        "Đối tượng và phạm vi theo phương pháp Chỉ số CCHC (điều tra lãnh đạo, quản lý, công chức) [S]; "
        "nội dung câu hỏi theo các tiêu chí thành phần “Tác động của cải cách …” trong bảng Chỉ số CCHC "
        "của Kế hoạch 192/KH-UBND Hà Nội (08/07/2022) [V]; thang 5 mức và quy đổi 0–100 là giả định [U]",
        "U",
        "Mỗi câu: điểm trung bình quy về thang 0–100 (mã VB1, BM1 …, dùng cho tiêu chí thành phần tương "
        "ứng của bộ chỉ số); mỗi nhóm: trung bình các câu; đánh giá chung: trung bình các nhóm.",
    )
    return _workbook(survey, choices, settings, indices)


if __name__ == "__main__":
    sipas().save(HERE / "sipas-2017-2020.xlsx")
    one_stop().save(HERE / "mot-cua-3-muc.xlsx")
    officials().save(HERE / "dtxhh-cbcc.xlsx")
    print("written", HERE)
