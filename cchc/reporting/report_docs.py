"""Turn a consolidation or a unit report into an :class:`OfficialDocument` (then DOCX/PDF)."""

from __future__ import annotations

import re
from decimal import Decimal

from django.utils import timezone

from cchc.domain.text import fold
from cchc.domain.vnformat import format_date, format_number
from cchc.reporting import sources
from cchc.reporting.annex import AREA_KEYS, AREA_LABELS, FIELDS
from cchc.reporting.consolidation import fmt_pct
from cchc.reporting.documents import OfficialDocument, Section, Table, render

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


def _n(v) -> str:
    return "—" if v is None else format_number(v)


def _p(v) -> str:
    return fmt_pct(None if v is None else Decimal(v))


def place_name(province) -> str:
    """ "Thành phố Hải Phòng" -> "Hải Phòng" (the place in the date line)."""
    if province is None:
        return ""
    if province.short_name:
        return province.short_name
    return re.sub(r"^(Thành phố|Tỉnh)\s+", "", province.name)


_COMPARATORS = {">=": "≥ ", ">": "> ", "<=": "≤ ", "<": "< ", "=": "", "==": ""}


def level_label(code: str) -> str:
    """The level a target applies to, in Vietnamese ("Cấp tỉnh"); "" for none."""
    from cchc.orgs.models import Level

    if not code:
        return ""
    try:
        return str(Level(code).label)
    except ValueError:
        return code


def target_value(t) -> str:
    """ "≥ 80%", "≤ 5,5 ngày", "30–50%"; "" when the target has no figure."""
    if t.value is None:
        return ""

    def num(v) -> str:
        return format_number(Decimal(v).normalize())

    unit = t.unit or ""
    suffix = "%" if unit == "%" else (f" {unit}" if unit else "")
    if t.value_max is not None:
        return f"{num(t.value)}–{num(t.value_max)}{suffix}"
    return _COMPARATORS.get(t.comparator, "") + num(t.value) + suffix


def _completion_table(lines, total, first_header) -> Table:
    def cells(ln):
        return [
            _n(ln.due),
            _n(ln.done),
            _n(ln.done_late),
            _n(ln.overdue),
            _p(ln.percent),
            _n(ln.in_progress),
            _n(ln.continuing),
        ]

    rows = [[str(i), ln.label, *cells(ln)] for i, ln in enumerate(lines, 1)]
    rows.append(["", total.label, *cells(total)])
    return Table(
        [
            "TT",
            first_header,
            "Đến hạn",
            "Hoàn thành",
            "Trong đó sau hạn",
            "Quá hạn",
            "Tỷ lệ hoàn thành",
            "Đang thực hiện",
            "Nhiều năm, đang tiếp tục",
        ],
        rows,
        [9, 42, 16, 18, 17, 15, 18, 16, 16],
    )


