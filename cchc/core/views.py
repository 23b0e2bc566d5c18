"""Home page per role."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from cchc.core import home_panels

ADMIN = "admin"  # accounts.models.Role.ADMIN (the kernel imports no app)


@login_required
def home(request):
    membership = request.membership or None
    role = membership.role if membership else (ADMIN if request.grants.is_admin else None)
    panels = home_panels.panels_for(request, role)
    return render(request, "core/home.html", {"role": role, "panels": panels})


@require_GET
@cache_control(max_age=86400, public=True)
def favicon(request):
    """``/favicon.ico``: browsers ask for it on every page that names no icon (PDFs, downloads)."""
    with open(finders.find("cchc/favicon.svg"), "rb") as f:
        return HttpResponse(f.read(), content_type="image/svg+xml")


def not_found(request, exception=None):
    """404 for the whole site: JSON under ``/api/`` (an unknown API path), the page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"message": _("Không tìm thấy hoặc bạn không có quyền truy cập.")}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    """500 for errors outside the API's own handlers: JSON under ``/api/``, never a traceback."""
    if request.path.startswith("/api/"):
        return JsonResponse({"message": _("Lỗi hệ thống. Vui lòng thử lại sau.")}, status=500)
    return defaults.server_error(request)
