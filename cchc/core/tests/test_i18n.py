"""English through Django i18n: pages switch language, and the committed catalog is complete.

The catalog is ``cchc/locale/en/LC_MESSAGES/django.po`` (translations) and ``django.mo`` (what
Django reads at run time). See docs/architecture.md, "Translations", for how to update it.
"""

from __future__ import annotations

import ast
import datetime as dt
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation.template import templatize

from cchc.plans.models import Area, Plan, Task
from cchc.tracking.models import Assignment

ROOT = Path(settings.BASE_DIR)
LOCALE = ROOT / "cchc" / "locale" / "en" / "LC_MESSAGES"
PO, MO = LOCALE / "django.po", LOCALE / "django.mo"


def _english(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    return client


# --- pages -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_login_page_in_english(client):
    body = _english(client).get("/tai-khoan/dang-nhap/").content.decode()
    assert 'lang="en"' in body
    for text in ("Sign in", "Username", "Password"):
        assert text in body
    for text in ("Đăng nhập", "Tên đăng nhập", "Mật khẩu"):
        assert text not in body
    # and back to Vietnamese
    client.post("/i18n/setlang/", {"language": "vi", "next": "/"})
    body = client.get("/tai-khoan/dang-nhap/").content.decode()
    assert "Mật khẩu" in body and "Password" not in body


def test_home_page_in_english(client, users):
    client.force_login(users["reporter"])
    body = _english(client).get("/").content.decode()
    assert "You are working as Unit reporting officer at Sở Tư pháp." in body  # unit name unchanged
    for text in ("Home", "Sign out", "Main navigation", "Plans and tasks", "Task list", '/">Plans</a>'):
        assert text in body
    for text in ("Trang chủ", "Đăng xuất", "Bạn đang làm việc với vai trò", "Danh sách nhiệm vụ"):
        assert text not in body


def test_task_list_in_english(client, users, org_tree):
    hp, stp = org_tree["HP"], org_tree["HP-STP"]
    plan = Plan.objects.create(
        number="216/KH-UBND", title="Kế hoạch CCHC năm 2022", province=hp, owner_unit=hp
    )
    area = Area.objects.create(plan=plan, code="II", title="CẢI CÁCH THỂ CHẾ", order=1)
    task = Task.objects.create(
        plan=plan, area=area, title="Rà soát văn bản QPPL", due_date=dt.date(2022, 6, 10)
    )
    Assignment.objects.create(task=task, unit=stp, role="lead", due_date=task.due_date)
    client.force_login(users["officer"])
    body = _english(client).get("/nhiem-vu/danh-sach/?as_of=2022-07-01").content.decode()
    assert "Rà soát văn bản QPPL" in body  # data stays as written
    for text in ("<h1>Task tracking</h1>", "Lead", "Overdue", "Last updated", "At risk of delay"):
        assert text in body
    for text in ("Theo dõi nhiệm vụ", "Chủ trì", "Quá hạn", "Cập nhật lần cuối", "có nguy cơ chậm"):
        assert text not in body


def test_error_pages_in_english(client, users):
    client.force_login(users["reporter"])
    body = _english(client).get("/khong-co-trang-nay/").content.decode()
    assert "Not found" in body and "Không tìm thấy" not in body
    with translation.override("en"):
        body = render_to_string("500.html")
    assert 'lang="en"' in body and "System error" in body and "Lỗi hệ thống" not in body


# --- the catalog -------------------------------------------------------------------------------


def _unquote(line: str) -> str:
    return ast.literal_eval(line)


def parse_po(text: str) -> list[dict]:
    """Entries of a .po file: msgctxt, msgid, msgid_plural, msgstr / msgstr[i], flags."""
    entries, cur, field = [], None, None
    for raw in text.splitlines() + [""]:
        line = raw.strip()
        if not line:
            if cur and "msgid" in cur:
                entries.append(cur)
            cur, field = None, None
            continue
        cur = cur or {"flags": set(), "obsolete": False}
        if line.startswith("#~"):
            cur["obsolete"] = True
        elif line.startswith("#,"):
            cur["flags"] |= {f.strip() for f in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            cur[field] += _unquote(line)
        else:
            field, _sep, value = line.partition(" ")
            cur[field] = _unquote(value)
    return entries


def _key(ctx, msgid):
    return (ctx or "", msgid)


@pytest.fixture(scope="module")
def catalog():
    entries = [e for e in parse_po(PO.read_text(encoding="utf-8")) if e["msgid"] and not e["obsolete"]]
    assert len(entries) > 500
    return entries


PLACEHOLDER = re.compile(r"%\([a-z_]+\)[sd]|%[sd]|\{[a-z_0-9]*\}|%%")
TAG = re.compile(r"</?[a-z][^>]*>")


def _msgstrs(e) -> list[str]:
    return [e[k] for k in sorted(e) if k.startswith("msgstr")]


def test_every_entry_is_translated_with_the_same_placeholders(catalog):
    problems = []
    for e in catalog:
        for s in _msgstrs(e):
            if not s.strip():
                problems.append(("empty", e["msgid"]))
            elif sorted(PLACEHOLDER.findall(s)) != sorted(PLACEHOLDER.findall(e["msgid"])):
                problems.append(("placeholders", e["msgid"], s))
            elif sorted(TAG.findall(s)) != sorted(TAG.findall(e["msgid"])):
                problems.append(("html", e["msgid"], s))
        if "fuzzy" in e["flags"]:
            problems.append(("fuzzy", e["msgid"]))
        if "msgid_plural" in e and len(_msgstrs(e)) != 2:
            problems.append(("plural forms", e["msgid"]))
    assert problems == []


def test_compiled_mo_matches_the_po(catalog):
    """The committed .mo is what runs: it must carry every translation of the committed .po."""
    with MO.open("rb") as fh:
        mo = gettext.GNUTranslations(fh)
    assert mo.info()["language"] == "en"
    stale = []
    for e in catalog:
        ctx = e.get("msgctxt")
        if "msgid_plural" in e:
            got = [
                mo.npgettext(ctx, e["msgid"], e["msgid_plural"], n)
                if ctx
                else mo.ngettext(e["msgid"], e["msgid_plural"], n)
                for n in (1, 2)
            ]
            want = [e["msgstr[0]"], e["msgstr[1]"]]
        else:
            got = mo.pgettext(ctx, e["msgid"]) if ctx else mo.gettext(e["msgid"])
            want = e["msgstr"]
        if got != want:
            stale.append(e["msgid"])
    assert stale == [], "run: CCHC_DEBUG=1 uv run cchc compilemessages --ignore=.venv"


GETTEXT_FUNCS = {
    "_": (None, 0),
    "gettext": (None, 0),
    "gettext_lazy": (None, 0),
    "ngettext": (None, 0),
    "ngettext_lazy": (None, 0),
    "pgettext": (0, 1),
    "pgettext_lazy": (0, 1),
    "npgettext": (0, 1),
    "npgettext_lazy": (0, 1),
}


def _python_msgids(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        if name not in GETTEXT_FUNCS:
            continue
        ctx_i, id_i = GETTEXT_FUNCS[name]
        args = node.args
        if len(args) > id_i and isinstance(args[id_i], ast.Constant) and isinstance(args[id_i].value, str):
            ctx = args[ctx_i].value if ctx_i is not None else None
            yield _key(ctx, args[id_i].value), f"{path.relative_to(ROOT)}:{node.lineno}"


LITERAL = r"u?'(?:[^'\\]|\\.)*'" + "|" + r'u?"(?:[^"\\]|\\.)*"'  # a Python string literal
TEMPLATE_CALL = re.compile(
    rf"(?<![\w.])(_|gettext|ngettext|pgettext|npgettext)\(((?:{LITERAL})(?:, (?:{LITERAL}))*)"
)


def _template_msgids(path: Path):
    # templatize is what makemessages feeds to xgettext: {% translate %}, {% blocktranslate %} and
    # _("…") in filter arguments become gettext()/ngettext()/pgettext()/_() calls.
    src = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    for m in TEMPLATE_CALL.finditer(src):
        literals = [ast.literal_eval(x) for x in re.findall(LITERAL, m.group(2))]
        ctx = literals.pop(0) if m.group(1).startswith(("pgettext", "npgettext")) else None
        yield _key(ctx, literals[0]), str(path.relative_to(ROOT))


def test_every_marked_string_is_in_the_catalog(catalog):
    """Strings marked in code or templates but missing from the .po would show in Vietnamese."""
    known = {_key(e.get("msgctxt"), e["msgid"]) for e in catalog}
    marked = []
    app_root = ROOT / "cchc"
    for path in sorted(app_root.rglob("*.py")):
        if "tests" not in path.parts and "migrations" not in path.parts:
            marked += _python_msgids(path)
    for path in sorted(app_root.rglob("templates/**/*.html")):
        marked += _template_msgids(path)
    assert len(marked) > 500
    missing = sorted({f"{where}: {key[1]!r}" for key, where in marked if key not in known})
    assert missing == [], "run makemessages, translate, compilemessages (docs/architecture.md)"
