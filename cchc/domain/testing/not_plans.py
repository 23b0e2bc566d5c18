"""Texts that are not a plan (a news item, a summary, a report), by what they look like: the
importer refuses each and names what it looks like."""

NOT_PLANS = {
    "news": "(Cổng TTĐT tỉnh Lâm Đồng) - Ngày 05/01/2026, Ủy ban nhân dân tỉnh Lâm Đồng ban hành Kế"
    " hoạch số 45/KH-UBND về cải cách hành chính nhà nước năm 2026.\n\nTheo đó, tỉnh đặt mục tiêu nâng"
    " cao chỉ số cải cách hành chính.\n\nKế hoạch cũng yêu cầu các sở, ngành tăng cường kỷ luật.\n",
    "summary": "Kế hoạch số 45/KH-UBND ngày 05/01/2026 của UBND tỉnh Lâm Đồng về cải cách hành chính"
    " nhà nước năm 2026\n\nTệp đính kèm: 45-kh-ubnd.pdf\n",
    "report": "ỦY BAN NHÂN DÂN\nTỈNH LÂM ĐỒNG\nSố: 12/BC-UBND\nĐà Lạt, ngày 05 tháng 01 năm 2026\nBÁO"
    " CÁO\nKết quả thực hiện công tác cải cách hành chính năm 2025\nNăm 2025, tỉnh đã hoàn thành 95%"
    " nhiệm vụ.\n",
}
