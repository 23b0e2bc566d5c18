from __future__ import annotations


def current_unit(request):
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    from cchc.accounts.middleware import request_grants

    g = request_grants(request)
    membership = request.membership if hasattr(request, "membership") else None
    return {
        "current_membership": membership if membership else None,
        "all_memberships": g.memberships,
        "grants": g,
    }
