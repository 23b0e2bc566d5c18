"""Skip logic: the ``relevant`` column of a questionnaire (a subset of XLSForm's expressions).

Grammar (XLSForm/ODK syntax, so officers can reuse forms they know)::

    expr    := or
    or      := and ("or" and)*
    and     := unary ("and" unary)*
    unary   := "not" "(" expr ")" | compare
    compare := term (("=" | "!=" | "<" | "<=" | ">" | ">=") term)?
    term    := "${name}" | 'text' | "text" | number
             | "selected(" "${name}" "," text ")" | "count-selected(" "${name}" ")"
             | "(" expr ")"

An unanswered question is the empty string (and selects nothing). Comparisons of two numbers are
numeric, otherwise textual. Nothing is ``eval``-ed: the expression is parsed once into a tree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

_TOKEN = re.compile(
    r"\s*(?:"
    r"(?P<ref>\$\{(?P<name>[A-Za-z_][A-Za-z0-9_]*)\})"
    r"|(?P<str>'[^']*'|\"[^\"]*\")"
    r"|(?P<num>-?\d+(?:\.\d+)?)"
    r"|(?P<op><=|>=|!=|=|<|>)"
    r"|(?P<punct>[(),])"
    r"|(?P<word>[A-Za-z][A-Za-z-]*)"
    r")"
)


class ExpressionError(ValueError):
    """The expression cannot be read; ``str()`` says where."""


@dataclass(frozen=True)
class Node:
    kind: str  # ref | lit | cmp | and | or | not | selected | count
    args: tuple = ()


def tokenize(text: str) -> list[tuple[str, str]]:
    pos, out = 0, []
    text = text.strip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise ExpressionError(f"ký tự không hợp lệ ở vị trí {pos + 1}: {text[pos : pos + 10]!r}")
        pos = m.end()
        kind = m.lastgroup if m.lastgroup != "name" else "ref"
        if m.group("ref"):
            out.append(("ref", m.group("name")))
        elif m.group("str") is not None:
            out.append(("str", m.group("str")[1:-1]))
        elif m.group("num") is not None:
            out.append(("num", m.group("num")))
        else:
            out.append((kind, m.group(kind)))
    return out


class _Parser:
    def __init__(self, tokens):
        self.t = tokens
        self.i = 0

    def peek(self, value: str | None = None):
        if self.i >= len(self.t):
            return None
        tok = self.t[self.i]
        return tok if value is None or tok[1] == value else None

    def take(self, value: str | None = None, kind: str | None = None):
        tok = self.peek()
        if tok is None or (value is not None and tok[1] != value) or (kind and tok[0] != kind):
            want = value or kind or "?"
            raise ExpressionError(f"cần {want!r} ở vị trí {self.i + 1}")
        self.i += 1
        return tok

    def parse(self) -> Node:
        node = self.or_()
        if self.peek() is not None:
            raise ExpressionError(f"thừa {self.peek()[1]!r} ở vị trí {self.i + 1}")
        return node

    def _joined(self, word, operand):
        """``operand (word operand)*``: one ``word`` node of all the operands, or the lone one."""
        parts = [operand()]
        while self.peek(word):
            self.take(word)
            parts.append(operand())
        return parts[0] if len(parts) == 1 else Node(word, tuple(parts))

    def or_(self):
        return self._joined("or", self.and_)

    def and_(self):
        return self._joined("and", self.unary)

    def unary(self):
        if self.peek("not"):
            self.take("not")
            self.take("(")
            inner = self.or_()
            self.take(")")
            return Node("not", (inner,))
        left = self.term()
        tok = self.peek()
        if tok and tok[0] == "op":
            self.take()
            return Node("cmp", (tok[1], left, self.term()))
        return left

    def term(self):
        tok = self.peek()
        if tok is None:
            raise ExpressionError("biểu thức bị cụt")
        if tok[0] == "ref":
            self.take()
            return Node("ref", (tok[1],))
        if tok[0] in {"str", "num"}:
            self.take()
            return Node("lit", (tok[1],))
        if tok[1] == "(":
            self.take("(")
            inner = self.or_()
            self.take(")")
            return inner
        if tok[1] in {"selected", "count-selected"}:
            self.take()
            self.take("(")
            ref = self.take(kind="ref")[1]
            if tok[1] == "selected":
                self.take(",")
                value = self.take()
                if value[0] not in {"str", "num"}:
                    raise ExpressionError("selected() cần một giá trị trong dấu nháy")
                self.take(")")
                return Node("selected", (ref, value[1]))
            self.take(")")
            return Node("count", (ref,))
        raise ExpressionError(f"không hiểu {tok[1]!r}")


def parse_expression(text: str) -> Node:
    """The tree of a ``relevant`` expression, or ``ExpressionError``."""
    return _Parser(tokenize(text)).parse()


def references(node: Node) -> set[str]:
    """Question names an expression reads."""
    if node.kind in {"ref", "count"}:
        return {node.args[0]}
    if node.kind == "selected":
        return {node.args[0]}
    if node.kind == "lit":
        return set()
    if node.kind == "cmp":
        return references(node.args[1]) | references(node.args[2])
    return set().union(*(references(a) for a in node.args))


def _value(node: Node, answers: dict):
    if node.kind == "ref":
        v = answers.get(node.args[0])
        if v is None:
            return ""
        if isinstance(v, list | tuple):
            return " ".join(str(x) for x in v)
        return v
    if node.kind == "lit":
        return node.args[0]
    if node.kind == "count":
        v = answers.get(node.args[0])
        return len(v) if isinstance(v, list | tuple) else (1 if v not in (None, "") else 0)
    return evaluate(node, answers)


def _number(v) -> Decimal | None:
    if isinstance(v, bool):
        return Decimal(int(v))
    try:
        return Decimal(str(v))
    except (InvalidOperation, ValueError):
        return None


def _compare(op: str, a, b) -> bool:
    na, nb = _number(a), _number(b)
    if na is not None and nb is not None and a != "" and b != "":
        a, b = na, nb
    else:
        a, b = str(a), str(b)
    return {
        "=": a == b,
        "!=": a != b,
        "<": a < b,
        "<=": a <= b,
        ">": a > b,
        ">=": a >= b,
    }[op]


def evaluate(node: Node, answers: dict) -> bool:
    """Whether the expression holds for ``answers`` (name -> value; lists for multiple choice)."""
    k = node.kind
    if k == "and":
        return all(evaluate(a, answers) for a in node.args)
    if k == "or":
        return any(evaluate(a, answers) for a in node.args)
    if k == "not":
        return not evaluate(node.args[0], answers)
    if k == "cmp":
        op, left, right = node.args
        return _compare(op, _value(left, answers), _value(right, answers))
    if k == "selected":
        v = answers.get(node.args[0])
        chosen = v if isinstance(v, list | tuple) else ([] if v in (None, "") else [v])
        return node.args[1] in [str(x) for x in chosen]
    if k == "count":
        return bool(_value(node, answers))
    value = _value(node, answers)
    return value not in ("", None, 0)
