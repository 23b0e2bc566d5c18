"""Turn a consolidation or a unit report into an :class:`OfficialDocument` (then DOCX/PDF through
``cchc.core.documents``, the one official-document renderer)."""

from __future__ import annotations

import re

from django.utils import timezone

from cchc.core.documents import OfficialDocument, Section, Table, filename, place_name, render
from cchc.domain.text import fold
from cchc.domain.vnformat import format_number
from cchc.reporting.annex import AREA_KEYS, AREA_LABELS, FIELDS, FUNDING_KEY
from cchc.reporting.outline import sections as outline_sections

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"]


def _n(v) -> str:
    return "—" if v is None else format_number(v)


def consolidation_document(c, texts: dict[str, str] | None = None) -> OfficialDocument:
    """The province's report, sections I–IV of the outline (``cchc.reporting.outline``): tables
    and narrative numbers come from the same ``Consolidation``; the standing agency's saved
    passages (``texts``, else those stored) replace the drafts."""
    label = c.info.label
    sections = outline_sections(c, texts)
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
            "II. KINH PHÍ THỰC HIỆN",
            paragraphs=[narrative.get(FUNDING_KEY) or "Không có nội dung báo cáo về kinh phí trong kỳ."],
        )
    )
    sections.append(
        Section(
            "III. PHỤ LỤC SỐ LIỆU",
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


__all__ = ["consolidation_document", "filename", "place_name", "render", "unit_report_document"]
