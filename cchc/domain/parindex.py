"""PAR INDEX arithmetic of a province's own units: criteria trees, scores, index, bands, ranking.

Plain Python (no Django). The official method (shared/METHODOLOGY.md §1.3, §4.2):

    Chỉ số (%) = (điểm thẩm định + điểm điều tra xã hội học) / điểm tối đa × 100, two decimals.

A criteria set is a tree lĩnh vực → tiêu chí → tiêu chí thành phần (codes ``1``, ``1.2``,
``1.2.3``); scores are given on the leaves, the totals of lĩnh vực and tiêu chí are the sums
of their leaves (§4.3), and a parent's maximum must equal the sum of its children's maxima.
Bonus and penalty nodes (điểm thưởng / điểm phạt) sit outside the 100-point tree: a top-level
bonus (penalty) node's maximum is the cap of its items' total, which is added to (taken from)
the numerator. Nothing here knows a point value
or a threshold: they are data of the set (issued by decision, changed yearly).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

TWO_PLACES = Decimal("0.01")
TOLERANCE = Decimal("0.0005")  # points are issued with up to three decimals
MAX_DEPTH = 3

REGULAR, BONUS, PENALTY = "regular", "bonus", "penalty"
KINDS = (REGULAR, BONUS, PENALTY)

# Where a survey leaf's points come from (the official method mixes them within one set):
# the citizen survey (SIPAS), the survey of leaders, managers and civil servants, socio-economic
# impact data, or points the standing agency enters.
SURVEY_SOURCES = ("sipas", "officials", "impact", "entered")


class TreeProblem(ValueError):
    """One problem of a criteria tree; ``kind`` is a stable key the app turns into a message."""

    def __init__(self, kind: str, code: str = "", **params):
        self.kind, self.code, self.params = kind, code, params
        super().__init__(f"{kind} {code} {params}")


class ScoreProblem(ValueError):
    """A score the node does not accept (``kind``: negative, above_max, survey_only, not_leaf)."""

    def __init__(self, kind: str, **params):
        self.kind, self.params = kind, params
        super().__init__(f"{kind} {params}")


def to_decimal(value) -> Decimal | None:
    """``Decimal`` from an int/float/Decimal/str (``1,5`` and ``1.5`` both); None for blank."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        raise ValueError("not a number")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(str(value))
    text = str(value).strip().replace("\xa0", "")
    if not text:
        return None
    if text.count(",") == 1 and "." not in text:
        text = text.replace(",", ".")
    try:
        d = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"not a number: {value!r}") from None
    if not d.is_finite():
        raise ValueError(f"not a number: {value!r}")
    return d


@dataclass
class Node:
    """One row of a criteria tree (before or after it is stored)."""

    code: str
    title: str
    max_points: Decimal
    kind: str = REGULAR
    survey: bool = False  # scored by sociological survey (ĐTXHH), never self-scored
    evidence_required: bool = True
    guidance: str = ""
    lead: str = ""
    rule: dict | None = None  # scoring rule over an indicator value (see evaluate_rule)
    survey_source: str = ""  # one of SURVEY_SOURCES for a survey leaf
    survey_rule: dict | None = None  # survey index (0–100) -> points; None = proportional
    parent: str | None = None
    order: int = 0
    children: list[Node] = field(default_factory=list, repr=False)

    @property
    def depth(self) -> int:
        return self.code.count(".") + 1

    @property
    def is_leaf(self) -> bool:
        return not self.children


def normalise_code(code) -> str:
    """``" 1.2. "`` -> ``"1.2"``; ``"II"`` stays (codes are the set's own)."""
    text = str(code if code is not None else "").strip().rstrip(".")
    if text.endswith(".0") and text.replace(".", "").isdigit() and text.count(".") == 1:
        text = text[:-2]  # a spreadsheet turned "1" into 1.0
    return text


def parent_code(code: str) -> str | None:
    """Dotted codes: ``2.4.1`` -> ``2.4``; a top-level code has no parent."""
    return code.rsplit(".", 1)[0] if "." in code else None


