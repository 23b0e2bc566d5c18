"""Users, their memberships in units with a role, API tokens and login-failure tracking."""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMIN = "admin", _("Quản trị hệ thống")
    STANDING_OFFICER = "standing_officer", _("Cán bộ cơ quan thường trực CCHC")
    REPORTER = "reporter", _("Cán bộ báo cáo của đơn vị")
    UNIT_HEAD = "unit_head", _("Lãnh đạo đơn vị")
    COUNCIL_MEMBER = "council_member", _("Thành viên Hội đồng thẩm định")
    LEADER = "leader", _("Lãnh đạo tỉnh, thành phố")
    AUDITOR = "auditor", _("Kiểm tra nhật ký")


class User(AbstractUser):
    """A person who signs in. What they may do comes from their memberships (see policy)."""

    full_name = models.CharField(_("họ và tên"), max_length=255, blank=True)
    failed_logins = models.PositiveIntegerField(default=0, editable=False)
    locked_until = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self) -> str:
        return self.full_name or self.username

    def get_full_name(self) -> str:
        return self.full_name or super().get_full_name()


class Membership(models.Model):
    """``user`` acts for ``unit`` with ``role``. A user may hold several."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey("orgs.OrgUnit", on_delete=models.PROTECT, related_name="memberships")
    role = models.CharField(_("vai trò"), max_length=32, choices=Role.choices)

    class Meta:
        verbose_name = _("phân quyền")
        verbose_name_plural = _("phân quyền")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique_user_unit_role")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit}"


class ApiToken(models.Model):
    """A bearer token for a system integration. Only its hash is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("tên"), max_length=120)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=8, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, user: User, name: str) -> tuple[ApiToken, str]:
        key = "cchc_" + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, key_hash=cls.hash_key(key), prefix=key[5:13])
        return token, key


class LoginThrottle(models.Model):
    """Recent login failures for one (user name, client address), or for one address across
    every user name (``username`` empty). See ``cchc.accounts.throttle``.

    Rows exist for unknown user names too (the same answer as for real accounts), and a row's
    failures are forgotten once ``last_failure_at`` is older than the window.
    """

    username = models.CharField(max_length=150, blank=True)
    address = models.CharField(max_length=64)
    failures = models.PositiveIntegerField(default=0)
    last_failure_at = models.DateTimeField(null=True, blank=True, db_index=True)
    blocked_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("giới hạn đăng nhập")
        verbose_name_plural = _("giới hạn đăng nhập")
        constraints = [
            models.UniqueConstraint(fields=["username", "address"], name="login_throttle_unique_key")
        ]

    def __str__(self) -> str:
        return f"{self.username or '*'} @ {self.address}: {self.failures}"


class SecurityPolicy(models.Model):
    """Installation-wide login rules an administrator sets (one row, ``SecurityPolicy.current()``)."""

    require_two_factor = models.BooleanField(
        _("bắt buộc xác thực hai lớp cho quản trị và cán bộ thường trực"),
        default=False,
        help_text=_("Quản trị hệ thống và cán bộ cơ quan thường trực phải dùng mã TOTP khi đăng nhập."),
    )

    class Meta:
        verbose_name = _("chính sách đăng nhập")
        verbose_name_plural = _("chính sách đăng nhập")

    def __str__(self) -> str:
        return str(_("Chính sách đăng nhập"))

    @classmethod
    def current(cls) -> SecurityPolicy:
        return cls.objects.filter(pk=1).first() or cls(pk=1)
