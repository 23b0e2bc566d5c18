"""Optional TOTP two-factor login (django-otp's TOTP devices).

- A user with a confirmed TOTP device gives a 6-digit code after the password
  (``accounts:two_factor_verify``); the password step alone does not log in.
- Anyone may set up a device (``accounts:two_factor_setup``: a QR code for an authenticator app).
- When an administrator switches ``SecurityPolicy.require_two_factor`` on, administrators and
  standing officers without a verified device are sent to the setup page from every page (and
  refused by the session API) until they have one (``TwoFactorRequiredMiddleware``).
- Wrong codes are throttled by django-otp (growing delays per device) and audited.
"""

from __future__ import annotations

import base64

from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from cchc.accounts.policy import two_factor_required

PENDING_KEY = "cchc_2fa_pending"
PENDING_SECONDS = 300


def confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def unconfirmed_device(user) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name="TOTP", confirmed=False)


def qr_data_uri(text: str) -> str:
    """The QR code of ``text`` as an SVG data URI (an <img>, allowed by the CSP's img-src data:)."""
    import segno

    svg = segno.make(text, error="m").svg_inline(scale=4, border=2)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


def secret_text(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode().rstrip("=")


EXEMPT_NAMES = {
    "accounts:login",
    "accounts:logout",
    "accounts:two_factor_setup",
    "accounts:two_factor_verify",
    "set_language",
}


class TwoFactorRequiredMiddleware:
    """Sends administrators and standing officers who must use two-factor login, but have not
    verified a device in this session, to the setup page (after django-otp's OTPMiddleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from django.conf import settings

        if settings.SESSION_COOKIE_NAME not in request.COOKIES:
            # no session: nobody is logged in, and the session is not touched, so public pages
            # (the survey form, published results) stay cookie-free and cacheable (no Vary: Cookie)
            return None
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        match = getattr(request, "resolver_match", None)
        name = (
            f"{match.namespace}:{match.url_name}"
            if match and match.namespace
            else (match.url_name if match else "")
        )
        if name in EXEMPT_NAMES or request.path.startswith("/static/"):
            return None
        if getattr(user, "is_verified", lambda: False)() or not two_factor_required(user):
            return None
        if request.path.startswith("/api/"):
            if request.headers.get("Authorization", "").startswith("Bearer "):
                return None  # a system's token, issued by an administrator: not a person's session
            return JsonResponse(
                {
                    "message": _("Cần bật xác thực hai lớp trước khi dùng hệ thống."),
                    "code": "two_factor_required",
                },
                status=403,
            )
        return redirect(reverse("accounts:two_factor_setup") + "?next=" + request.get_full_path())
