"""The public, login-free disclosure section (công khai): a province's live publications, each
page rendering only its frozen snapshot, and an Atom feed.

These views never touch ``request.user`` or the session (no ``Vary: Cookie``, no cookie set), are
rendered without context processors and cached twice: ``Cache-Control: public`` for browsers and
proxies, and the rendered bytes in Django's cache (key: path + language + publication
generation, bumped by every publish/withdraw; see ``actions.bump_public_cache``). Unknown,
withdrawn or another province's publication: 404.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from cchc.core import generations
from cchc.core.client import absolute_url
from cchc.core.dates import parse_day
from cchc.oversight import publishing, queries
from cchc.oversight.actions import PUBLIC_CACHE_GENERATION

MAX_AGE = 300


def _cached(request, build, content_type="text/html; charset=utf-8"):
    gen = generations.current(PUBLIC_CACHE_GENERATION)
    lang = translation.get_language() or "vi"
    key = "oversight:public:" + hashlib.sha256(f"{gen}|{lang}|{request.get_full_path()}".encode()).hexdigest()
    body = cache.get(key)
    if body is None:
        body = build()
        cache.set(key, body, MAX_AGE)
    response = HttpResponse(body, content_type=content_type)
    response["Cache-Control"] = f"public, max-age={MAX_AGE}"
    return response


def index(request):
    def build():
        pubs = list(queries.live_publications().order_by("province__name", "-year", "-published_at"))
        provinces = []
        for p in pubs:
            if p.province not in provinces:
                provinces.append(p.province)
        return render_to_string("oversight/public/index.html", {"provinces": provinces})

    return _cached(request, build)


def province_page(request, code: str):
    def build():
        province = queries.public_province(code)
        pubs = list(queries.live_publications(province).order_by("-year", "-published_at"))
        return render_to_string(
            "oversight/public/province.html",
            {"province": province, "pubs": [(p, publishing.label_of(p.kind)) for p in pubs]},
        )

    return _cached(request, build)


def publication_page(request, code: str, publication_id: int):
    def build():
        province = queries.public_province(code)
        pub = queries.public_publication(province, publication_id)
        return render_to_string(
            "oversight/public/publication.html",
            {
                "province": province,
                "pub": pub,
                "s": pub.snapshot,
                "as_of": _iso_date(pub.snapshot.get("as_of")),
                "kind_template": f"oversight/public/kind_{pub.kind}.html",
                "kind_label": publishing.label_of(pub.kind),
            },
        )

    return _cached(request, build)


def _iso_date(value):

    try:
        return parse_day(value)
    except (TypeError, ValueError):
        return None


def feed(request, code: str):
    def build():
        province = queries.public_province(code)
        f = Atom1Feed(
            title=_("Công khai kết quả cải cách hành chính: %(p)s") % {"p": province.name},
            link=absolute_url(request, reverse("public:province", kwargs={"code": code})),
            description=_("Các nội dung được cơ quan thường trực CCHC công bố."),
            language=translation.get_language() or "vi",
            feed_url=absolute_url(request, request.path),
        )
        for p in queries.live_publications(province).order_by("-published_at")[:50]:
            link = absolute_url(
                request, reverse("public:publication", kwargs={"code": code, "publication_id": p.pk})
            )
            f.add_item(
                title=p.title,
                link=link,
                description=publishing.label_of(p.kind),
                pubdate=p.published_at,
                unique_id=link,
            )
        return f.writeString("utf-8")

    content_type = "application/atom+xml; charset=utf-8"
    if not getattr(settings, "CCHC_BASE_URL", ""):
        # links from this request's host: never cached for everyone (set CCHC_BASE_URL)
        return HttpResponse(build(), content_type=content_type)
    return _cached(request, build, content_type=content_type)
