"""Import and export of org trees as CSV or XLSX.

Units file columns: code, parent_code, level, kind, name, short_name, aliases, valid_from,
valid_to, successor_codes (lists separated by ``|``; dates ISO or dd/mm/yyyy), standing_agency
(``1`` marks the province's or district's standing agency for CCHC, the Sở / Phòng Nội vụ: it runs
the inspection programme and is never in its population; a file without the column leaves the
flag as it is), finance_agency (``1`` marks the Sở Tài chính that appraises the units' CCHC budget
estimates; likewise optional).
Groups file columns: key, province_code, name, aliases, levels, kinds, member_codes, within_code.
The whole file is checked first; any row error rejects the file and nothing is written.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from cchc.audit.models import AuditAction
from cchc.audit.recording import record, snapshot
from cchc.core.errors import DomainError
from cchc.domain.cells import plain_text
from cchc.domain.encoding import EncodingError, decode_text
from cchc.orgs.actions import check_can_manage
from cchc.orgs.models import Kind, Level, OrgGroup, OrgUnit, UnitSuccession

UNIT_COLUMNS = [
    "code",
    "parent_code",
    "level",
    "kind",
    "name",
    "short_name",
    "aliases",
    "valid_from",
    "valid_to",
    "successor_codes",
    "standing_agency",
    "finance_agency",
]
TRUE_VALUES = {"1", "x", "true", "yes", "có", "co"}
GROUP_COLUMNS = ["key", "province_code", "name", "aliases", "levels", "kinds", "member_codes", "within_code"]
MAX_ROWS = 50_000


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    groups: int = 0
    errors: list[str] = field(default_factory=list)


def _split(value: str) -> list[str]:
    return [v.strip() for v in (value or "").split("|") if v.strip()]


def _date(value: str, row: int, col: str, errors: list[str]) -> dt.date | None:
    value = (value or "").strip()
    if not value:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return dt.datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    errors.append(
        _("Dòng %(row)s, cột %(col)s: ngày không hợp lệ “%(value)s”.")
        % {"row": row, "col": col, "value": value}
    )
    return None


def read_rows(data: bytes, filename: str) -> list[dict[str, str]]:
    """Rows as dicts keyed by lower-case header; XLSX by content, else CSV in any accepted encoding."""
    if not data.strip():
        raise DomainError(_("Tệp rỗng."), code="empty")
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(data)
    try:
        text, _enc = decode_text(data)
    except EncodingError:
        raise DomainError(
            _("Không đọc được tệp: cần CSV mã hóa UTF-8, UTF-16 hoặc Windows-1258, hoặc tệp Excel .xlsx."),
            code="encoding",
        ) from None
    sample = text[:2000]
    delimiter = (
        ";"
        if sample.count(";") > sample.count(",") and sample.count(";") > sample.count("\t")
        else ("\t" if sample.count("\t") > sample.count(",") else ",")
    )
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    return _rows_from(list(reader))


def _read_xlsx(data: bytes) -> list[dict[str, str]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError):
        raise DomainError(_("Tệp Excel bị hỏng hoặc không phải định dạng .xlsx."), code="corrupt") from None
    ws = wb.worksheets[0]
    rows = []
    for i, row in enumerate(ws.iter_rows(values_only=True)):
        if i > MAX_ROWS:
            raise DomainError(_("Tệp có quá nhiều dòng (tối đa %(n)s).") % {"n": MAX_ROWS}, code="too_large")
        rows.append(
            ["" if v is None else (v.isoformat()[:10] if isinstance(v, dt.date) else str(v)) for v in row]
        )
    wb.close()
    return _rows_from(rows)


def _rows_from(raw: list[list[str]]) -> list[dict[str, str]]:
    raw = [r for r in raw if any((c or "").strip() for c in r)]
    if not raw:
        raise DomainError(_("Tệp không có dữ liệu."), code="empty")
    if len(raw) > MAX_ROWS:
        raise DomainError(_("Tệp có quá nhiều dòng (tối đa %(n)s).") % {"n": MAX_ROWS}, code="too_large")
    header = [h.strip().lower().lstrip("\ufeff") for h in raw[0]]
    # plain_text: our own export wrote text starting with = + - @ with a protective apostrophe
    return [
        dict(zip(header, [plain_text((c or "").strip()) for c in r], strict=False)) | {"__row__": str(i + 2)}
        for i, r in enumerate(raw[1:])
    ]


def _check_header(rows: list[dict], required: list[str]) -> None:
    if not rows:
        return
    missing = [c for c in required if c not in rows[0]]
    if missing:
        raise DomainError(_("Thiếu cột: %(cols)s.") % {"cols": ", ".join(missing)}, code="header")


def _check_unit_rows(rows: list[dict], errors: list[str]) -> dict[str, dict]:
    """Check each unit row on its own (code, name, level, kind, dates); returns code -> row."""
    codes_in_file: dict[str, dict] = {}
    levels, kinds = set(Level.values), set(Kind.values)
    for r in rows:
        n = r["__row__"]
        code = r.get("code", "")
        if not code:
            errors.append(_("Dòng %(row)s: thiếu mã đơn vị.") % {"row": n})
            continue
        if code in codes_in_file:
            errors.append(_("Dòng %(row)s: mã %(code)s bị trùng trong tệp.") % {"row": n, "code": code})
        if not r.get("name"):
            errors.append(_("Dòng %(row)s: thiếu tên đơn vị.") % {"row": n})
        if r.get("level") not in levels:
            errors.append(_("Dòng %(row)s: cấp “%(v)s” không hợp lệ.") % {"row": n, "v": r.get("level", "")})
        if r.get("kind") not in kinds:
            errors.append(_("Dòng %(row)s: loại “%(v)s” không hợp lệ.") % {"row": n, "v": r.get("kind", "")})
        r["_from"] = _date(r.get("valid_from", ""), n, "valid_from", errors)
        r["_to"] = _date(r.get("valid_to", ""), n, "valid_to", errors)
        if r["_from"] and r["_to"] and r["_to"] < r["_from"]:
            errors.append(_("Dòng %(row)s: ngày hết hiệu lực trước ngày bắt đầu.") % {"row": n})
        codes_in_file[code] = r
    return codes_in_file


def _check_references(codes_in_file: dict[str, dict], group_rows: list[dict], errors: list[str]) -> None:
    """Every parent, successor and group member code names a unit in the file or the database."""
    existing = set(OrgUnit.objects.values_list("code", flat=True))
    known = existing | set(codes_in_file)
    for code, r in codes_in_file.items():
        parent = r.get("parent_code", "")
        if parent and parent not in known:
            errors.append(
                _("Dòng %(row)s: không có đơn vị cha mã %(code)s.") % {"row": r["__row__"], "code": parent}
            )
        if parent == code:
            errors.append(_("Dòng %(row)s: đơn vị không thể trực thuộc chính nó.") % {"row": r["__row__"]})
        for succ in _split(r.get("successor_codes", "")):
            if succ not in known:
                errors.append(
                    _("Dòng %(row)s: không có đơn vị kế thừa mã %(code)s.")
                    % {"row": r["__row__"], "code": succ}
                )
    for g in group_rows:
        for code in (
            [g.get("province_code", "")]
            + _split(g.get("member_codes", ""))
            + _split(g.get("within_code", ""))
        ):
            if code and code not in known:
                errors.append(
                    _("Nhóm dòng %(row)s: không có đơn vị mã %(code)s.") % {"row": g["__row__"], "code": code}
                )


def _unsaved_units(codes_in_file: dict[str, dict]) -> dict[str, OrgUnit]:
    """The file's units, new or updated in memory (parents not set yet), each with its audit snapshot."""
    units: dict[str, OrgUnit] = {u.code: u for u in OrgUnit.objects.filter(code__in=codes_in_file)}
    for code, r in codes_in_file.items():
        unit = units.get(code)
        before = snapshot(unit) if unit else None
        if unit is None:
            unit = OrgUnit(code=code)
        unit.name, unit.short_name = r["name"], r.get("short_name", "")
        unit.aliases, unit.level, unit.kind = _split(r.get("aliases", "")), r["level"], r["kind"]
        unit.valid_from, unit.valid_to = r["_from"], r["_to"]
        if "standing_agency" in r:
            unit.is_standing_agency = (r.get("standing_agency") or "").strip().lower() in TRUE_VALUES
        if "finance_agency" in r:
            unit.is_finance_agency = (r.get("finance_agency") or "").strip().lower() in TRUE_VALUES
        unit._audit_before = before
        units[code] = unit
    return units


