"""A small plan in the interchange format (``cchc.plan/1``): one area, one target, two tasks of
Hải Phòng (Sở Tư pháp leads the first, with Sở TT&TT and an unknown body in support)."""

from __future__ import annotations


def task_entry(title, *, lead, timeframe, line, area="I"):
    """One task of the interchange, led by ``lead``, without outputs or support, on one ``line``."""
    return {
        "area": area,
        "title": title,
        "outputs": [],
        "lead": [{"text": lead}],
        "support": [],
        "timeframe": timeframe,
        "source": {"line_start": line, "line_end": line},
    }


def small_interchange(
    number="01/KH-UBND", lead="Sở Tư pháp", support="Sở Thông tin và Truyền thông; Ban XYZ"
):
    return {
        "format": "cchc.plan/1",
        "document": {
            "number": number,
            "kind": "plan",
            "issuer": "Ủy ban nhân dân thành phố Hải Phòng",
            "place": "Hải Phòng",
            "date": "2023-01-10",
            "signer": "Nguyễn Văn A",
            "title": "Cải cách hành chính năm 2023",
            "period_start": 2023,
            "period_end": 2023,
        },
        "areas": [{"code": "I", "title": "CẢI CÁCH THỂ CHẾ", "standard_area": "institutions"}],
        "targets": [
            {
                "area": "I",
                "text": "100% văn bản được rà soát",
                "comparator": "=",
                "value": 100,
                "value_max": None,
                "unit": "%",
                "level": None,
                "year": 2023,
            }
        ],
        "tasks": [
            {
                "area": "I",
                "objective": None,
                "parent": "Rà soát văn bản",
                "title": "Rà soát văn bản quy phạm pháp luật",
                "outputs": ["Báo cáo rà soát"],
                "lead": [{"text": t.strip()} for t in lead.split(";") if t.strip()],
                "support": [{"text": t.strip()} for t in support.split(";") if t.strip()],
                "timeframe": {
                    "text": "Quý II/2023",
                    "start_year": 2023,
                    "end_year": 2023,
                    "due_date": "2023-06-30",
                },
                "source": {"line_start": 10, "line_end": 12},
            },
            task_entry(
                "Kiểm tra công tác cải cách hành chính",
                lead="Sở Nội vụ",
                timeframe={"text": "Hàng năm", "recurrence": "yearly"},
                line=14,
            ),
        ],
        "index_criteria": [],
        "survey_targets": [],
        "warnings": [{"line": 3, "message": "example warning"}],
        "coverage": 0.95,
        "unresolved": [],
    }
