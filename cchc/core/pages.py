"""Pages translate domain errors once, at the edge, like the API does (``cchc/api.py``).

``PageErrorMiddleware.process_exception`` answers an error a page view did not handle itself:

- a registered not-found error (``accounts.policy.NotFound``) -> the 404 page, as ``Http404``;
- a registered forbidden error (``accounts.policy.Forbidden``) -> the 403 page, as
  ``PermissionDenied``;
- ``DomainError`` (``ConflictError`` included) -> its message (and up to ten details):
  - an htmx request: the fragment ``core/_page_error.html`` (status 200, so htmx swaps it in);
  - a POST: the message on the next page (``messages.error``) and a redirect back to the page the
    form was on (the same-site ``Referer``, else the posted URL);
  - anything else (a GET): the page ``core/page_error.html`` with status 400.

Before any page view runs, a query string or form field holding a NUL character (``%00``) is
refused with the 400 page: PostgreSQL cannot store or compare such a text, so a search box
given one would otherwise end in a server error (SQLite accepts it, PostgreSQL does not), and
no one types it. Uploaded files are left to their own checks, the API to its schemas.

A view that shows the error beside a field (re-rendering its form with what was typed) catches
``DomainError`` itself; only translation-only ``try``/``except`` blocks go. API paths (``/api/``)
are left to the API's own handlers.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.handlers.exception import response_for_exception
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from cchc.core.errors import FORBIDDEN, NOT_FOUND, DomainError


def attempt(request, action, success=""):
    """Run a page's write, for views that redirect whatever happens: ``action()`` (no arguments)
    runs; on success ``success`` (a text, or a function of the result giving one) becomes the
    next page's message and the result is returned; a ``DomainError`` becomes the message instead
    and None is returned. Not-found and forbidden errors go on to the middleware."""
    try:
        result = action()
    except DomainError as exc:
        messages.error(request, exc.message)
        return None
    text = success(result) if callable(success) else success
    if text:
        messages.success(request, text)
    return result


def error_text(exc: DomainError) -> str:
    """The message and up to ten details, as one line."""
    return " ".join([str(exc.message), *[_detail(d) for d in exc.details[:10]]])


def _detail(d) -> str:
    return str(d.get("message", "")) if isinstance(d, dict) else str(d)


def _back(request) -> str:
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return request.get_full_path()


_FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def _holds_nul(request) -> bool:
    """A NUL in the query string or in a posted form's fields (the CSRF check parses the form
    anyway; uploaded files are not fields)."""
    sources = [request.GET]
    if request.method == "POST" and request.content_type in _FORMS:
        sources.append(request.POST)
    return any(
        "\x00" in key or any("\x00" in v for v in values) for q in sources for key, values in q.lists()
    )


class PageErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith("/api/") and _holds_nul(request):
            text = _("Địa chỉ hoặc biểu mẫu chứa ký tự không hợp lệ (NUL); hãy nhập lại.")
            return render(request, "core/page_error.html", {"message": text}, status=400)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if request.path.startswith("/api/"):
            return None
        if isinstance(exception, tuple(NOT_FOUND)):
            return response_for_exception(request, Http404(str(exception)))
        if isinstance(exception, tuple(FORBIDDEN)):
            return response_for_exception(request, PermissionDenied(str(exception)))
        if not isinstance(exception, DomainError):
            return None
        text = error_text(exception)
        if request.headers.get("HX-Request"):
            return render(request, "core/_page_error.html", {"message": text})
        if request.method == "POST":
            messages.error(request, text)
            return redirect(_back(request))
        return render(request, "core/page_error.html", {"message": text}, status=400)