def build_tree(rows: Iterable[Node]) -> list[Node]:
    """Link ``rows`` into a tree and check it; the top-level nodes (lĩnh vực), in order.

    Raises the first ``TreeProblem`` of: ``missing_code``, ``duplicate_code``, ``bad_max``
    (negative or missing), ``missing_parent``, ``too_deep``, ``bad_kind``, ``survey_bonus``,
    ``survey_source`` (a survey leaf that names no known source), ``survey_rule``, ``sum_mismatch`` (children do not sum to the parent's maximum). ``check_tree`` collects all.
    """
    problems = check_tree(rows)
    if problems:
        raise problems[0]
    return _link(list(rows))


def _link(rows: list[Node]) -> list[Node]:
    by_code = {r.code: r for r in rows}
    roots = []
    for r in rows:
        r.children = []
    for i, r in enumerate(rows):
        r.order = r.order or i
        r.parent = parent_code(r.code) if r.parent is None else r.parent
        if r.parent and r.parent in by_code:
            by_code[r.parent].children.append(r)
        else:
            roots.append(r)
    return roots


def check_tree(rows: Iterable[Node]) -> list[TreeProblem]:
    """Every problem of the tree (empty when it is sound)."""
    rows = list(rows)
    problems: list[TreeProblem] = []
    seen: set[str] = set()
    for i, r in enumerate(rows, start=1):
        if not r.code:
            problems.append(TreeProblem("missing_code", "", row=i, title=r.title[:80]))
            continue
        if r.code in seen:
            problems.append(TreeProblem("duplicate_code", r.code, row=i))
        seen.add(r.code)
        if r.max_points is None or r.max_points < 0:
            problems.append(TreeProblem("bad_max", r.code, row=i))
        if r.kind not in KINDS:
            problems.append(TreeProblem("bad_kind", r.code, row=i))
        if r.kind != REGULAR and r.survey:
            problems.append(TreeProblem("survey_bonus", r.code, row=i))
        if r.depth > MAX_DEPTH:
            problems.append(TreeProblem("too_deep", r.code, row=i))
        p = parent_code(r.code) if r.parent is None else r.parent
        if p is not None and p not in {x.code for x in rows}:
            problems.append(TreeProblem("missing_parent", r.code, row=i, parent=p))
    if problems:
        return problems
    roots = _link(rows)
    for root in roots:
        problems += _check_sums(root)
    for leaf in leaves(roots):
        if leaf.survey and leaf.survey_source not in SURVEY_SOURCES:
            problems.append(TreeProblem("survey_source", leaf.code))
        if leaf.survey and leaf.survey_rule is not None and check_rule(leaf.survey_rule, leaf.max_points):
            problems.append(TreeProblem("survey_rule", leaf.code))
    return problems


def _check_sums(node: Node) -> list[TreeProblem]:
    out: list[TreeProblem] = []
    if node.children:
        total = sum((c.max_points for c in node.children), Decimal(0))
        # bonus / penalty items may add up to more than their node's maximum, which is the cap
        if node.kind == REGULAR and abs(total - node.max_points) > TOLERANCE:
            out.append(TreeProblem("sum_mismatch", node.code, expected=node.max_points, actual=total))
        for c in node.children:
            if c.kind != node.kind:
                out.append(TreeProblem("bad_kind", c.code))
            out += _check_sums(c)
    return out


def fill_gaps(rows: Sequence[Node], *, label: str) -> list[Node]:
    """A copy of ``rows`` where each parent whose listed children sum to less than its maximum
    gets one more child ``<code>.0`` for the rest (titled ``label``).

    Plans such as Hà Nội 192/KH-UBND list only the sub-criteria they act on (7.1 has 7.25 points
    but lists 7.1.9–7.1.11 only); the remainder node keeps the totals honest and visible.
    """
    out = [Node(**{k: getattr(r, k) for k in Node.__dataclass_fields__ if k != "children"}) for r in rows]
    by_parent: dict[str, list[Node]] = {}
    for r in out:
        p = parent_code(r.code)
        if p:
            by_parent.setdefault(p, []).append(r)
    extra = []
    for r in out:
        kids = by_parent.get(r.code)
        if not kids:
            continue
        rest = r.max_points - sum((k.max_points for k in kids), Decimal(0))
        if rest > TOLERANCE:
            extra.append(
                (
                    r.code,
                    Node(code=f"{r.code}.0", title=label, max_points=rest, kind=r.kind, lead=r.lead),
                )
            )
    for code, node in extra:
        # after the parent's last descendant
        idx = max(i for i, x in enumerate(out) if x.code == code or x.code.startswith(code + "."))
        out.insert(idx + 1, node)
    return out


