from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from cchc.accounts import two_factor
from cchc.accounts.actions import do_confirm_two_factor
from cchc.accounts.forms import LoginForm, TokenForm
from cchc.accounts.middleware import SESSION_KEY
from cchc.accounts.models import User
from cchc.accounts.policy import grants_for, two_factor_required
from cchc.accounts.throttle import client_address
from cchc.audit.models import AuditAction
from cchc.audit.recording import record


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        """A user with a TOTP device is not logged in by the password alone: the code comes next."""
        user = form.get_user()
        if two_factor.confirmed_device(user) is not None:
            self.request.session[two_factor.PENDING_KEY] = {
                "user": user.pk,
                "backend": user.backend,
                "at": time.time(),
                "next": self.get_success_url(),
            }
            return redirect("accounts:two_factor_verify")
        return super().form_valid(form)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        if settings.DEMO:
            from cchc.accounts.demo import demo_user_rows

            ctx["demo_users"] = demo_user_rows()
        return ctx


class LogoutView(auth_views.LogoutView):
    pass


def two_factor_verify(request):
    """The second step of a login: the 6-digit code of the user's authenticator app."""
    pending = request.session.get(two_factor.PENDING_KEY)
    if not pending or time.time() - pending.get("at", 0) > two_factor.PENDING_SECONDS:
        request.session.pop(two_factor.PENDING_KEY, None)
        return redirect("accounts:login")
    user = User.objects.filter(pk=pending["user"], is_active=True).first()
    device = two_factor.confirmed_device(user) if user else None
    if device is None:
        request.session.pop(two_factor.PENDING_KEY, None)
        return redirect("accounts:login")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _why = device.verify_is_allowed()
        if allowed and device.verify_token(form.cleaned_data["token"]):
            request.session.pop(two_factor.PENDING_KEY, None)
            user.backend = pending["backend"]
            auth_login(request, user)
            otp_login(request, device)
            nxt = pending.get("next") or "/"
            if not url_has_allowed_host_and_scheme(nxt, {request.get_host()}):
                nxt = "/"
            return redirect(nxt)
        record(
            actor=None, action=AuditAction.LOGIN_FAILED, instance=user, note="two_factor_wrong_code",
            changes={"username": user.username, "address": client_address(request), "reason": "two_factor"},
        )  # fmt: skip
        form.add_error(
            "token",
            _("Mã xác thực không đúng hoặc đã hết hạn.")
            if allowed
            else _("Nhập sai mã nhiều lần. Vui lòng chờ một lát rồi thử lại."),
        )
    return render(
        request, "accounts/two_factor_verify.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
def two_factor_setup(request):
    """Set up (or replace) the user's TOTP device: scan the QR code, confirm with one code."""
    device = two_factor.unconfirmed_device(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if do_confirm_two_factor(actor=request.user, device=device, token=form.cleaned_data["token"]):
            otp_login(request, device)
            messages.success(
                request, _("Đã bật xác thực hai lớp. Từ nay đăng nhập cần mã của ứng dụng xác thực.")
            )
            nxt = request.GET.get("next", "")
            if not url_has_allowed_host_and_scheme(nxt, {request.get_host()}):
                nxt = "/"
            return redirect(nxt or "/")
        form.add_error("token", _("Mã xác thực không đúng. Kiểm tra giờ trên điện thoại rồi thử lại."))
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr": two_factor.qr_data_uri(device.config_url),
            "secret": two_factor.secret_text(device),
            "has_device": two_factor.confirmed_device(request.user) is not None,
            "required": two_factor_required(request.user),
        },
        status=400 if form.errors else 200,
    )


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
