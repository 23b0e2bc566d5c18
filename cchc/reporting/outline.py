"""The province's report as an official report: sections I–IV from the outline (template data in
``data/report-outline.json``, not code), each filled from one ``Consolidation``.

The outline names the sections, their order, titles and which passages the standing agency may
rewrite (``editable``); the code knows only how to fill a ``content`` kind (``summary``,
``by_area``, ``continuing``, ``overdue``, ``targets``, ``annex``, ``submissions``,
``next_tasks``, ``funding``, ``text``). Editable passages start as a draft written from the data
(:func:`drafts`) and, once saved (``ConsolidationText``), show the saved text. The page and the
DOCX/PDF read the same section tree.

Continuing multi-year and standing duties are grouped per task with the number of lead units,
not listed per unit (the 2022 report of 216/KH-UBND had 881 such lines).
"""

from __future__ import annotations

import json
from collections import defaultdict
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.utils import timezone

from cchc.core.documents import Section, Table
from cchc.domain.vnformat import format_date, format_number
from cchc.orgs.models import level_label
from cchc.reporting import sources
from cchc.reporting.annex import AREA_LABELS
from cchc.reporting.consolidation import fmt_pct
from cchc.reporting.funding import funding_section
from cchc.reporting.prefill import area_key

OUTLINE_PATH = Path(__file__).parent / "data" / "report-outline.json"
NAMES_SHOWN = 3  # a group lists its units by name up to this many, else counts them


_COMPARATORS = {">=": "≥ ", ">": "> ", "<=": "≤ ", "<": "< ", "=": "", "==": ""}


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


@cache
def outline() -> dict:
    data = json.loads(OUTLINE_PATH.read_text(encoding="utf-8"))
    if data.get("format") != "cchc.reporting.outline/1":
        raise ValueError("unknown report outline format")
    return data


def editable_keys() -> list[str]:
    keys = []

    def walk(items):
        for s in items:
            if s.get("editable"):
                keys.append(s["key"])
            walk(s.get("subsections", []))

    walk(outline()["sections"])
    return keys


def _n(v) -> str:
    return "—" if v is None else format_number(v)


def _title(task) -> str:
    return str(task.title).strip().lstrip("-–—•+* ").strip()


def _clip(text: str, n: int = 220) -> str:
    return text if len(text) <= n else text[: n - 1].rstrip() + "…"


def group_by_task(rows) -> list[tuple[object, list]]:
    """Rows grouped per plan task (first appearance order kept: plan order)."""
    groups: dict[int, list] = defaultdict(list)
    tasks = {}
    for r in rows:
        groups[r.task.pk].append(r)
        tasks[r.task.pk] = r.task
    return sorted(
        ((tasks[k], v) for k, v in groups.items()),
        key=lambda kv: (getattr(kv[0], "order", 0) or 0, kv[0].pk),
    )


def units_text(rows) -> str:
    units = sorted({r.unit.name for r in rows})
    if len(units) <= NAMES_SHOWN:
        return ", ".join(units)
    return f"{format_number(len(units))} cơ quan, đơn vị"