def _save_units(units, lookup, codes_in_file, *, actor, result: ImportResult) -> None:
    """Save the units parents first (a cycle in the file is refused), auditing each."""
    saved: set[str] = set()

    def save(code: str, depth: int = 0) -> None:
        if code in saved or code not in units:
            return
        if depth > 30:
            raise DomainError(_("Cây đơn vị có vòng lặp tại mã %(code)s.") % {"code": code}, code="cycle")
        parent_code = codes_in_file[code].get("parent_code", "")
        if parent_code:
            save(parent_code, depth + 1)
            units[code].parent = lookup[parent_code]
        else:
            units[code].parent = None
        unit = units[code]
        before = unit._audit_before
        unit.save()
        saved.add(code)
        if before is None:
            result.created += 1
            record(actor=actor, action=AuditAction.CREATE, instance=unit, after=snapshot(unit), note="import")
        else:
            changed = record(
                actor=actor,
                action=AuditAction.UPDATE,
                instance=unit,
                before=before,
                after=snapshot(unit),
                note="import",
            )
            result.updated += 1 if changed else 0

    for code in codes_in_file:
        save(code)


def _link_successors(units, lookup, codes_in_file, *, actor) -> None:
    """Record successions, then let a closed unit's open work follow its successor."""
    for code, r in codes_in_file.items():
        for succ in _split(r.get("successor_codes", "")):
            successor = lookup.get(succ) or OrgUnit.objects.get(code=succ)
            UnitSuccession.objects.get_or_create(
                predecessor=units[code],
                successor=successor,
                defaults={"date": (r["_to"] + dt.timedelta(days=1)) if r["_to"] else None},
            )
    from cchc.orgs.actions import _CLOSE_HOOKS

    for code, r in codes_in_file.items():  # a closed unit's open work follows its successor
        if r["_to"] and _split(r.get("successor_codes", "")):
            for hook in _CLOSE_HOOKS:
                hook(units[code], actor=actor)


