from __future__ import annotations

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Tên đăng nhập hoặc mật khẩu không đúng."),
        "inactive": _("Tài khoản này đã bị khóa."),
        "locked": _("Tài khoản tạm bị khóa do đăng nhập sai nhiều lần. Vui lòng thử lại sau ít phút."),
    }

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            if getattr(self.request, "cchc_locked", False):
                raise forms.ValidationError(self.error_messages["locked"], code="locked") from None
            raise