def consolidation_document(c) -> OfficialDocument:
    """The province's report: tables and narrative numbers come from the same ``Consolidation``."""
    label = c.info.label
    sections = []
    results = Section("I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH", paragraphs=c.paragraphs())
    results.subsections.append(
        Section(
            "1. Kết quả thực hiện theo lĩnh vực", tables=[_completion_table(c.by_area, c.total, "Lĩnh vực")]
        )
    )
    results.subsections.append(
        Section(
            "2. Kết quả thực hiện theo cơ quan, đơn vị",
            tables=[_completion_table(c.by_unit, c.total, "Cơ quan, đơn vị")],
        )
    )
    for key in AREA_KEYS:
        texts = c.unit_narratives.get(key) or []
        if texts:
            results.subsections.append(
                Section(
                    f"{len(results.subsections) + 1}. {AREA_LABELS[key]}",
                    paragraphs=[f"{u.name}: {t}" for u, t in texts],
                )
            )
    sections.append(results)
    measured = sources.target_attainment(c.plan, c.info.code)
    target_rows = [
        [
            str(i),
            t.text,
            target_value(t),
            level_label(t.level),
            (f"Mỗi năm, đến {t.year}" if t.year else "Mỗi năm") if t.yearly else str(t.year or ""),
            sources.attainment_text(measured.get(t.pk), t, c.info.period.year),
        ]
        for i, t in enumerate(c.targets, 1)
    ]
    sections.append(
        Section(
            "II. CÁC CHỈ TIÊU CỦA KẾ HOẠCH",
            paragraphs=[] if target_rows else ["Kế hoạch không có chỉ tiêu định lượng."],
            tables=[
                Table(
                    ["TT", "Chỉ tiêu", "Mức phải đạt", "Cấp", "Năm", "Tình hình thực hiện"],
                    target_rows,
                    [10, 76, 22, 18, 18, 28],
                )
            ]
            if target_rows
            else [],
        )
    )
    overdue_rows = []
    for unit, rows in c.overdue:
        for r in rows:
            overdue_rows.append(
                [
                    str(len(overdue_rows) + 1),
                    str(r.task.title)[:300],
                    unit.name,
                    format_date(r.due_date) if r.due_date else "—",
                    _p(r.percent),
                ]
            )
    sections.append(
        Section(
            "III. NHIỆM VỤ QUÁ HẠN CHƯA HOÀN THÀNH",
            paragraphs=[
                f"Tính đến ngày {format_date(c.info.as_of)}, có {_n(len(overdue_rows))} nhiệm vụ quá hạn."
            ],
            tables=[
                Table(
                    ["TT", "Nhiệm vụ", "Đơn vị chủ trì", "Hạn", "Tiến độ"],
                    overdue_rows,
                    [12, 74, 40, 26, 18],
                )
            ]
            if overdue_rows
            else [],
        )
    )
    annex_rows = [
        [str(i), str(f.label), _n(total), _n(n)] for i, (f, total, n) in enumerate(c.annex_totals, 1)
    ]
    flag_par = [
        f"{u.name}: “{f.label}” báo cáo {_n(cell['value'])}, hệ thống ghi nhận {_n(cell['system'])} "
        f"(lý do: {cell.get('reason') or '—'})."
        for u, f, cell in c.flags
    ]
    sections.append(
        Section(
            "IV. SỐ LIỆU TỔNG HỢP TỪ BÁO CÁO CỦA CÁC CƠ QUAN, ĐƠN VỊ",
            paragraphs=[f"Tổng hợp từ {_n(len(c.accepted))} báo cáo đã được tiếp nhận."] + flag_par,
            tables=[Table(["TT", "Chỉ tiêu", "Tổng số", "Số báo cáo"], annex_rows, [10, 100, 25, 25])],
        )
    )
    sent = [
        [
            str(i),
            r.unit.name,
            format_date(timezone.localdate(r.submitted_at)) if r.submitted_at else "—",
            "Đúng hạn" if r.on_time else "Chậm",
            r.get_status_display(),
        ]
        for i, r in enumerate(c.submitted, 1)
    ]
    missing = ", ".join(u.name for u in c.missing_units) or "không có"
    sections.append(
        Section(
            "V. TÌNH HÌNH GỬI BÁO CÁO CỦA CÁC CƠ QUAN, ĐƠN VỊ",
            paragraphs=[f"Các đơn vị chưa gửi báo cáo: {missing}."],
            tables=[
                Table(
                    ["TT", "Cơ quan, đơn vị", "Ngày gửi", "Đúng hạn", "Trạng thái"],
                    sent,
                    [10, 70, 25, 25, 35],
                )
            ]
            if sent
            else [],
        )
    )
    sections.append(
        Section(
            "VI. PHƯƠNG HƯỚNG, NHIỆM VỤ KỲ TỚI",
            paragraphs=[
                "Tiếp tục chỉ đạo các cơ quan, đơn vị hoàn thành các nhiệm vụ quá hạn nêu tại Mục III; "
                "đôn đốc các đơn vị chưa gửi báo cáo."
            ],
        )
    )
    return OfficialDocument(
        issuer_parent="",  # the UBND itself issues: both lines are its name, in bold
        issuer="ỦY BAN NHÂN DÂN\n" + c.province.name.upper(),
        number="Số:        /BC-UBND",
        place=place_name(c.province),
        date=None,
        title="BÁO CÁO",
        summary=f"Kết quả thực hiện công tác cải cách hành chính {label}\n(theo Kế hoạch số {c.plan.number})",
        sections=sections,
        recipients=[
            "Bộ Nội vụ;",
            "TT Thành ủy, TT HĐND thành phố;",
            "CT, các PCT UBND thành phố;",
            "Sở Nội vụ;",
            "Lưu: VT.",
        ],
        signature=["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
    )


def _unit_signature(unit) -> list[str]:
    if unit.level in {"district", "commune", "province"}:
        return ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    if fold(unit.name).startswith("so "):
        return ["GIÁM ĐỐC"]
    return ["THỦ TRƯỞNG CƠ QUAN"]


def unit_report_document(report, version=None) -> OfficialDocument:
    version = version or report.current_version
    unit = report.unit
    province = unit.province_root
    label = report.period.label_vi
    narrative = (version.narrative if version else {}) or {}
    annex = (version.annex if version else {}) or {}
    sections = [
        Section(
            "I. KẾT QUẢ THỰC HIỆN",
            subsections=[
                Section(
                    f"{i}. {AREA_LABELS[k]}",
                    paragraphs=[narrative.get(k) or "Không có nội dung báo cáo trong kỳ."],
                )
                for i, k in enumerate(AREA_KEYS, 1)
            ],
        )
    ]
    rows = []
    for i, f in enumerate(FIELDS, 1):
        cell = annex.get(f.key) or {}
        note = cell.get("reason") or ""
        if cell.get("system") is not None and cell.get("value") != cell.get("system"):
            note = f"Hệ thống: {_n(cell.get('system'))}. {note}"
        rows.append([str(i), str(f.label), _n(cell.get("value")), note])
    sections.append(
        Section(
            "II. PHỤ LỤC SỐ LIỆU",
            tables=[Table(["TT", "Chỉ tiêu", "Số liệu", "Ghi chú"], rows, [10, 95, 25, 40])],
        )
    )
    short = re.sub(r"[^A-Za-zĐđ&]", "", unit.short_name or "") or "BC"
    parent = unit.parent
    parent_line = (
        ("UBND " + parent.name.upper())
        if parent is not None and parent.level == "province"
        else (parent.name.upper() if parent is not None else "")
    )
    return OfficialDocument(
        issuer_parent=parent_line,
        issuer=unit.name.upper(),
        number=f"Số:        /BC-{short.upper()}",
        place=place_name(province),
        date=timezone.localdate(report.submitted_at) if report.submitted_at else None,
        title="BÁO CÁO",
        summary=f"Kết quả thực hiện công tác cải cách hành chính {label}"
        + (f"\n(theo Kế hoạch số {report.plan.number})" if report.plan_id else ""),
        sections=sections,
        recipients=["Sở Nội vụ (để tổng hợp);", "Lưu: VT."],
        signature=_unit_signature(unit),
    )


def filename(stem: str, fmt: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", fold(stem)).strip("-") + f".{fmt}"


__all__ = ["consolidation_document", "unit_report_document", "render", "filename"]
