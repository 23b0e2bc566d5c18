"""Two ceilings for ``benchmarks/pages.py``, with the project's settings and middleware:

- ``/bare/``: ``CCHC_BARE_BYTES`` bytes of HTML without touching the database;
- ``/ceiling/``: the least a list page does: ONE indexed query for 50 assignments with their task
  title and unit name, rendered through a template.

A page's throughput is reported as a share of both."""

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


CEILING = None


def ceiling(request):
    """One query (50 assignments, task title, unit name) through a template."""
    global CEILING
    from django.template import engines

    from cchc.tracking.models import Assignment

    if CEILING is None:
        CEILING = engines["django"].from_string(
            "<!doctype html><html><body><table>{% for a in rows %}<tr><td>{{ a.task.title }}</td>"
            "<td>{{ a.unit.name }}</td><td>{{ a.due_date|date:'d/m/Y' }}</td><td>{{ a.cur_status }}</td>"
            "</tr>{% endfor %}</table></body></html>"
        )
    rows = list(
        Assignment.objects.select_related("task", "unit")
        .only("due_date", "cur_status", "task__title", "unit__name")
        # the newest 50 by primary key: an index scan of 50 rows at any size (ordering by due date
        # read a whole day's group, 54.000 rows at seed-scale 10, and made the ceiling itself slow)
        .order_by("-pk")[:50]
    )
    return HttpResponse(CEILING.render({"rows": rows}), content_type="text/html; charset=utf-8")


urlpatterns = [path("bare/", bare), path("ceiling/", ceiling)]

from django.core.wsgi import get_wsgi_application  # noqa: E402

settings.ROOT_URLCONF = __name__
application = get_wsgi_application()