def leaves(roots: Iterable[Node]) -> list[Node]:
    out = []
    for r in roots:
        out += [r] if r.is_leaf else leaves(r.children)
    return out


def tree_max(rows: Iterable[Node]) -> Decimal:
    """The set's maximum: the sum of its regular top-level nodes (100 for most sets)."""
    return sum((r.max_points for r in rows if parent_code(r.code) is None and r.kind == REGULAR), Decimal(0))


# --------------------------------------------------------------------------- scores


def check_score(points, *, max_points: Decimal, survey: bool = False, kind: str = REGULAR) -> Decimal:
    """The score as a ``Decimal`` if the node accepts it, else ``ScoreProblem``."""
    if survey:
        raise ScoreProblem("survey_only")
    try:
        value = to_decimal(points)
    except ValueError:
        raise ScoreProblem("not_a_number") from None
    if value is None:
        raise ScoreProblem("not_a_number")
    if value < 0:
        raise ScoreProblem("negative", max_points=max_points)
    if value > max_points:
        raise ScoreProblem("above_max", max_points=max_points)
    return value


def capped(total: Decimal, cap: Decimal | None) -> Decimal:
    return total if cap is None else min(total, cap)


def score_total(
    regular: Decimal,
    *,
    bonus: Decimal = Decimal(0),
    penalty: Decimal = Decimal(0),
    bonus_cap: Decimal | None = None,
    penalty_cap: Decimal | None = None,
) -> Decimal:
    """Points that enter the index: regular (appraised + survey) + capped bonus − capped penalty,
    never below zero (§1.5, §4.3: bonus/penalty maxima set per campaign)."""
    return max(Decimal(0), regular + capped(bonus, bonus_cap) - capped(penalty, penalty_cap))


def compute_index(points: Decimal, max_points: Decimal) -> Decimal:
    """Index (%) = points / max × 100, rounded half up to two decimals (METHODOLOGY §1.3)."""
    if max_points <= 0:
        raise ValueError("the maximum must be positive")
    return (Decimal(points) * 100 / Decimal(max_points)).quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def index_of(appraised: Decimal, survey: Decimal, max_points: Decimal, **bonus_penalty) -> Decimal:
    """The whole formula: (appraised + survey [+ bonus − penalty]) / max × 100."""
    return compute_index(score_total(Decimal(appraised) + Decimal(survey), **bonus_penalty), max_points)


def rollup(roots: Iterable[Node], points: Mapping[str, Decimal | None]) -> dict[str, Decimal]:
    """Totals per node code: a leaf's own points, a parent's the sum of its children (None = 0)."""
    out: dict[str, Decimal] = {}

    def walk(n: Node) -> Decimal:
        if n.is_leaf:
            total = points.get(n.code) or Decimal(0)
        else:
            total = sum((walk(c) for c in n.children), Decimal(0))
        out[n.code] = total
        return total

    for r in roots:
        walk(r)
    return out


# --------------------------------------------------------------------------- rules


def check_rule(rule: Mapping | None, max_points: Decimal) -> list[str]:
    """Problems of a scoring rule (empty if sound). Shapes:

    ``{"indicator": "dvc_on_time_rate", "method": "thresholds",
       "thresholds": [{"min": 95, "points": 2}, {"min": 80, "points": 1}], "otherwise": 0}``
    ``{"indicator": "...", "method": "proportional", "scale": 100}`` (value / scale × max).
    """
    if rule is None:
        return []
    problems = []
    method = rule.get("method", "thresholds")
    if method not in {"thresholds", "proportional"}:
        return ["method"]
    try:
        if method == "thresholds":
            steps = rule.get("thresholds") or []
            if not steps:
                problems.append("thresholds")
            for s in steps:
                if to_decimal(s.get("min")) is None:
                    problems.append("threshold_min")
                pts = to_decimal(s.get("points"))
                if pts is None or pts < 0 or pts > max_points:
                    problems.append("threshold_points")
            other = to_decimal(rule.get("otherwise", 0)) or Decimal(0)
            if other < 0 or other > max_points:
                problems.append("threshold_points")
        else:
            scale = to_decimal(rule.get("scale", 100))
            if scale is None or scale <= 0:
                problems.append("scale")
    except (ValueError, AttributeError, TypeError):
        problems.append("malformed")
    return problems


