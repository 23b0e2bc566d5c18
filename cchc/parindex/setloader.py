"""Criteria sets in and out of files: the XLSX template, reading it, and a plan's index table.

Reading turns a file into ``cchc.domain.parindex.Node`` rows (no database); ``actions`` checks the
tree and stores it in one transaction.
"""

from __future__ import annotations

import io
import zipfile
from decimal import Decimal

from django.utils.translation import gettext as _

from cchc.core.errors import DomainError
from cchc.core.spreadsheet import StreamingWorkbook
from cchc.domain import parindex as px

# The template's columns, in order (header text -> field). Matching is on the folded header.
COLUMNS = [
    ("Mã", "code"),
    ("Nội dung", "title"),
    ("Điểm tối đa", "max_points"),
    ("Loại (tiêu chí / thưởng / trừ)", "kind"),
    ("Điều tra XHH (x)", "survey"),
    ("Yêu cầu tài liệu kiểm chứng (x)", "evidence_required"),
    ("Thang điểm, hướng dẫn chấm", "guidance"),
    ("Đơn vị chủ trì", "lead"),
    ("Mã chỉ tiêu đo lường", "indicator"),
    ("Quy tắc chấm (vd. 95:2; 80:1; khác:0 hoặc tỷ lệ)", "rule"),
    ("Nguồn điểm điều tra (SIPAS / công chức / tác động / nhập)", "survey_source"),
    ("Quy đổi điểm điều tra (vd. tỷ lệ hoặc 90:2; 80:1; khác:0)", "survey_rule"),
]
SOURCE_WORDS = {
    "sipas": "sipas",
    "nguoi dan": "sipas",
    "khao sat nguoi dan, to chuc (sipas)": "sipas",
    "cong chuc": "officials",
    "lanh dao, quan ly, cong chuc": "officials",
    "khao sat lanh dao, quan ly, cong chuc": "officials",
    "officials": "officials",
    "tac dong": "impact",
    "tac dong den phat trien kinh te - xa hoi": "impact",
    "impact": "impact",
    "nhap": "entered",
    "nhap truc tiep": "entered",
    "entered": "entered",
}
SOURCE_LABELS = {"sipas": "SIPAS", "officials": "công chức", "impact": "tác động", "entered": "nhập"}
BAND_COLUMNS = [("Xếp loại", "label"), ("Từ (%)", "min")]
KIND_WORDS = {
    "": px.REGULAR,
    "tieu chi": px.REGULAR,
    "regular": px.REGULAR,
    "thuong": px.BONUS,
    "diem thuong": px.BONUS,
    "bonus": px.BONUS,
    "tru": px.PENALTY,
    "diem tru": px.PENALTY,
    "phat": px.PENALTY,
    "diem phat": px.PENALTY,
    "penalty": px.PENALTY,
}
MAX_ROWS = 2000
MAX_BYTES = 5 * 1024 * 1024


def template_xlsx(rows: list[px.Node] | None = None, bands: list[dict] | None = None) -> bytes:
    """The template (or a set written out in it): sheet "Tiêu chí" and sheet "Xếp loại"."""
    wb = StreamingWorkbook()
    wb.add_sheet(
        _("Tiêu chí"), [c for c, _f in COLUMNS], widths=[10, 60, 12, 14, 10, 12, 40, 28, 22, 30, 22, 30]
    )
    for r in rows or []:
        rule = r.rule or {}
        rule_text = rule_as_text(rule)
        wb.append(
            [
                r.code,
                r.title,
                r.max_points,
                {px.REGULAR: "tiêu chí", px.BONUS: "thưởng", px.PENALTY: "trừ"}[r.kind],
                "x" if r.survey else "",
                "x" if r.evidence_required else "",
                r.guidance,
                r.lead,
                rule.get("indicator", ""),
                rule_text,
                SOURCE_LABELS.get(r.survey_source, "") if r.survey else "",
                rule_as_text(r.survey_rule) if r.survey and r.survey_rule else "",
            ]
        )
    wb.add_sheet(_("Xếp loại"), [c for c, _f in BAND_COLUMNS], widths=[20, 10])
    for b in bands or []:
        wb.append([b["label"], b["min"]])
    return wb.to_bytes()


def rule_as_text(rule: dict | None) -> str:
    """A rule as the template writes it: ``tỷ lệ`` or ``95:2; 80:1; khác:0`` (a survey leaf's
    conversion may name its questionnaire index first: ``VB1 | tỷ lệ``)."""
    if not rule:
        return ""
    prefix = f"{rule['index']} | " if rule.get("index") else ""
    if rule.get("method") == "proportional":
        return prefix + "tỷ lệ"
    parts = [f"{s['min']}:{s['points']}" for s in rule.get("thresholds", [])]
    return prefix + "; ".join(parts + [f"khác:{rule.get('otherwise', '0')}"])


