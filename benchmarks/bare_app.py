"""A bare Django WSGI app for ``benchmarks/pages.py``: the project's settings and middleware, one
view that returns ``CCHC_BARE_BYTES`` bytes of HTML without touching the database. Its
throughput is the ceiling a page's throughput is compared with."""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cchc.settings")

from django.conf import settings
from django.http import HttpResponse
from django.urls import path

BODY = (
    b"<!doctype html><html><body>"
    + b"x" * int(os.environ.get("CCHC_BARE_BYTES", "20000"))
    + b"</body></html>"
)


def bare(request):
    return HttpResponse(BODY, content_type="text/html; charset=utf-8")


urlpatterns = [path("bare/", bare)]

from django.core.wsgi import get_wsgi_application  # noqa: E402

settings.ROOT_URLCONF = __name__
application = get_wsgi_application()
