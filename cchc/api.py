"""The REST API frame: django-ninja under /api/, OpenAPI at /api/docs.

Authentication: the browser session (with CSRF) or ``Authorization: Bearer <token>`` for system
integrations. Permissions come from the same policy as the pages. Every error is JSON with a
``message``; no stack trace ever leaves the server.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.db import DataError
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import APIKeyCookie, HttpBearer

from cchc.accounts.models import ApiToken
from cchc.accounts.policy import Forbidden, NotFound
from cchc.core.errors import ConflictError, DomainError
from cchc.core.schemas import ErrorOut

log = logging.getLogger(__name__)


# The error responses every operation declares (see docs/architecture.md, "API errors"). They are
# added to every operation of every router by ``declare_errors`` below, so a new router gets them
# without doing anything; an operation may still list them itself:
#     @router.get("/things/{thing_id}", response={200: ThingOut, **ERRORS})
ERRORS: dict[int, type[Schema]] = {
    400: ErrorOut,  # bad input the domain refused (DomainError), out-of-range numbers and dates
    401: ErrorOut,  # no session and no valid bearer token
    403: ErrorOut,  # allowed to see, not to do (Forbidden)
    404: ErrorOut,  # missing or not permitted (NotFound): the same answer
    409: ErrorOut,  # a conflict (ConflictError: stale version, duplicate)
    413: ErrorOut,  # a request body over DATA_UPLOAD_MAX_MEMORY_SIZE (2 MiB)
    422: ErrorOut,  # the request does not match the schema (ninja's validation)
}


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


def _signed_in_only(view):
    """``/api/openapi.json`` and ``/api/docs``: for a signed-in user or a valid bearer token only
    (docs/security.md, "API"): the schema holds no data, but it maps every operation, and every
    legitimate reader of it has an account or a token."""
    from functools import wraps

    from django.http import JsonResponse

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = getattr(request, "user", None)
        if (
            not (user is not None and user.is_authenticated and user.is_active)
            and TokenAuth()(request) is None
        ):
            return JsonResponse({"message": _("Cần đăng nhập hoặc mã truy cập API hợp lệ.")}, status=401)
        return view(request, *args, **kwargs)

    return wrapped


api = NinjaAPI(
    title="CCHC API",
    version="1",
    description="Cải cách hành chính: cơ quan, đơn vị, kế hoạch, nhiệm vụ, báo cáo.",
    auth=[TokenAuth(), SessionAuth()],
    docs_url="/docs",
    docs_decorator=_signed_in_only,
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


@api.exception_handler(OverflowError)
def _overflow(request, exc):
    # an id beyond 64 bits (SQLite), a date past year 9999 after arithmetic: refused, not a 500
    return _error(request, 400, _("Giá trị nằm ngoài giới hạn cho phép."), code="out_of_range")


@api.exception_handler(DataError)
def _data_error(request, exc):
    # PostgreSQL's "integer/numeric out of range" and the like: bad input, never a 500
    return _error(request, 400, _("Giá trị nằm ngoài giới hạn cho phép."), code="out_of_range")


@api.exception_handler(RequestDataTooBig)
def _too_big(request, exc):
    mib = settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 1024 / 1024
    return _error(
        request,
        413,
        _("Dữ liệu gửi lên quá lớn (tối đa %(n)s MiB mỗi lần): hãy chia thành nhiều lần gửi.")
        % {"n": f"{mib:g}"},
        code="too_large",
    )


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
        ("cchc.oversight.api", "/oversight"),
        ("cchc.parindex.api", "/par"),
        ("cchc.indicators.api", "/indicators"),
        ("cchc.surveys.api", "/surveys"),
        ("cchc.budget.api", "/budget"),
    ):
        try:
            mod = __import__(module, fromlist=["router"])
        except ModuleNotFoundError:
            continue
        api.add_router(prefix, mod.router)
    declare_errors()


def _operations(router):
    for path_view in router.path_operations.values():
        yield from path_view.operations
    for _prefix, child in getattr(router, "_routers", []):
        yield from _operations(child)


def declare_errors() -> None:
    """Give every operation the ``ERRORS`` responses it does not declare itself: what the
    exception handlers above can answer is in the OpenAPI schema of every operation."""
    for _prefix, router in api._routers:
        for operation in _operations(router):
            for status, model in ERRORS.items():
                if status not in operation.response_models:
                    operation.response_models[status] = operation._create_response_model(model)


register_routers()