def parse_survey_rule(text: str) -> dict | None:
    """A survey leaf's conversion as written (``tỷ lệ`` or thresholds over the index, optionally
    after the questionnaire's index code: ``VB1 | tỷ lệ``); blank = None (proportional over the
    survey's overall index). ``ValueError`` for text it cannot read."""
    text = (text or "").strip()
    if not text:
        return None
    index, _sep, rest = text.rpartition("|") if "|" in text else ("", "", text)
    rule = px.parse_rule_text("index", rest.strip())
    rule.pop("indicator", None)
    if index.strip():
        rule["index"] = index.strip()
    return rule


def _fold(text) -> str:
    from cchc.domain.text import fold

    return fold(str(text or "")).strip()


def _flag(value) -> bool:
    return _fold(value) in {"x", "co", "yes", "1", "true", "v"}


def _open_sheets(data: bytes) -> list:
    """The workbook's sheets, after the size and content-type checks."""
    import openpyxl

    if len(data) > MAX_BYTES:
        raise DomainError(_("Tệp quá lớn (tối đa 5 MB)."), code="too_large")
    if not data.startswith(b"PK\x03\x04"):
        raise DomainError(_("Tệp không phải XLSX (kiểm tra theo nội dung tệp)."), code="not_xlsx")
    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise DomainError(_("Không đọc được tệp XLSX."), code="not_xlsx") from None
    sheets = wb.worksheets
    if not sheets:
        raise DomainError(_("Tệp XLSX không có trang tính nào."), code="not_xlsx")
    return sheets


def _column_index(header_row) -> dict[str, int]:
    """field -> column position, matching the folded headers (the required columns must be there)."""
    header = [_fold(h) for h in header_row]
    index = {}
    for label, fieldname in COLUMNS:
        key = _fold(label)
        for i, h in enumerate(header):
            if h and (h == key or h.split(" (")[0] == key.split(" (")[0]):
                index[fieldname] = i
                break
    missing = [label for label, f in COLUMNS[:3] if f not in index]
    if missing:
        raise DomainError(
            _("Thiếu cột bắt buộc: %(cols)s. Hãy dùng tệp mẫu.") % {"cols": ", ".join(missing)},
            code="columns",
        )
    return index


def _read_node(row, n: int, index: dict[str, int], order: int):
    """(node, None) for a good criteria row, (None, the problem) otherwise."""

    def cell(name):
        i = index.get(name)
        return row[i] if i is not None and i < len(row) else None

    code = px.normalise_code(cell("code"))
    title = str(cell("title") or "").strip()
    try:
        mx = px.to_decimal(cell("max_points"))
    except ValueError:
        mx = None
    kind = KIND_WORDS.get(_fold(cell("kind")))
    if kind is None:
        return None, _("Dòng %(row)s: loại “%(v)s” không hợp lệ.") % {"row": n, "v": cell("kind")}
    if mx is None:
        return None, _("Dòng %(row)s: thiếu hoặc sai điểm tối đa.") % {"row": n}
    try:
        rule = px.parse_rule_text(str(cell("indicator") or ""), str(cell("rule") or ""))
    except ValueError:
        return None, _("Dòng %(row)s: không đọc được quy tắc chấm.") % {"row": n}
    source_text = _fold(cell("survey_source"))
    survey_source = SOURCE_WORDS.get(source_text, "")
    if source_text and not survey_source:
        return None, _(
            "Dòng %(row)s: nguồn điểm điều tra “%(v)s” không hợp lệ (SIPAS, công chức, tác động, nhập)."
        ) % {"row": n, "v": cell("survey_source")}
    try:
        survey_rule = parse_survey_rule(str(cell("survey_rule") or ""))
    except ValueError:
        return None, _("Dòng %(row)s: không đọc được cách quy đổi điểm điều tra.") % {"row": n}
    return px.Node(
        code=code,
        title=title or code,
        max_points=mx,
        kind=kind,
        survey=_flag(cell("survey")),
        evidence_required=_flag(cell("evidence_required")) if "evidence_required" in index else True,
        guidance=str(cell("guidance") or "").strip(),
        lead=str(cell("lead") or "").strip(),
        rule=rule,
        survey_source=survey_source,
        survey_rule=survey_rule,
        order=order,
    ), None


def _read_bands(sheet) -> list[dict]:
    bands = []
    for n, row in enumerate(sheet.iter_rows(values_only=True, min_row=2, max_row=50), start=2):
        if not row or row[0] in (None, ""):
            continue
        try:
            bands.append({"label": str(row[0]).strip(), "min": str(px.to_decimal(row[1]))})
        except (ValueError, IndexError):
            raise DomainError(
                _("Trang Xếp loại, dòng %(row)s: ngưỡng không hợp lệ.") % {"row": n}, code="bands"
            ) from None
    return bands


