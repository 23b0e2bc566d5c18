"""The menu is rendered once per process for each set of visible entries, active entry and
language (``core.nav._fragment``): whoever comes next sees their own entries, the page's own
active entry and their language."""

from __future__ import annotations

import re

from django.urls import reverse


def _menu(html: str) -> str:
    return re.search(r'<nav class="main".*?</nav>', html, re.S).group(0)


def test_each_user_and_page_gets_its_own_menu(login, users):
    publications = reverse("oversight:publication_list")
    officer = _menu(login(users["officer"]).get(publications).content.decode())
    assert re.search(rf'href="{publications}"[^>]*aria-current="page"', officer)
    assert officer.count('aria-current="page"') == 1
    again = _menu(login(users["officer"]).get(reverse("notifications:list")).content.decode())
    assert f'href="{publications}"' in again and 'aria-current="page"' not in again
    reporter = _menu(login(users["reporter"]).get("/").content.decode())
    assert publications not in reporter and reverse("tracking:task_list") in reporter
    assert 'class="nav-link active" href="/" aria-current="page"' in reporter  # home is active


def test_the_menu_follows_the_language(client, users):
    client.force_login(users["officer"])
    assert "Trang chủ" in _menu(client.get("/").content.decode())
    client.cookies["django_language"] = "en"
    english = _menu(client.get("/").content.decode())
    assert "Home" in english and "Trang chủ" not in english
