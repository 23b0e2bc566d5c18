"""The QĐ 766 service index (Bộ chỉ số chỉ đạo, điều hành và đánh giá chất lượng phục vụ người
dân, doanh nghiệp) computed from dossier aggregates and manual indicator values.

The groups, points and conversions are a versioned definition file (``cchc.766/1`` JSON, see
``cchc/indicators/data/qd766-dvcqg-2025.json`` and docs/indicators.md); this module only knows the
conversion kinds of METHODOLOGY.md §5.3:

* ``linear``: points = min(max, max × rate);
* ``full_at`` (``threshold``): points = min(max, max × rate ÷ threshold) (full points at ≥ threshold);

and what an item without a denominator gets (``when_empty``): ``full`` (e.g. PAKN: 6 when there
is no PAKN, [O]), ``zero``, or ``none`` (not computed). The result is the platform's own
computation, not the national portal's official figure.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from cchc.domain.indicators import Formula, FormulaError

FORMAT = "cchc.766/1"
_Q = Decimal("0.01")


class DefinitionError(ValueError):
    """The definition file is not a valid ``cchc.766/1`` definition (the message says where)."""


@dataclass
class ItemResult:
    code: str
    name: str
    max_points: Decimal
    rate: Decimal | None = None
    points: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    note: str = ""

    @property
    def rate_percent(self) -> Decimal | None:
        return None if self.rate is None else self.rate * 100


@dataclass
class GroupResult:
    code: str
    name: str
    max_points: Decimal
    items: list[ItemResult] = field(default_factory=list)

    @property
    def points(self) -> Decimal | None:
        got = [i.points for i in self.items if i.points is not None]
        return sum(got, Decimal(0)) if got else None

    @property
    def computed_max(self) -> Decimal:
        return sum((i.max_points for i in self.items if i.points is not None), Decimal(0))


@dataclass
class IndexResult:
    code: str
    version: str
    groups: list[GroupResult]

    @property
    def points(self) -> Decimal:
        return sum((g.points or Decimal(0) for g in self.groups), Decimal(0))

    @property
    def computed_max(self) -> Decimal:
        return sum((g.computed_max for g in self.groups), Decimal(0))

    @property
    def max_points(self) -> Decimal:
        return sum((g.max_points for g in self.groups), Decimal(0))

    def as_dict(self) -> dict:
        def num(d):
            return None if d is None else str(d)

        return {
            "code": self.code,
            "version": self.version,
            "points": num(self.points),
            "computed_max": num(self.computed_max),
            "max_points": num(self.max_points),
            "groups": [
                {
                    "code": g.code,
                    "name": g.name,
                    "points": num(g.points),
                    "max_points": num(g.max_points),
                    "items": [
                        {
                            "code": i.code,
                            "name": i.name,
                            "rate": num(i.rate),
                            "points": num(i.points),
                            "max_points": num(i.max_points),
                            "numerator": num(i.numerator),
                            "denominator": num(i.denominator),
                            "note": i.note,
                        }
                        for i in g.items
                    ],
                }
                for g in self.groups
            ],
        }


def validate_definition(data: Mapping) -> None:
    """Raise :class:`DefinitionError` unless ``data`` is a usable definition."""
    if not isinstance(data, Mapping) or data.get("format") != FORMAT:
        raise DefinitionError(f"không phải tệp định nghĩa {FORMAT}")
    for key in ("code", "version", "groups"):
        if not data.get(key):
            raise DefinitionError(f"thiếu trường “{key}”")
    for g in data["groups"]:
        items = g.get("items") or []
        total = sum((Decimal(str(i.get("max", 0))) for i in items), Decimal(0))
        if Decimal(str(g.get("max", 0))) != total:
            raise DefinitionError(
                f"nhóm {g.get('code')}: tổng điểm các chỉ số ({total}) khác điểm tối đa của nhóm ({g.get('max')})"
            )
        for i in items:
            where = f"chỉ số {i.get('code')}"
            for key in ("code", "name", "max"):
                if i.get(key) in (None, ""):
                    raise DefinitionError(f"{where}: thiếu “{key}”")
            try:
                if i.get("numerator"):
                    Formula.parse(i["numerator"])
                if i.get("denominator"):
                    Formula.parse(i["denominator"])
            except FormulaError as exc:
                raise DefinitionError(f"{where}: {exc}") from None
            conv = i.get("conversion") or {"kind": "linear"}
            if conv.get("kind") not in {"linear", "full_at"}:
                raise DefinitionError(f"{where}: cách quy đổi không hỗ trợ “{conv.get('kind')}”")
            if conv.get("kind") == "full_at" and not Decimal(str(conv.get("threshold", 0))) > 0:
                raise DefinitionError(f"{where}: thiếu ngưỡng đạt điểm tối đa")
            if i.get("when_empty", "none") not in {"full", "zero", "none"}:
                raise DefinitionError(f"{where}: when_empty phải là full, zero hoặc none")


def convert(rate: Decimal, max_points: Decimal, conversion: Mapping | None) -> Decimal:
    """Points for a rate (0..1) under a conversion rule, rounded to 0.01."""
    rate = min(max(rate, Decimal(0)), Decimal(1))
    conv = conversion or {"kind": "linear"}
    if conv.get("kind") == "full_at":
        pts = max_points * rate / Decimal(str(conv["threshold"]))
    else:
        pts = max_points * rate
    return min(max_points, pts).quantize(_Q, ROUND_HALF_UP)


def compute(definition: Mapping, lookup: Callable[[str], Decimal | None] | Mapping) -> IndexResult:
    """The index for one unit and period: ``lookup(name)`` answers ``ds.<count>`` (dossier
    aggregates) and indicator codes (manual values), ``None`` when there is no data."""
    validate_definition(definition)
    groups = []
    for g in definition["groups"]:
        gr = GroupResult(str(g["code"]), g["name"], Decimal(str(g["max"])))
        for i in g.get("items") or []:
            it = ItemResult(str(i["code"]), i["name"], Decimal(str(i["max"])))
            gr.items.append(it)
            if not i.get("numerator"):
                it.note = "chưa có nguồn số liệu"
                continue
            num = Formula.parse(i["numerator"]).evaluate(lookup)
            den = Formula.parse(i["denominator"]).evaluate(lookup) if i.get("denominator") else Decimal(1)
            it.numerator, it.denominator = num, den if i.get("denominator") else None
            if den is not None and den == 0:
                mode = i.get("when_empty", "none")
                if mode == "full":
                    it.points, it.note = it.max_points, "không phát sinh: đạt điểm tối đa"
                elif mode == "zero":
                    it.points, it.note = Decimal(0).quantize(_Q), "không phát sinh: 0 điểm"
                else:
                    it.note = "không phát sinh"
                continue
            if num is None or den is None:
                it.note = "chưa có số liệu"
                continue
            it.rate = (num / den).quantize(Decimal("0.0001"), ROUND_HALF_UP)
            it.points = convert(num / den, it.max_points, i.get("conversion"))
        groups.append(gr)
    return IndexResult(str(definition["code"]), str(definition["version"]), groups)