def read_xlsx(data: bytes) -> tuple[list[px.Node], list[dict]]:
    """Rows and bands from a filled-in template; ``DomainError`` with the row numbers otherwise."""
    sheets = _open_sheets(data)
    rows = list(sheets[0].iter_rows(values_only=True, max_row=MAX_ROWS + 2))
    if not rows:
        raise DomainError(_("Trang tính Tiêu chí trống."), code="empty")
    index = _column_index(rows[0])
    if len(rows) > MAX_ROWS + 1:
        raise DomainError(_("Quá nhiều dòng (tối đa %(n)s).") % {"n": MAX_ROWS}, code="too_many")
    nodes, errors = [], []
    for n, row in enumerate(rows[1:], start=2):
        if not any(v not in (None, "") for v in row):
            continue
        node, problem = _read_node(row, n, index, len(nodes))
        if problem is not None:
            errors.append(problem)
        else:
            nodes.append(node)
    if errors:
        raise DomainError(_("Tệp có lỗi, chưa lưu gì."), code="rows", details=errors)
    bands = _read_bands(sheets[1]) if len(sheets) > 1 else []
    return nodes, bands


def rows_from_plan(plan, *, survey_codes=(), remainder_label: str | None = None) -> list[px.Node]:
    """A set's rows from a committed plan's index table (Hà Nội 192/KH-UBND: code, name, max
    points, lead). ``survey_codes``: the survey-scored codes, a mapping code -> source (one of
    ``px.SURVEY_SOURCES``; a plain list leaves the source blank, which the load refuses).
    ``remainder_label``: add a remainder child where the plan lists only some sub-criteria (see
    ``px.fill_gaps``); without it such a table is refused by the tree check."""
    sources_by_code = (
        {px.normalise_code(k): v for k, v in survey_codes.items()}
        if isinstance(survey_codes, dict)
        else dict.fromkeys((px.normalise_code(k) for k in survey_codes), "")
    )
    rows, stated_total = [], None
    for i, c in enumerate(plan.index_criteria.all().order_by("order")):
        if c.max_points is None:
            continue
        if not c.code.strip() and _fold(c.title).startswith(("tong diem", "tong cong", "tong so")):
            stated_total = Decimal(c.max_points)  # the table's own total row ("TỔNG ĐIỂM")
            continue
        rows.append(
            px.Node(
                code=px.normalise_code(c.code),
                title=c.title,
                max_points=Decimal(c.max_points),
                lead=c.lead_text,
                survey=px.normalise_code(c.code) in sources_by_code,
                survey_source=sources_by_code.get(px.normalise_code(c.code), ""),
                order=i,
            )
        )
    if remainder_label:
        rows = px.fill_gaps(rows, label=remainder_label)
    if stated_total is not None and abs(px.tree_max(rows) - stated_total) > px.TOLERANCE:
        raise DomainError(
            _("Tổng điểm các lĩnh vực (%(sum)s) khác dòng tổng của bảng (%(total)s).")
            % {"sum": px.tree_max(rows).normalize(), "total": stated_total.normalize()},
            code="tree",
        )
    return rows


def tree_problem_message(p: px.TreeProblem) -> str:
    """One translated sentence per tree problem."""
    params = {"code": p.code, **{k: str(v) for k, v in p.params.items()}}
    messages = {
        "missing_code": _("Dòng %(row)s: thiếu mã tiêu chí."),
        "duplicate_code": _("Mã %(code)s bị trùng (dòng %(row)s)."),
        "bad_max": _("Tiêu chí %(code)s: điểm tối đa thiếu hoặc âm."),
        "missing_parent": _("Tiêu chí %(code)s: không có tiêu chí cha %(parent)s."),
        "too_deep": _("Tiêu chí %(code)s: quá ba cấp (lĩnh vực, tiêu chí, tiêu chí thành phần)."),
        "bad_kind": _("Tiêu chí %(code)s: loại (tiêu chí / thưởng / trừ) khác với tiêu chí cha."),
        "survey_bonus": _("Tiêu chí %(code)s: điểm thưởng, điểm trừ không chấm qua điều tra."),
        "survey_source": _(
            "Tiêu chí %(code)s chấm qua điều tra nhưng chưa nêu nguồn điểm (SIPAS, khảo sát lãnh đạo, "
            "quản lý, công chức, tác động kinh tế - xã hội hoặc nhập trực tiếp)."
        ),
        "survey_rule": _("Tiêu chí %(code)s: cách quy đổi điểm điều tra không hợp lệ."),
        "sum_mismatch": _(
            "Tiêu chí %(code)s: tổng điểm tối đa các tiêu chí con là %(actual)s, khác điểm tối đa %(expected)s."
        ),
    }
    return messages.get(p.kind, p.kind) % params
