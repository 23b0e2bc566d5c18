"""The results report of a round as an official DOCX (Decree 30/2020/NĐ-CP layout, rendered by
``cchc.core.documents``): issued by the province's standing agency (Sở Nội vụ), always in
Vietnamese."""

from __future__ import annotations

from django.utils import timezone, translation

from cchc.core.documents import OfficialDocument, Section, Table, place_name, render_docx
from cchc.domain.vnformat import format_date, format_number
from cchc.orgs.models import OrgUnit
from cchc.surveys import queries
from cchc.surveys.models import UnitResult


def _p(v) -> str:
    return "—" if v is None else f"{format_number(v, 2)}%"


def _general(rnd, q, rows) -> list[str]:
    """Section I: the questionnaire, the dates, the units and responses, the confidence level."""
    responses = sum(r["responses"] for r in rows)
    sample = sum(r["sample_size"] for r in rows)
    return [
        f"Phiếu khảo sát: {q.title} (mã {q.code}, phiên bản {q.version}). Nguồn phương pháp: {q.source}",
        f"Thời gian khảo sát: từ ngày {format_date(rnd.starts_on)} đến ngày {format_date(rnd.ends_on)}.",
        f"Số đơn vị được khảo sát: {len(rows)}; số phiếu thu về: {format_number(responses)}"
        + (
            f" trên cỡ mẫu {format_number(sample)} (n = N / (1 + N·e²), e = {format_number(rnd.margin * 100, 1)}%)."
            if sample
            else "."
        ),
        f"Khoảng tin cậy của các chỉ số: {format_number(rnd.confidence_level * 100, 0)}%.",
    ]


def _overall_rows(parsed, rows, total) -> list[list[str]]:
    """Section II's table: the province-wide value of each index shown (all, or the main ones)."""
    top = [d for d in parsed.indices if d.type == "mean" or d.primary]
    overall_rows = []
    for d in parsed.indices:
        data = (total.indices if total else {}).get(d.code, {})
        target = next((i["target"] for r in rows[:1] for i in r["indices"] if i["code"] == d.code), None)
        if d in top or len(parsed.indices) <= 12:
            low, high = data.get("ci_low"), data.get("ci_high")
            overall_rows.append(
                [
                    d.code,
                    d.label,
                    _p(data.get("value")),
                    f"{_p(low)} – {_p(high)}" if low else "—",
                    _p(target),
                ]
            )
    return overall_rows


def _unit_row(n: int, r: dict, primary: dict | None) -> list[str]:
    """Section III: one unit's line, judged by the primary index."""
    if primary is None:
        return [str(n), r["unit"].name, format_number(r["responses"]), "—", "—", "—"]
    if r["sample_status"] == "none":
        value = str(r["sample_note"])
    else:
        value = " ".join(
            x for x in [_p(primary["value"]), f"({r['sample_note']})" if r["sample_note"] else ""] if x
        )
    verdict = "Đạt" if primary["attainment"] == "met" else "Chưa đạt" if primary["attainment"] else "—"
    return [str(n), r["unit"].name, format_number(r["responses"]), value, _p(primary["target"]), verdict]


def _sections(general, total, overall_rows, unit_rows, missed) -> list[Section]:
    return [
        Section("I. THÔNG TIN CHUNG VỀ ĐỢT KHẢO SÁT", paragraphs=general),
        Section(
            "II. KẾT QUẢ CHUNG",
            paragraphs=[f"Chỉ số chung: {_p(total.overall if total else None)}."],
            tables=[
                Table(
                    ["Mã", "Chỉ số", "Kết quả", "Khoảng tin cậy", "Mục tiêu"],
                    overall_rows,
                    [15, 75, 25, 35, 20],
                )
            ],
        ),
        Section(
            "III. KẾT QUẢ THEO ĐƠN VỊ",
            tables=[
                Table(
                    ["TT", "Đơn vị", "Số phiếu", "Chỉ số chung", "Mục tiêu", "Đánh giá"],
                    unit_rows,
                    [10, 70, 20, 25, 20, 25],
                )
            ],
        ),
        Section(
            "IV. ĐỀ XUẤT, KIẾN NGHỊ",
            paragraphs=[
                ("Các đơn vị chưa đạt mục tiêu cần xây dựng giải pháp cải thiện: " + "; ".join(missed) + ".")
                if missed
                else "Các đơn vị được khảo sát đều đạt mục tiêu đề ra (hoặc chưa có mục tiêu để so sánh)."
            ],
        ),
    ]


def results_document(rnd, round_units) -> OfficialDocument:
    q = rnd.questionnaire
    parsed = q.parsed
    rows = queries.unit_table(rnd, round_units)
    total = UnitResult.objects.filter(round=rnd, unit__isnull=True, channel="").first()
    standing = OrgUnit.objects.filter(province=rnd.province, is_standing_agency=True).order_by("code").first()
    issuer = (standing.name if standing else "Sở Nội vụ").upper()
    primary_code = parsed.primary_index.code if parsed.primary_index else None
    unit_rows = [
        _unit_row(
            n, r, {i["code"]: i for i in r["indices"]}.get(primary_code) if parsed.primary_index else None
        )
        for n, r in enumerate(rows, 1)
    ]
    missed = [
        r["unit"].name
        for r in rows
        if any(
            i["attainment"] == "missed" and i["code"] == (primary_code if parsed.primary_index else "")
            for i in r["indices"]
        )
    ]
    return OfficialDocument(
        issuer_parent=f"UBND {rnd.province.name.upper()}",
        issuer=issuer,
        number="Số:        /BC-SNV",
        place=place_name(rnd.province),
        date=timezone.localdate(),
        title="BÁO CÁO",
        summary=f"Kết quả khảo sát sự hài lòng của người dân, tổ chức: {rnd.title}",
        sections=_sections(
            _general(rnd, q, rows), total, _overall_rows(parsed, rows, total), unit_rows, missed
        ),
        recipients=["UBND thành phố (để báo cáo);", "Các cơ quan, đơn vị được khảo sát;", "Lưu: VT."],
        signature=["GIÁM ĐỐC"],
    )


def results_docx(rnd, round_units) -> bytes:
    with translation.override("vi"):
        return render_docx(results_document(rnd, round_units))
