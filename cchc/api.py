"""The REST API frame: django-ninja under /api/, OpenAPI at /api/docs.

Authentication: the browser session (with CSRF) or ``Authorization: Bearer <token>`` for system
integrations. Permissions come from the same policy as the pages. Every error is JSON with a
``message``; no stack trace ever leaves the server.
"""

from __future__ import annotations

import logging

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import APIKeyCookie, HttpBearer

from cchc.accounts.models import ApiToken
from cchc.accounts.policy import Forbidden, NotFound
from cchc.core.errors import ConflictError, DomainError

log = logging.getLogger(__name__)


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        if not token:
            return None
        row = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=ApiToken.hash_key(token), revoked=False, user__is_active=True)
            .first()
        )
        if row is None:
            return None
        ApiToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now())
        request.user = row.user
        return row.user


class SessionAuth(APIKeyCookie):
    """The logged-in browser session; unsafe methods need the CSRF token."""

    param_name = "sessionid"

    def __init__(self):
        super().__init__(csrf=True)

    def authenticate(self, request, key):
        if request.user.is_authenticated and request.user.is_active:
            return request.user
        return None


api = NinjaAPI(
    title="CCHC API",
    version="1",
    description="Cải cách hành chính: cơ quan, đơn vị, kế hoạch, nhiệm vụ, báo cáo.",
    auth=[TokenAuth(), SessionAuth()],
    docs_url="/docs",
    urls_namespace="api",
)


def _error(request, status: int, message: str, **extra):
    return api.create_response(request, {"message": message, **extra}, status=status)


@api.exception_handler(NotFound)
def _not_found(request, exc):
    return _error(request, 404, _("Không tìm thấy hoặc bạn không có quyền truy cập."))


@api.exception_handler(Http404)
def _http404(request, exc):
    return _error(request, 404, _("Không tìm thấy hoặc bạn không có quyền truy cập."))


@api.exception_handler(Forbidden)
def _forbidden(request, exc):
    return _error(request, 403, str(exc) or _("Bạn không có quyền thực hiện thao tác này."))


@api.exception_handler(ConflictError)
def _conflict(request, exc):
    return _error(request, 409, str(exc.message), code=exc.code)


@api.exception_handler(DomainError)
def _domain(request, exc):
    return _error(request, 400, str(exc.message), code=exc.code, details=exc.details)


@api.exception_handler(ValidationError)
def _validation(request, exc):
    return _error(request, 422, _("Dữ liệu gửi lên không hợp lệ."), details=exc.errors)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request, exc):
    return _error(request, 401, _("Cần đăng nhập hoặc mã truy cập API hợp lệ."))


@api.exception_handler(HttpError)
def _http_error(request, exc):
    return _error(request, exc.status_code, str(exc))


@api.exception_handler(Exception)
def _unexpected(request, exc):
    log.exception("API error")
    return _error(request, 500, _("Lỗi hệ thống. Vui lòng thử lại sau."))


def register_routers() -> None:
    """Each app's ``api.router`` is mounted under its own prefix."""
    from cchc.orgs.api import router as orgs_router

    api.add_router("/orgs", orgs_router)
    for module, prefix in (
        ("cchc.plans.api", "/plans"),
        ("cchc.tracking.api", "/tracking"),
        ("cchc.reporting.api", "/reports"),
        ("cchc.indicators.api", "/indicators"),
    ):
        try:
            mod = __import__(module, fromlist=["router"])
        except ModuleNotFoundError:
            continue
        api.add_router(prefix, mod.router)


register_routers()
