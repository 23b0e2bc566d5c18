"""Per-request state of the signed-in user: their grants (computed once), the unit they act for
(the unit switcher), and the session's idle timeout."""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject

from cchc.accounts.policy import grants_for

SESSION_KEY = "cchc_current_membership"


class GrantsMiddleware:
    """``request.grants``: what the signed-in user may do, computed on first use and then cached
    for the request (one membership query). It is the object :func:`cchc.accounts.policy.grants_for`
    returns for ``request.user``, so the gate's questions asked with ``request.user`` or with
    ``request.grants`` reuse it. Placed after the authentication middleware; evaluated lazily, so
    the API's token authentication (which sets ``request.user`` later) is seen too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.grants = SimpleLazyObject(lambda: grants_for(request.user))
        return self.get_response(request)


def request_grants(request):
    """The request's grants (``request.grants``; computed here when the middleware did not run)."""
    grants = getattr(request, "grants", None)
    return grants if grants is not None else grants_for(request.user)


def _current_membership(request):
    user = request.user
    if not user.is_authenticated:
        return None
    memberships = request_grants(request).memberships
    if not memberships:
        return None
    wanted = request.session.get(SESSION_KEY)
    for m in memberships:
        if m.pk == wanted:
            return m
    return memberships[0]


class CurrentUnitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = SimpleLazyObject(lambda: _current_membership(request))
        return self.get_response(request)


SEEN_KEY = "_cchc_seen"


def mark_session_seen(sender, request=None, **kwargs):
    """A login writes the session anyway: it starts the refresh window, so the next page view
    does not write it again."""
    import time

    session = getattr(request, "session", None)
    if session is not None:
        session[SEEN_KEY] = int(time.time())


class SessionRefreshMiddleware:
    """The idle timeout without a write per request: an active session is saved again (its age
    restarting) once every ``CCHC_SESSION_REFRESH_SECONDS``, so it expires between
    ``SESSION_COOKIE_AGE`` minus that and ``SESSION_COOKIE_AGE`` after the last activity."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and session.session_key and not session.is_empty():
            import time

            from django.conf import settings

            now = int(time.time())
            if now - int(session.get(SEEN_KEY, 0)) >= settings.CCHC_SESSION_REFRESH_SECONDS:
                session[SEEN_KEY] = now  # modified: SessionMiddleware saves it with a new expiry
        return response
