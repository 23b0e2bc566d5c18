"""Home page per role."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from cchc.accounts.models import Role
from cchc.accounts.policy import grants_for
from cchc.core import home_panels


@login_required
def home(request):
    g = grants_for(request.user)
    membership = request.membership or None
    role = membership.role if membership else (Role.ADMIN if g.is_admin else None)
    panels = home_panels.panels_for(request, role)
    return render(request, "core/home.html", {"role": role, "panels": panels})
