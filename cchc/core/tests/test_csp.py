"""The Content-Security-Policy: sent on every page, strict (our own files, nothing inline), and
no template of any app carries an inline script, style block, style attribute or on* handler."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# <script> with a body (a src-less script), <style> blocks, style="..." and on*= handlers.
INLINE = [
    (re.compile(r"<style\b", re.I), "a <style> block"),
    (re.compile(r"\sstyle\s*=", re.I), "a style= attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "an on*= event handler"),
    (
        re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I),
        "an inline <script>",
    ),
    (re.compile(r"javascript:", re.I), "a javascript: URL"),
    (re.compile(r"\bhx-on", re.I), "an hx-on handler (needs eval)"),
]


def _templates():
    return sorted(p for p in ROOT.rglob("templates/**/*.html") if ".venv" not in p.parts)


def test_the_template_scan_sees_every_app():
    apps = {p.relative_to(ROOT).parts[0] for p in _templates()}
    assert {"templates", "accounts", "plans", "tracking", "reporting"} <= apps


@pytest.mark.parametrize("path", _templates(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_inline_script_or_style_in_templates(path):
    text = path.read_text(encoding="utf-8")
    found = [
        f"{what} at line {text.count(chr(10), 0, m.start()) + 1}"
        for pattern, what in INLINE
        for m in pattern.finditer(text)
    ]
    assert not found, f"{path.relative_to(ROOT)}: " + ", ".join(found)


def test_the_scan_catches_what_it_should():
    bad = '<p style="x"><button onclick="go()"><script>alert(1)</script><style>p{}</style>'
    assert all(pattern.search(bad) for pattern, _ in INLINE[:4])
    ok = '<script src="/static/x.js" defer></script><script type="application/json" id="a">{}</script>'
    assert not any(pattern.search(ok) for pattern, _ in INLINE)


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    out = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            out[words[0]] = words[1:]
    return out


@pytest.mark.django_db
def test_pages_send_a_strict_policy(client, users):
    for response in (client.get("/tai-khoan/dang-nhap/"),):
        assert response.status_code == 200
        policy = _policy(response)
        assert policy["default-src"] == ["'self'"]
        assert policy["script-src"] == ["'self'"]
        assert policy["style-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]
        assert "'unsafe-eval'" not in response["Content-Security-Policy"]
        assert response["X-Content-Type-Options"] == "nosniff"
    client.force_login(users["officer"])
    home = client.get("/")
    assert "script-src 'self'" in home["Content-Security-Policy"]
    html = home.content.decode()
    # htmx must not inject its indicator <style> (blocked by the policy): configured off.
    assert '"includeIndicatorStyles":false' in html


def test_htmx_indicator_css_is_in_our_stylesheet():
    css = (ROOT / "static/cchc/app.css").read_text()
    assert ".htmx-indicator{opacity:0}" in css


@pytest.mark.django_db
def test_api_docs_load_from_our_static_files(client, users):
    client.force_login(users["admin"])
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn." not in html
    assert "/static/ninja/swagger-ui-bundle.js" in html