# --------------------------------------------------------------------------- drafts
def drafts(c) -> dict[str, str]:
    """The editable passages written from the data (the officer edits them before signing)."""
    t = c.total
    strengths, weaknesses, causes, next_text, proposals = [], [], [], [], []
    if t.due:
        strengths.append(
            f"Đã hoàn thành {_n(t.done)}/{_n(t.due)} lượt giao chủ trì đến hạn trong kỳ ({fmt_pct(t.percent)})"
            + (f", trong đó {_n(t.done - t.done_late)} lượt đúng hạn." if t.done else ".")
        )
    met = [r for r in c.measured.values() if r.get("status") == "dat"]
    not_met = [r for r in c.measured.values() if r.get("status") == "chua_dat"]
    if met:
        strengths.append(
            f"{_n(len(met))} chỉ tiêu của kế hoạch đạt mức phải đạt: "
            + "; ".join(_clip(r["text"], 90) for r in met[:6])
            + ("; …" if len(met) > 6 else "")
            + "."
        )
    on_time = sum(1 for r in c.submitted if r.on_time)
    if c.submitted:
        strengths.append(f"{_n(len(c.submitted))} cơ quan, đơn vị đã gửi báo cáo ({_n(on_time)} đúng hạn).")
    for row in c.annex_rows:
        if row.field.key == "dossiers_received" and row.platform:
            strengths.append(
                f"Các cơ quan, đơn vị đã tiếp nhận {_n(row.platform)} hồ sơ thủ tục hành chính trong kỳ "
                "(thống kê hồ sơ một cửa trên hệ thống)."
            )
    if t.overdue:
        weaknesses.append(f"{_n(t.overdue)} lượt giao chủ trì có hạn trong kỳ quá hạn chưa hoàn thành.")
    if c.overdue_earlier:
        weaknesses.append(
            f"{_n(len(c.overdue_earlier))} lượt giao chủ trì có hạn trong các kỳ trước vẫn quá hạn chưa hoàn thành "
            f"(tính đến ngày {format_date(c.info.as_of)})."
        )
    if c.at_risk:
        weaknesses.append(
            f"{_n(c.at_risk)} lượt giao chủ trì có hạn trong kỳ có nguy cơ chậm tiến độ tại thời điểm chốt số liệu."
        )
    if t.done_late:
        weaknesses.append(f"{_n(t.done_late)} lượt hoàn thành sau hạn.")
    if not_met:
        weaknesses.append(
            f"{_n(len(not_met))} chỉ tiêu chưa đạt: "
            + "; ".join(f"{_clip(r['text'], 90)} ({_measured(r)})" for r in not_met[:6])
            + "."
        )
    # "chưa có số liệu" / "chưa đủ số liệu" by the attainment's own status (a per-cấp target has
    # no single value, a target not yet due has one but no judgement)
    no_data = [
        r
        for r in c.measured.values()
        if r.get("status") in {"chua_co_so_lieu", "chua_du_so_lieu"}
        or (r.get("status") is None and r.get("value") is None)
    ]
    if no_data:
        weaknesses.append(f"{_n(len(no_data))} chỉ tiêu chưa có số liệu đo lường.")
    if c.missing_units:
        weaknesses.append(
            f"{_n(len(c.missing_units))} cơ quan, đơn vị chưa gửi báo cáo: "
            + ", ".join(u.name for u in c.missing_units[:10])
            + (", …" if len(c.missing_units) > 10 else "")
            + "."
        )
    # the units' own explanations of late work (not the text of a returned "done" claim)
    late_rows = c.overdue_earlier + [r for r in c.due_rows if r.state == "overdue"]
    explained = [r for r in late_rows if r.narrative and r.status != "done"]
    for r in explained[:5]:
        causes.append(f"{r.unit.name} ({_clip(_title(r.task), 80)}): {_clip(r.narrative.strip(), 200)}")
    if not causes:
        causes.append(
            "Các cơ quan, đơn vị chưa nêu nguyên nhân chậm tiến độ trong báo cáo tiến độ; cơ quan thường trực "
            "bổ sung nguyên nhân khách quan, chủ quan."
        )
    else:
        causes.insert(0, "Nguyên nhân do các cơ quan, đơn vị nêu trong báo cáo tiến độ:")
    if c.overdue_earlier or t.overdue:
        next_text.append(
            "Chỉ đạo các cơ quan, đơn vị hoàn thành dứt điểm các nhiệm vụ quá hạn nêu tại Mục I.5."
        )
    if c.next_rows:
        next_text.append(
            f"Tập trung thực hiện {_n(len({r.task.pk for r in c.next_rows}))} nhiệm vụ đến hạn trong kỳ tới "
            f"({_n(len(c.next_rows))} lượt giao chủ trì) nêu tại Mục III.1."
        )
    if c.missing_units:
        next_text.append("Đôn đốc các cơ quan, đơn vị chưa gửi báo cáo thực hiện đúng chế độ báo cáo.")
    if no_data:
        next_text.append("Thu thập số liệu đo lường các chỉ tiêu chưa có số liệu.")
    proposals.append("(Cơ quan thường trực nêu đề xuất, kiến nghị với Bộ Nội vụ, các bộ, ngành Trung ương.)")
    return {
        "strengths": "\n".join(strengths) or "(Chưa có số liệu để nêu ưu điểm.)",
        "weaknesses": "\n".join(weaknesses) or "Không có tồn tại, hạn chế nêu được từ số liệu.",
        "causes": "\n".join(causes),
        "next_text": "\n".join(next_text) or "Tiếp tục thực hiện các nhiệm vụ của kế hoạch.",
        "proposals": "\n".join(proposals),
    }


