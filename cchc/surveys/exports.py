"""XLSX exports of a round (through ``cchc.core.spreadsheet``, formula-safe, streamed):
the results per unit and index, the answer distributions, and the anonymised raw responses."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from cchc.core.spreadsheet import StreamingWorkbook
from cchc.surveys import queries
from cchc.surveys.models import Channel
from cchc.surveys.results import stream_responses


def results_xlsx(rnd, round_units) -> StreamingWorkbook:
    q = rnd.questionnaire.parsed
    rows = queries.unit_table(rnd, round_units)
    book = StreamingWorkbook()
    book.add_sheet(
        _("Kết quả"),
        [
            _("Mã đơn vị"),
            _("Đơn vị"),
            _("Số phiếu"),
            _("Cỡ mẫu"),
            _("Tỷ lệ phản hồi (%)"),
            _("Mã chỉ số"),
            _("Chỉ số"),
            _("Giá trị (%)"),
            _("Cận dưới"),
            _("Cận trên"),
            _("Số người trả lời"),
            _("Mục tiêu (%)"),
            _("Đạt mục tiêu"),
            _("Đợt trước (%)"),
            _("Ghi chú mẫu"),
        ],
        widths=[14, 40, 10, 10, 12, 10, 50, 12, 10, 10, 12, 12, 12, 12, 24],
    )
    met = {"met": _("Đạt"), "missed": _("Chưa đạt"), "": ""}
    for r in rows:
        for i in r["indices"]:
            book.append(
                [
                    r["unit"].code,
                    r["unit"].name,
                    r["responses"],
                    r["sample_size"],
                    r["response_rate"],
                    i["code"],
                    i["label"],
                    i["value"],
                    i["ci_low"],
                    i["ci_high"],
                    i["n"],
                    i["target"],
                    met[i["attainment"]],
                    i["previous"],
                    str(i["sample_note"]),
                ]
            )
    book.add_sheet(
        _("Phân bố"), [_("Đơn vị"), _("Câu hỏi"), _("Lựa chọn"), _("Số người chọn"), _("Tỷ lệ (%)")]
    )
    for r in rows:
        dist = r["result"].distributions if r["result"] else {}
        for name, question in q.questions.items():
            if not question.is_choice:
                continue
            d = dist.get(name, {"answered": 0, "counts": {}})
            for c in question.choices:
                n = d["counts"].get(c.name, 0)
                pct = round(100 * n / d["answered"], 2) if d["answered"] else None
                book.append([r["unit"].name, question.label, c.label, n, pct])
    return book


def responses_xlsx(rnd) -> StreamingWorkbook:
    """One row per response: a running number, unit, channel, the day (no time, no code, no
    address), then one column per question (choice names; multiple choices joined by spaces)."""
    q = rnd.questionnaire.parsed
    names = [n for n, qq in q.questions.items() if qq.answerable]
    units = {ru.unit_id: ru.unit for ru in rnd.units.select_related("unit")}
    channel_labels = dict(Channel.choices)
    book = StreamingWorkbook()
    book.add_sheet(_("Phiếu trả lời"), [_("STT"), _("Mã đơn vị"), _("Đơn vị"), _("Kênh"), _("Ngày"), *names])
    for number, (_rid, unit_id, channel, at, answers) in enumerate(stream_responses(rnd), start=1):
        unit = units.get(unit_id)
        row = [
            number,
            unit.code if unit else "",
            unit.name if unit else "",
            str(channel_labels.get(channel, channel)),
            timezone.localtime(at).date() if at else None,
        ]
        for n in names:
            v = answers.get(n)
            row.append(" ".join(v) if isinstance(v, list) else v)
        book.append(row)
    book.add_sheet(_("Câu hỏi"), [_("Tên câu hỏi"), _("Nội dung"), _("Loại"), _("Lựa chọn")])
    for n in names:
        qq = q.questions[n]
        book.append([n, qq.label, qq.type, "; ".join(f"{c.name} = {c.label}" for c in qq.choices)])
    return book
