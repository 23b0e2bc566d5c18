"""XLSX and JSON of the task table: the plan's own columns (Khung kế hoạch) plus status, percent, last update."""

from __future__ import annotations

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

STATE_LABELS = {
    "overdue": gettext_lazy("Quá hạn"),
    "at_risk": gettext_lazy("Có nguy cơ chậm"),
    "open": gettext_lazy("Đang thực hiện"),
    "waiting_event": gettext_lazy("Chờ sự kiện"),
    "done": gettext_lazy("Hoàn thành"),
    "done_late": gettext_lazy("Hoàn thành muộn"),
    "cancelled": gettext_lazy("Không thực hiện"),
}


def state_label(state: str) -> str:
    return str(STATE_LABELS.get(state, state))


def row_dict(r) -> dict:
    return {
        "assignment_id": r.assignment.pk,
        "task_id": r.task.pk,
        "plan": r.plan.number,
        "area": str(r.area) if r.area else "",
        "task": r.task.title,
        "unit": r.unit.name,
        "unit_code": r.unit.code,
        "role": r.role,
        "period_label": r.period_label,
        "timeframe": r.task.timeframe_text,
        "due_date": r.due_date.isoformat() if r.due_date else None,
        "status": r.status,
        "percent": float(r.percent),
        "state": r.state,
        "last_update_at": r.last_update_at.isoformat() if r.last_update_at else None,
        "narrative": r.narrative,
        "evidence": [
            {"doc_number": n, "doc_date": d.isoformat() if d else None, "issuer": i} for n, d, i in r.evidence
        ],
    }


def rows_xlsx(rows, title: str = "") -> bytes:
    """One sheet: STT, area, activity, outputs, lead, support, timeframe, period, due, status, percent, last update."""
    wb = Workbook()
    ws = wb.active
    ws.title = _("Khung kế hoạch")[:31]
    headers = [
        _("STT"),
        _("Lĩnh vực"),
        _("Nội dung nhiệm vụ"),
        _("Kết quả, sản phẩm"),
        _("Cơ quan chủ trì"),
        _("Cơ quan phối hợp"),
        _("Thời gian hoàn thành"),
        _("Kỳ"),
        _("Hạn"),
        _("Tình trạng"),
        _("Tiến độ (%)"),
        _("Cập nhật lần cuối"),
        _("Kết quả thực hiện"),
    ]
    if title:
        ws.append([title])
        ws["A1"].font = Font(bold=True)
    ws.append(headers)
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for i, r in enumerate(rows, 1):
        lead = r.unit.name if r.role == "lead" else ""
        support = r.unit.name if r.role == "support" else ""
        outputs = r.task.outputs
        ws.append(
            [
                i,
                str(r.area) if r.area else "",
                r.task.title,
                "; ".join(map(str, outputs)) if isinstance(outputs, list) else str(outputs or ""),
                lead,
                support,
                r.task.timeframe_text,
                r.period_label,
                r.due_date,
                state_label(r.state),
                float(r.percent),
                timezone.localtime(r.last_update_at).replace(tzinfo=None) if r.last_update_at else None,
                r.narrative,
            ]
        )
        ws.cell(ws.max_row, 9).number_format = "DD/MM/YYYY"
        ws.cell(ws.max_row, 12).number_format = "DD/MM/YYYY HH:MM"
    for col, width in zip("ABCDEFGHIJKLM", [5, 24, 60, 30, 28, 28, 18, 8, 12, 18, 10, 18, 40], strict=True):
        ws.column_dimensions[col].width = width
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
