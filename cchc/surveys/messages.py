"""Vietnamese messages for the domain's problem codes (questionnaire, answers, intake, import)."""

from __future__ import annotations

from django.utils.translation import gettext as _


def questionnaire_problem(p) -> str:
    texts = {
        "sheet_missing": _("Thiếu trang tính “%(sheet)s” (cần survey, choices, settings, indices)."),
        "bad_form_id": _("form_id “%(value)s” không hợp lệ (chữ, số, gạch ngang, tối đa 64 ký tự)."),
        "bad_version": _("version “%(value)s” phải là số nguyên dương."),
        "bad_confidence": _("confidence “%(value)s” phải là V, S, O hoặc U."),
        "missing_title": _("Thiếu form_title (tên phiếu)."),
        "bad_choice_name": _("Tên lựa chọn “%(value)s” không hợp lệ."),
        "missing_label": _("“%(name)s” thiếu nhãn (label)."),
        "bad_number": _("“%(value)s” không phải là số."),
        "duplicate_choice": _("Lựa chọn “%(name)s” bị lặp trong cùng danh sách."),
        "nested_group": _("Nhóm “%(name)s” lồng trong nhóm khác (chưa hỗ trợ)."),
        "bad_name": _("Tên “%(name)s” không hợp lệ hoặc bị trùng."),
        "unopened_group": _("end_group không có begin_group tương ứng."),
        "bad_type": _("Loại câu hỏi “%(value)s” không được hỗ trợ."),
        "unknown_list": _("Danh sách lựa chọn “%(value)s” không có trong trang choices."),
        "likert_without_scores": _("Thang đo “%(value)s” cần điểm (score) cho mọi mức."),
        "bad_relevant": _("Điều kiện hiển thị “%(value)s” không đọc được: %(error)s."),
        "relevant_unknown": _("Điều kiện hiển thị dùng câu hỏi chưa có ở phía trước: %(value)s."),
        "empty_group": _("Nhóm “%(name)s” không có câu hỏi."),
        "no_questions": _("Phiếu không có câu hỏi nào."),
        "bad_index_code": _("Mã chỉ số “%(value)s” không hợp lệ hoặc bị trùng."),
        "bad_index_type": _("Loại chỉ số “%(value)s” phải là share, mean hoặc mean_score."),
        "index_without_questions": _("Chỉ số “%(value)s” cần danh sách câu hỏi."),
        "index_unknown_question": _("Chỉ số dùng câu hỏi “%(value)s” không có hoặc không phải câu lựa chọn."),
        "index_unknown_value": _("Chỉ số dùng lựa chọn không có: %(value)s."),
        "index_without_values": _("Chỉ số “%(value)s” cần các lựa chọn được tính (values)."),
        "index_without_components": _("Chỉ số “%(value)s” cần các chỉ số thành phần (components)."),
        "index_unknown_component": _("Chỉ số thành phần không có: %(value)s."),
        "index_cycle": _("Các chỉ số thành phần tham chiếu vòng tròn."),
        "several_primary": _("Chỉ một chỉ số được đánh dấu primary (chỉ số chung)."),
        "no_indices": _("Phiếu chưa định nghĩa chỉ số nào."),
    }
    text = texts.get(p.code, p.code) % {"sheet": p.sheet, "name": "", "value": "", "error": "", **p.params}
    if p.row:
        return _("Trang %(sheet)s, dòng %(row)s: %(text)s") % {"sheet": p.sheet, "row": p.row, "text": text}
    return text


def answer_problem(p, question_label: str = "") -> str:
    params = {"label": question_label or p.question, "max": "", "min": "", "length": "", **p.params}
    params = {k: ("" if v is None else v) for k, v in params.items()}
    texts = {
        "required": _("Vui lòng trả lời câu “%(label)s”."),
        "not_a_choice": _("Câu “%(label)s”: lựa chọn không có trong phiếu."),
        "not_a_number": _("Câu “%(label)s”: vui lòng nhập một số."),
        "out_of_range": _("Câu “%(label)s”: số phải trong khoảng %(min)s – %(max)s."),
        "too_long": _("Câu “%(label)s”: tối đa %(max)s ký tự (đã nhập %(length)s)."),
        "unknown_question": _("Cột “%(label)s” không phải câu hỏi của phiếu."),
    }
    return texts.get(p.code, p.code) % params


def workbook_problem(exc) -> str:
    texts = {
        "too_large": _("Tệp quá lớn (tối đa 10 MB)."),
        "not_xlsx": _("Tệp không phải bảng tính Excel (.xlsx)."),
        "corrupt": _("Tệp Excel bị hỏng, không đọc được."),
        "too_many_rows": _("Tệp có quá nhiều dòng (tối đa %(limit)s)."),
        "too_many_columns": _("Tệp có dòng dài quá %(limit)s cột."),
        "too_many_cells": _("Tệp có quá %(limit)s ô có dữ liệu."),
        "too_slow": _("Tệp đọc quá %(limit)s giây: quá lớn hoặc bất thường."),
        "encoding": _("Không nhận ra bảng mã của tệp CSV (cần UTF-8 hoặc Windows-1258)."),
    }
    text = texts.get(exc.code, exc.code)
    if "%(limit)s" in text:
        try:
            limit = f"{int(float(exc.detail)):,}".replace(",", ".")
        except ValueError:
            limit = "50.000"
        text = text % {"limit": limit}
    return text
