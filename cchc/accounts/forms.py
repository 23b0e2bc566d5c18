from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Tên đăng nhập hoặc mật khẩu không đúng."),
        "inactive": _("Tài khoản này đã bị khóa."),
        "throttled": _(
            "Đăng nhập sai nhiều lần. Vui lòng chờ %(wait)s rồi thử lại, hoặc liên hệ quản trị hệ thống."
        ),
    }

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            seconds = getattr(self.request, "cchc_throttled", None)
            if seconds is not None:
                # The same message for real and unknown user names: throttling is per name typed.
                raise forms.ValidationError(
                    self.error_messages["throttled"], code="throttled", params={"wait": wait_text(seconds)}
                ) from None
            raise


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Mã xác thực (6 chữ số)"),
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_token(self):
        token = self.cleaned_data["token"].strip().replace(" ", "")
        if not token.isdigit():
            raise forms.ValidationError(_("Mã xác thực gồm các chữ số."))
        return token


def wait_text(seconds: int) -> str:
    if seconds < 60:
        return ngettext("%(n)s giây", "%(n)s giây", seconds) % {"n": seconds}
    minutes = -(-seconds // 60)
    return ngettext("%(n)s phút", "%(n)s phút", minutes) % {"n": minutes}