def _import_groups(group_rows: list[dict], *, actor, result: ImportResult) -> None:
    all_units = {u.code: u for u in OrgUnit.objects.all()}
    for g in group_rows:
        group = OrgGroup.objects.filter(key=g["key"]).first() or OrgGroup(key=g["key"])
        before = snapshot(group) if group.pk else None
        group.province = all_units[g["province_code"]]
        group.name, group.aliases = g["name"], _split(g.get("aliases", ""))
        group.levels, group.kinds = _split(g.get("levels", "")), _split(g.get("kinds", ""))
        within = _split(g.get("within_code", ""))
        group.within = all_units[within[0]] if within else None
        group.save()
        group.members.set([all_units[c] for c in _split(g.get("member_codes", ""))])
        record(
            actor=actor,
            action=AuditAction.UPDATE if before else AuditAction.CREATE,
            instance=group,
            before=before,
            after=snapshot(group),
            note="import",
        )
        result.groups += 1


def do_import_orgs(
    *, actor, data: bytes, filename: str = "", groups_data: bytes | None = None, groups_filename: str = ""
) -> ImportResult:
    """Create or update units (and groups) from a file; all rows or nothing."""
    check_can_manage(actor)
    rows = read_rows(data, filename)
    _check_header(rows, ["code", "level", "kind", "name"])
    group_rows = read_rows(groups_data, groups_filename) if groups_data is not None else []
    _check_header(group_rows, ["key", "province_code", "name"])
    errors: list[str] = []
    codes_in_file = _check_unit_rows(rows, errors)
    _check_references(codes_in_file, group_rows, errors)
    if errors:
        raise DomainError(_("Tệp có lỗi, chưa nhập dữ liệu nào."), code="rows", details=errors)

    result = ImportResult()
    with transaction.atomic():
        # Pass 1: create/update without parents; pass 2: parents in dependency order.
        units = _unsaved_units(codes_in_file)
        lookup = {
            u.code: u
            for u in OrgUnit.objects.filter(code__in={r.get("parent_code") for r in rows} - set(units))
        }
        lookup.update(units)
        _save_units(units, lookup, codes_in_file, actor=actor, result=result)
        _link_successors(units, lookup, codes_in_file, actor=actor)
        _import_groups(group_rows, actor=actor, result=result)
    return result


def export_units(fmt: str = "csv", queryset=None) -> bytes:
    qs = (
        (queryset if queryset is not None else OrgUnit.objects.all())
        .select_related("parent")
        .order_by("code")
    )
    succ: dict[int, list[str]] = {}
    for s in UnitSuccession.objects.select_related("successor"):
        succ.setdefault(s.predecessor_id, []).append(s.successor.code)
    rows = [UNIT_COLUMNS] + [
        [
            u.code,
            u.parent.code if u.parent else "",
            u.level,
            u.kind,
            u.name,
            u.short_name,
            "|".join(u.aliases),
            u.valid_from.isoformat() if u.valid_from else "",
            u.valid_to.isoformat() if u.valid_to else "",
            "|".join(succ.get(u.pk, [])),
            "1" if u.is_standing_agency else "",
            "1" if u.is_finance_agency else "",
        ]
        for u in qs
    ]
    from cchc.core.spreadsheet import csv_text, table_xlsx

    if fmt == "xlsx":
        return table_xlsx("Đơn vị", rows[0], rows[1:])
    return csv_text(rows[0], rows[1:]).encode("utf-8")


SHIPPED_DATA = Path(__file__).resolve().parent / "data"


def load_shipped_trees(*, actor=None) -> ImportResult:
    """Load the org trees shipped with the code (``cchc/orgs/data/units.csv`` and ``groups.csv``):
    ``cchc load-orgs``, also the demo's first step. Safe to run again (updates in place)."""
    units = (SHIPPED_DATA / "units.csv").read_bytes()
    groups_path = SHIPPED_DATA / "groups.csv"
    groups = groups_path.read_bytes() if groups_path.exists() else None
    return do_import_orgs(
        actor=actor, data=units, filename="units.csv", groups_data=groups, groups_filename="groups.csv"
    )