# --------------------------------------------------------------------------- contents
def _completion_table(lines, total, first_header) -> Table:
    def cells(ln):
        return [
            _n(ln.due),
            _n(ln.done),
            _n(ln.done_late),
            _n(ln.overdue),
            fmt_pct(ln.percent),
            _n(ln.in_progress),
            _n(ln.continuing),
        ]

    rows = [[str(i), ln.label, *cells(ln)] for i, ln in enumerate(lines, 1)]
    rows.append(["", total.label, *cells(total)])
    return Table(
        [
            "TT",
            first_header,
            "Lượt giao chủ trì đến hạn",
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


def _by_area(c) -> tuple[list[str], list[Table]]:
    paras = [
        "Số liệu tính theo lượt giao chủ trì: mỗi cơ quan, đơn vị chủ trì một nhiệm vụ là một lượt "
        f"({_n(c.total.due)} lượt đến hạn thuộc {_n(c.plan_tasks_due)} nhiệm vụ của kế hoạch)."
    ]
    done_by_area = defaultdict(list)
    for r in c.due_rows:
        if r.state in sources.DONE_STATES:
            done_by_area[area_key(r.area)].append(r)
    for key, label in AREA_LABELS.items():
        rows = done_by_area.get(key)
        if not rows:
            continue
        items = [f"{_clip(_title(task), 160)} ({units_text(group)})" for task, group in group_by_task(rows)]
        paras.append(f"{label}: đã hoàn thành " + "; ".join(items) + ".")
    return paras, [_completion_table(c.by_area, c.total, "Lĩnh vực")]


def _continuing(c) -> tuple[list[str], list[Table]]:
    groups = group_by_task(c.continuing_rows)
    if not groups:
        return ["Không có nhiệm vụ nhiều năm, thường xuyên đang tiếp tục thực hiện."], []
    paras = [
        f"{_n(len(c.continuing_rows))} lượt giao chủ trì của {_n(len(groups))} nhiệm vụ nhiều năm hoặc thường "
        "xuyên đang tiếp tục thực hiện (chưa đến hạn hoàn thành), tổng hợp theo nhiệm vụ:"
    ]
    rows = []
    for i, (task, group) in enumerate(groups, 1):
        done = sum(1 for r in group if r.state in sources.DONE_STATES)
        rows.append(
            [
                str(i),
                _clip(_title(task), 200),
                _n(len({r.unit.pk for r in group})),
                _n(done),
                format_date(max((r.due_date for r in group if r.due_date), default=None))
                if any(r.due_date for r in group)
                else "Thường xuyên",
            ]
        )
    table = Table(
        ["TT", "Nhiệm vụ", "Số đơn vị chủ trì", "Đơn vị đã hoàn thành", "Hạn"], rows, [10, 90, 22, 22, 26]
    )
    return paras, [table]


def _overdue_table(rows_, header: str = "Nhiệm vụ quá hạn") -> Table:
    rows = []
    for i, (task, group) in enumerate(group_by_task(rows_), 1):
        due = min((r.due_date for r in group if r.due_date), default=None)
        rows.append([str(i), _clip(_title(task), 200), units_text(group), format_date(due) if due else "—"])
    return Table(["TT", header, "Đơn vị chủ trì", "Hạn"], rows, [10, 90, 44, 26])


def _overdue(c):
    in_period = [r for r in c.due_rows if r.state == "overdue"]
    subs = [
        Section(
            f"a) Nhiệm vụ có hạn trong kỳ quá hạn chưa hoàn thành: {_n(len(in_period))} lượt giao chủ trì"
            + (f" của {_n(len({r.task.pk for r in in_period}))} nhiệm vụ" if in_period else ""),
            tables=[_overdue_table(in_period)] if in_period else [],
        ),
        Section(
            f"b) Nhiệm vụ có hạn trong các kỳ trước, đến ngày {format_date(c.info.as_of)} vẫn quá hạn chưa hoàn "
            f"thành: {_n(len(c.overdue_earlier))} lượt giao chủ trì"
            + (
                f" của {_n(len({r.task.pk for r in c.overdue_earlier}))} nhiệm vụ"
                if c.overdue_earlier
                else ""
            ),
            tables=[_overdue_table(c.overdue_earlier)] if c.overdue_earlier else [],
        ),
    ]
    paras = []
    if c.at_risk:
        paras.append(
            f"Ngoài ra, {_n(c.at_risk)} lượt giao chủ trì có hạn trong kỳ có nguy cơ chậm tiến độ (chưa hoàn "
            "thành, gần đến hạn tại thời điểm chốt số liệu)."
        )
    return paras, [], subs


def _targets(c) -> tuple[list[str], list[Table]]:
    rows = [
        [
            str(i),
            t.text,
            target_value(t),
            level_label(t.level),
            (f"Mỗi năm, đến {t.year}" if t.year else "Mỗi năm") if t.yearly else str(t.year or ""),
            sources.attainment_text(c.measured.get(t.pk), t, c.info.period.year),
        ]
        for i, t in enumerate(c.targets, 1)
    ]
    if not rows:
        return ["Kế hoạch không có chỉ tiêu định lượng."], []
    return [], [
        Table(
            ["TT", "Chỉ tiêu", "Mức phải đạt", "Cấp", "Năm", "Tình hình thực hiện"],
            rows,
            [10, 76, 22, 18, 18, 28],
        )
    ]


def _annex(c) -> tuple[list[str], list[Table]]:
    rows = []
    for i, row in enumerate(c.annex_rows, 1):
        if row.platform is not None:
            note = row.source
        elif row.reports:
            note = f"Tổng hợp từ {_n(row.reports)} báo cáo"
        else:
            note = "Chưa có số liệu"
        if row.differs:
            note += (
                f". Báo cáo của đơn vị: {_n(row.reported)}, số liệu hệ thống của các đơn vị đó: "
                f"{_n(row.reported_system)}"
            )
        label = str(row.field.label)
        if row.field.key.startswith("tasks_"):
            label += " (lượt giao chủ trì)"
        rows.append([str(i), label, _n(row.value), note])
    paras = [
        "Số liệu hồ sơ thủ tục hành chính, thanh toán trực tuyến, số hóa và kiểm tra CCHC lấy từ dữ liệu của hệ "
        "thống cho toàn tỉnh trong kỳ (cùng nguồn với bảng chỉ tiêu); các số liệu hệ thống chưa có lấy tổng hợp "
        f"từ {_n(len(c.accepted))} báo cáo của cơ quan, đơn vị đã được tiếp nhận."
    ]
    paras += [
        f"{u.name}: “{f.label}” báo cáo {_n(cell['value'])}, hệ thống ghi nhận {_n(cell['system'])} "
        f"(lý do: {cell.get('reason') or '—'})."
        for u, f, cell in c.flags
    ]
    paras += list(c.rate_checks)
    return paras, [Table(["TT", "Chỉ tiêu", "Số liệu", "Nguồn, ghi chú"], rows, [10, 80, 25, 55])]


def _submissions(c) -> tuple[list[str], list[Table]]:
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
    paras = [f"Các đơn vị chưa gửi báo cáo: {missing}."]
    tables = [
        Table(["TT", "Cơ quan, đơn vị", "Ngày gửi", "Đúng hạn", "Trạng thái"], sent, [10, 70, 25, 25, 35])
    ]
    return paras, tables if sent else []


def _next_tasks(c) -> tuple[list[str], list[Table]]:
    nxt_from, nxt_to = c.next_span
    if not c.next_rows:
        return [
            f"Không có nhiệm vụ của kế hoạch có hạn từ ngày {format_date(nxt_from)} đến ngày {format_date(nxt_to)}."
        ], []
    groups = group_by_task(c.next_rows)
    paras = [
        f"Nhiệm vụ có hạn hoàn thành từ ngày {format_date(nxt_from)} đến ngày {format_date(nxt_to)} chưa hoàn thành: "
        f"{_n(len(groups))} nhiệm vụ ({_n(len(c.next_rows))} lượt giao chủ trì)."
    ]
    return paras, [_overdue_table(c.next_rows, "Nhiệm vụ đến hạn kỳ tới")]


CONTENTS = {
    "summary": lambda c: (c.paragraphs(), []),
    "by_area": _by_area,
    "by_unit": lambda c: ([], [_completion_table(c.by_unit, c.total, "Cơ quan, đơn vị")]),
    "continuing": _continuing,
    "overdue": _overdue,
    "targets": _targets,
    "annex": _annex,
    "submissions": _submissions,
    "next_tasks": _next_tasks,
    "funding": funding_section,
}


def saved_texts(c) -> dict[str, str]:
    from cchc.reporting.models import ConsolidationText

    return dict(
        ConsolidationText.objects.filter(plan=c.plan, period_code=c.info.code).values_list("key", "text")
    )


def sections(c, texts: dict[str, str] | None = None) -> list[Section]:
    """The report's sections I–IV per the outline; ``texts`` (saved passages) override drafts."""
    texts = saved_texts(c) if texts is None else texts
    draft = drafts(c)

    def build(item) -> Section:
        sec = Section(item["title"], key=item["key"], editable=bool(item.get("editable")))
        kind = item.get("content")
        if kind == "text":
            saved = texts.get(item["key"])
            sec.drafted = saved is None
            text = draft.get(item["key"], "") if saved is None else saved
            sec.paragraphs = [p for p in text.splitlines() if p.strip()]
        subs = []
        if kind and kind != "text":
            filled = CONTENTS[kind](c)
            sec.paragraphs, sec.tables = filled[0], filled[1]
            subs = list(filled[2]) if len(filled) > 2 else []
        sec.subsections = subs + [build(s) for s in item.get("subsections", [])]
        return sec

    return [build(s) for s in outline()["sections"]]


def draft_or_saved(c) -> dict[str, tuple[str, bool]]:
    """``{key: (text, drafted)}`` of the editable passages (the page's form)."""
    texts = saved_texts(c)
    draft = drafts(c)
    return {k: (texts[k], False) if k in texts else (draft.get(k, ""), True) for k in editable_keys()}


def _measured(row) -> str:
    """A target's measured value for a sentence; a per-cấp target (no single value) by its summary."""
    if row.get("value") is None:
        return _clip(str(row.get("summary") or "chưa đạt"), 120)
    unit = "%" if row.get("unit") == "%" else ""
    return f"{format_number(Decimal(row['value']), 2)}{unit}"