def evaluate_rule(rule: Mapping, value, max_points: Decimal) -> Decimal | None:
    """Points for a measured ``value`` (None when there is no value), never above ``max_points``.

    Thresholds are tried from the highest ``min`` down; the first the value reaches gives its
    points (``value >= min``); none reached gives ``otherwise`` (default 0).
    """
    v = to_decimal(value)
    if v is None:
        return None
    method = rule.get("method", "thresholds")
    if method == "proportional":
        scale = to_decimal(rule.get("scale", 100)) or Decimal(100)
        pts = v / scale * max_points
    else:
        steps = sorted(rule.get("thresholds") or [], key=lambda s: to_decimal(s["min"]), reverse=True)
        pts = to_decimal(rule.get("otherwise", 0)) or Decimal(0)
        for s in steps:
            if v >= to_decimal(s["min"]):
                pts = to_decimal(s["points"])
                break
    pts = min(max(pts, Decimal(0)), max_points)
    return pts.quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


# --------------------------------------------------------------------------- bands, ranking


def check_bands(bands: Sequence[Mapping]) -> list[str]:
    problems = []
    labels = set()
    for b in bands:
        try:
            m = to_decimal(b.get("min"))
        except (ValueError, AttributeError):
            m = None
        if m is None or m < 0 or m > 100:
            problems.append("band_min")
        label = str(b.get("label") or "").strip() if isinstance(b, Mapping) else ""
        if not label or label in labels:
            problems.append("band_label")
        labels.add(label)
    return problems


def classify(index: Decimal | None, bands: Sequence[Mapping]) -> str:
    """The label of the highest band whose ``min`` the index reaches ('' if none or no index)."""
    if index is None:
        return ""
    for b in sorted(bands, key=lambda b: to_decimal(b["min"]), reverse=True):
        if index >= to_decimal(b["min"]):
            return str(b["label"])
    return ""


def rank(values: Mapping, *, key=None) -> dict:
    """Competition ranking (1, 2, 2, 4) by value, highest first; None values are not ranked."""
    items = [(k, v) for k, v in values.items() if v is not None]
    items.sort(key=lambda kv: kv[1], reverse=True)
    out, prev, prev_rank = {}, None, 0
    for i, (k, v) in enumerate(items, start=1):
        if v != prev:
            prev_rank, prev = i, v
        out[k] = prev_rank
    return out


def lost_points(leaf_max: Mapping[str, Decimal], final: Mapping[str, Decimal | None]) -> dict[str, Decimal]:
    """Points lost per leaf (max − final), only those with a loss."""
    out = {}
    for code, mx in leaf_max.items():
        got = final.get(code)
        if got is None:
            continue
        lost = mx - got
        if lost > 0:
            out[code] = lost
    return out


def parse_rule_text(indicator: str, text: str) -> dict | None:
    """A rule as written in the XLSX template: ``95:2; 80:1; khác:0`` (thresholds: value ≥ 95
    gives 2 points …, ``khác``/``else`` the rest) or ``tỷ lệ``/``proportional`` (value/100 × max).
    No indicator code means no rule. Raises ``ValueError`` for text it cannot read."""
    indicator = (indicator or "").strip()
    text = (text or "").strip()
    if not indicator:
        if text:
            raise ValueError("a rule needs an indicator code")
        return None
    if text.lower() in {"tỷ lệ", "ty le", "tỉ lệ", "proportional", ""}:
        return {"indicator": indicator, "method": "proportional", "scale": "100"}
    steps, otherwise = [], "0"
    for part in text.replace("\n", ";").split(";"):
        part = part.strip()
        if not part:
            continue
        if ":" not in part:
            raise ValueError(f"not a threshold: {part!r}")
        left, right = (x.strip() for x in part.split(":", 1))
        pts = to_decimal(right)
        if pts is None:
            raise ValueError(f"no points in {part!r}")
        if left.lower() in {"khác", "khac", "else", "còn lại", "con lai"}:
            otherwise = str(pts)
            continue
        m = to_decimal(left.lstrip("≥>= ").rstrip("%"))
        if m is None:
            raise ValueError(f"no threshold in {part!r}")
        steps.append({"min": str(m), "points": str(pts)})
    if not steps:
        raise ValueError("no thresholds")
    return {"indicator": indicator, "method": "thresholds", "thresholds": steps, "otherwise": otherwise}
