"""Which unit the user is acting for in this request (the unit switcher)."""

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


class CurrentUnitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = SimpleLazyObject(lambda: _current_membership(request))
        return self.get_response(request)
