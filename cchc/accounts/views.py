from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cchc.accounts.forms import LoginForm
from cchc.accounts.middleware import SESSION_KEY
from cchc.accounts.policy import grants_for


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if settings.DEMO:
            from cchc.core.demo_users import demo_user_rows

            ctx["demo_users"] = demo_user_rows()
        return ctx


class LogoutView(auth_views.LogoutView):
    pass


@login_required
@require_POST
def switch_unit(request):
    wanted = request.POST.get("membership", "")
    ids = {m.pk for m in grants_for(request.user).memberships}
    if not wanted.isdigit() or int(wanted) not in ids:
        messages.error(request, _("Đơn vị được chọn không hợp lệ."))
    else:
        request.session[SESSION_KEY] = int(wanted)
    nxt = request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(nxt, {request.get_host()}):
        nxt = "/"
    return redirect(nxt)
