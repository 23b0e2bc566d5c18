"""XLSX and JSON of the task table: the plan's own columns (Khung kế hoạch) plus status, percent, last update."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.styles import Alignment, Font

from cchc.core.spreadsheet import StreamingWorkbook, safe_workbook_bytes, styled_workbook

STATE_LABELS = {
    "overdue": gettext_lazy("Quá hạn"),
    "at_risk": gettext_lazy("Có nguy cơ chậm"),
    "open": gettext_lazy("Trong hạn"),  # not done, not late: the work itself may not have started
    "waiting_event": gettext_lazy("Chờ sự kiện"),
    "pending_approval": gettext_lazy("Chờ duyệt"),
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


def plan_xlsx(plan, items: list[dict], rows, *, as_of) -> bytes:
    """The plan's framework table in its own columns (those of the plan template: STT, Lĩnh vực,
    Mục tiêu, Nhiệm vụ, Hoạt động, Kết quả/Sản phẩm, Chủ trì, Phối hợp, Thời gian, as written in
    the plan) plus status, percent and last update per task; a second sheet has one row per unit."""
    from cchc.domain.planparse.template import TASK_COLUMNS

    wb = styled_workbook()
    ws = wb.active
    ws.title = _("Khung kế hoạch")[:31]
    ws.append([str(plan)])
    ws["A1"].font = Font(bold=True)
    ws.append([_("Tình trạng tính đến %(d)s") % {"d": as_of.strftime("%d/%m/%Y")}])
    headers = [label for _key, label, _w in TASK_COLUMNS] + [
        _("Tình trạng"),
        _("Tiến độ (%)"),
        _("Cập nhật lần cuối"),
    ]
    ws.append(headers)
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for number, item in enumerate(items, 1):
        task = item["task"]
        mentions = list(task.unit_mentions.all())
        outputs = task.outputs if isinstance(task.outputs, list) else [task.outputs] if task.outputs else []
        last = item["last_update_at"]
        ws.append(
            [
                number,
                str(task.area) if task.area else "",
                task.objective,
                task.parent_title or task.title,
                task.title if task.parent_title else "",
                "\n".join(map(str, outputs)),
                "\n".join(m.text for m in mentions if m.role == "lead"),
                "\n".join(m.text for m in mentions if m.role == "support"),
                task.timeframe_text,
                state_label(item["state"]) if item["state"] else "",
                float(item["percent"]) if item["percent"] is not None else None,
                timezone.localtime(last).replace(tzinfo=None) if last else None,
            ]
        )
        ws.cell(ws.max_row, len(headers)).number_format = "DD/MM/YYYY HH:MM"
        ws.cell(ws.max_row, len(headers) - 1).number_format = "0.00"
    widths = [w for _k, _l, w in TASK_COLUMNS] + [18, 10, 18]
    for i, width in enumerate(widths, 1):
        ws.column_dimensions[ws.cell(3, i).column_letter].width = width
    _rows_sheet(wb.create_sheet(_("Theo đơn vị")[:31]), rows, title="")
    return safe_workbook_bytes(wb)


ROW_HEADERS = (
    gettext_lazy("STT"),
    gettext_lazy("Lĩnh vực"),
    gettext_lazy("Nội dung nhiệm vụ"),
    gettext_lazy("Kết quả, sản phẩm"),
    gettext_lazy("Cơ quan chủ trì"),
    gettext_lazy("Cơ quan phối hợp"),
    gettext_lazy("Thời gian hoàn thành"),
    gettext_lazy("Kỳ"),
    gettext_lazy("Hạn"),
    gettext_lazy("Tình trạng"),
    gettext_lazy("Tiến độ (%)"),
    gettext_lazy("Cập nhật lần cuối"),
    gettext_lazy("Kết quả thực hiện"),
)
ROW_WIDTHS = (5, 24, 60, 30, 28, 28, 18, 8, 12, 18, 10, 18, 40)


def _row_cells(i: int, r) -> list:
    outputs = r.task.outputs
    return [
        i,
        str(r.area) if r.area else "",
        r.task.title,
        "; ".join(map(str, outputs)) if isinstance(outputs, list) else str(outputs or ""),
        r.unit.name if r.role == "lead" else "",
        r.unit.name if r.role == "support" else "",
        r.task.timeframe_text,
        r.period_label,
        r.due_date,
        state_label(r.state),
        float(r.percent),
        timezone.localtime(r.last_update_at).replace(tzinfo=None) if r.last_update_at else None,
        r.narrative,
    ]


def rows_workbook(rows, title: str = "") -> StreamingWorkbook:
    """The task table, one row per assignment, written row by row (``rows`` may be a generator
    such as :func:`cchc.tracking.queries.iter_rows`): memory stays flat; cells formula-safe."""
    book = StreamingWorkbook()
    headers = [str(h) for h in ROW_HEADERS]
    if title:
        book.add_sheet(_("Khung kế hoạch"), widths=ROW_WIDTHS)
        book.append([title])
        book.append(headers)
    else:
        book.add_sheet(_("Khung kế hoạch"), headers, widths=ROW_WIDTHS)
    for i, r in enumerate(rows, 1):
        book.append(_row_cells(i, r))
    return book


def rows_xlsx(rows, title: str = "") -> bytes:
    return rows_workbook(rows, title=title).to_bytes()


def _rows_sheet(ws, rows, title: str = "") -> None:
    """One row per unit: STT, area, activity, outputs, lead, support, timeframe, period, due, status, percent, last update."""
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
        ws.append(_row_cells(i, r))
        ws.cell(ws.max_row, 9).number_format = "DD/MM/YYYY"
        ws.cell(ws.max_row, 12).number_format = "DD/MM/YYYY HH:MM"
    for col, width in zip("ABCDEFGHIJKLM", [5, 24, 60, 30, 28, 28, 18, 8, 12, 18, 10, 18, 40], strict=True):
        ws.column_dimensions[col].width = width
