"""Which unit the user is acting for in this request (the unit switcher), and the request's grants
(``request.grants``)."""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject

SESSION_KEY = "cchc_current_membership"


def _current_membership(request):
    user = request.user
    if not user.is_authenticated:
        return None
    from cchc.accounts.policy import grants_for

    memberships = grants_for(user).memberships
    if not memberships:
        return None
    wanted = request.session.get(SESSION_KEY)
    for m in memberships:
        if m.pk == wanted:
            return m
    return memberships[0]


def _grants(request):
    from cchc.accounts.policy import grants_for

    return grants_for(request.user)


class CurrentUnitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = SimpleLazyObject(lambda: _current_membership(request))
        # the user's grants, for the kernel (menu, home) that may not import accounts.policy
        request.grants = SimpleLazyObject(lambda: _grants(request))
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
