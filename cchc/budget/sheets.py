"""The XLSX of one unit's CCHC budget estimate: the template it downloads and the reader of what
it uploads (``actions.do_import_estimate_xlsx`` saves it, all or nothing).

Sheet "Dự toán", one header row, then one row per line::

    Mã nhiệm vụ | Nhiệm vụ, nội dung | Nguồn kinh phí | Kinh phí đề nghị (đồng)

The template lists the unit's tasks of the plan (code ``NV<id>``, title); the unit fills the
source and the amount of those it budgets (a row without source and amount is skipped) and adds
rows without a code for other CCHC work (the content is then required). A row whose first or
second cell says "Tổng cộng" gives the declared total. Amount cells hold numbers, or text that
reads as whole đồng ("1.250.000.000"); a formula (``=SUM(…)``), other text, a negative or a
fraction is refused with its row number. The sheet is bounded by
``domain.sheetlimits.BUDGET_ESTIMATE``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from cchc.budget.models import BudgetRound, BudgetSource
from cchc.budget.queries import unit_tasks
from cchc.core.errors import DomainError
from cchc.core.spreadsheet import StreamingWorkbook, plain_text, uploaded_sheet_rows
from cchc.domain.money import MoneyError, parse_vnd
from cchc.domain.sheetlimits import BUDGET_ESTIMATE
from cchc.domain.text import fold

SHEET = "Dự toán"
HEADER = ["Mã nhiệm vụ", "Nhiệm vụ, nội dung", "Nguồn kinh phí", "Kinh phí đề nghị (đồng)"]
TOTAL_LABEL = "Tổng cộng"
_CODE = re.compile(r"(?:nv)?\s*(\d{1,18})", re.IGNORECASE)


def _source_by_name() -> dict[str, str]:
    names = {}
    for value, label in BudgetSource.choices:
        names[fold(value)] = value
        names[fold(str(label))] = value
    return names


def estimate_template(rnd: BudgetRound, unit) -> bytes:
    """The workbook a unit fills: its tasks of the round's plan, then room for other work and the
    total row; a second sheet explains the rules and lists the sources."""
    book = StreamingWorkbook()
    book.add_sheet(SHEET, HEADER, widths=[14, 80, 26, 24])
    for task in unit_tasks(rnd, unit):
        book.append([f"NV{task.pk}", task.title, None, None])
    book.append(["", "", None, None])
    book.append([TOTAL_LABEL, "", None, None])
    book.add_sheet("Hướng dẫn", ["Hướng dẫn"], widths=[110])
    for text in [
        f"Dự toán kinh phí CCHC năm {rnd.year} của {unit.name} theo {rnd.plan.number or rnd.plan.title[:80]}.",
        f"Hạn gửi dự toán: {rnd.due_date.strftime('%d/%m/%Y')}.",
        "Ghi nguồn kinh phí và kinh phí đề nghị cho các nhiệm vụ có dự toán; để trống các nhiệm vụ không lập dự toán.",
        "Công việc CCHC khác: thêm dòng, để trống mã nhiệm vụ và ghi nội dung.",
        "Số tiền ghi bằng số đồng nguyên (ví dụ 1250000000 hoặc 1.250.000.000), không dùng công thức.",
        "Dòng “Tổng cộng” ghi tổng số (bằng số, không dùng công thức); phải bằng tổng các dòng.",
        "Nguồn kinh phí: " + "; ".join(str(label) for _v, label in BudgetSource.choices) + ".",
    ]:
        book.append([text])
    return book.to_bytes()


@dataclass
class SheetRow:
    row: int
    task_id: int | None
    description: str
    source: str
    requested: object


@dataclass
class EstimateSheet:
    rows: list[SheetRow] = field(default_factory=list)
    declared_total: object = None
    errors: list[tuple[int, str]] = field(default_factory=list)  # (row number, message)


def _text(value) -> str:
    return plain_text(str(value)).strip() if value is not None else ""


def _is_formula(value) -> bool:
    return (isinstance(value, str) and value.startswith("=")) or type(value).__name__.endswith("Formula")


def _amount(value, n: int, errors: list) -> object:
    """The cell's amount checked (formula, text that is not money, negative, fraction)."""
    if _is_formula(value):
        errors.append((n, _("ô số tiền có công thức; hãy ghi số (dán giá trị)")))
        return None
    if isinstance(value, str) and value.strip():
        try:
            parse_vnd(value)
        except MoneyError as err:
            if err.code == "not_a_number":
                errors.append(
                    (n, _("ô số tiền chứa chữ “%(text)s”, không phải số") % {"text": value.strip()[:40]})
                )
                return None
    return value


def read_estimate_sheet(data: bytes) -> EstimateSheet:
    """The lines of an uploaded estimate workbook, with the errors of its cells (formulas, text,
    unknown sources or task codes); amounts are checked again, with the tasks, when saved."""
    with uploaded_sheet_rows(data, BUDGET_ESTIMATE, sheet=SHEET, data_only=False) as rows:
        return _read(rows)


def _read(rows) -> EstimateSheet:
    header = next(rows, None)
    if header is None or [fold(_text(h)) for h in header[:4]] != [fold(h) for h in HEADER]:
        raise DomainError(
            _("Dòng đầu phải là tiêu đề của mẫu: %(cols)s.") % {"cols": ", ".join(HEADER)}, code="columns"
        )
    sources = _source_by_name()
    sheet = EstimateSheet()
    total_label = fold(TOTAL_LABEL)
    for n, raw in enumerate(rows, 2):
        code, text, source, amount = (list(raw) + [None] * 4)[:4]
        if total_label in (fold(_text(code)), fold(_text(text))):
            sheet.declared_total = _amount(amount, n, sheet.errors)
            continue
        if _text(source) == "" and (amount is None or _text(amount) == ""):
            continue  # a task the unit does not budget, or an empty row
        task_id = None
        if _text(code):
            m = _CODE.fullmatch(_text(code))
            if not m:
                sheet.errors.append(
                    (n, _("mã nhiệm vụ “%(code)s” không đúng mẫu") % {"code": _text(code)[:40]})
                )
                continue
            task_id = int(m.group(1))
        source_value = sources.get(fold(_text(source)))
        if source_value is None:
            sheet.errors.append(
                (n, _("nguồn kinh phí “%(source)s” không có trong danh mục") % {"source": _text(source)[:40]})
            )
        checked = _amount(amount, n, sheet.errors)
        if source_value is None or (checked is None and amount is not None):
            continue
        description = "" if task_id is not None else _text(text)
        sheet.rows.append(SheetRow(n, task_id, description, source_value, checked))
    return sheet
