"""Writes to users and memberships."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from cchc.accounts.models import ApiToken, Membership, Role, User
from cchc.accounts.policy import Forbidden, can_manage_users
from cchc.audit.models import AuditAction
from cchc.audit.recording import record
from cchc.core.errors import DomainError


def check_can_manage_users(actor) -> None:
    if not can_manage_users(actor):
        raise Forbidden(_("Chỉ quản trị hệ thống được quản lý người dùng."))


def do_create_user(
    *,
    actor,
    username: str,
    password: str,
    full_name: str = "",
    email: str = "",
    memberships=(),
    is_superuser: bool = False,
) -> User:
    check_can_manage_users(actor)
    with transaction.atomic():
        if User.objects.filter(username__iexact=username).exists():
            raise DomainError(_("Tên đăng nhập %(u)s đã tồn tại.") % {"u": username}, code="duplicate")
        user = User(
            username=username,
            full_name=full_name,
            email=email,
            is_superuser=is_superuser,
            is_staff=is_superuser,
        )
        user.set_password(password)
        user.save()
        for unit, role in memberships:
            if role not in Role.values:
                raise DomainError(_("Vai trò không hợp lệ."))
            Membership.objects.create(user=user, unit=unit, role=role)
        record(
            actor=actor,
            action=AuditAction.CREATE,
            instance=user,
            after={
                "username": username,
                "full_name": full_name,
                "memberships": [f"{u.code}:{r}" for u, r in memberships],
            },
            unit=memberships[0][0] if memberships else None,
        )
        return user


def do_issue_token(*, actor, user: User, name: str) -> tuple[ApiToken, str]:
    if actor is not None and actor.pk != user.pk:
        check_can_manage_users(actor)
    with transaction.atomic():
        token, key = ApiToken.issue(user, name)
        record(
            actor=actor,
            action=AuditAction.CREATE,
            instance=token,
            after={"name": name, "user": user.username},
        )
        return token, key


def do_unlock_login(*, actor, user: User) -> int:
    """An administrator lifts every login delay of ``user`` (all addresses). Audited."""
    from cchc.accounts import throttle

    check_can_manage_users(actor)
    with transaction.atomic():
        removed = throttle.clear(user.username)
        User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None)
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=user,
            changes={"login_delays_removed": [removed, 0]},
            note="unlock_login",
        )
        return removed


def do_set_security_policy(*, actor, require_two_factor: bool):
    """An administrator switches mandatory two-factor login (admins, standing officers) on or off."""
    from cchc.accounts.models import SecurityPolicy
    from cchc.accounts.policy import can_set_security_policy

    if not can_set_security_policy(actor):
        raise Forbidden(_("Chỉ quản trị hệ thống được thay đổi chính sách đăng nhập."))
    with transaction.atomic():
        existing = SecurityPolicy.objects.select_for_update().filter(pk=1).first()
        before = existing.require_two_factor if existing else False
        policy = existing or SecurityPolicy(pk=1)
        policy.require_two_factor = bool(require_two_factor)
        policy.save()
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=policy,
            changes={"require_two_factor": [before, policy.require_two_factor]}
            if before != policy.require_two_factor
            else {},
        )
        return policy


def do_confirm_two_factor(*, actor, device, token: str) -> bool:
    """The user proves the new TOTP device works with one code; it becomes their login device."""
    if actor is None or device.user_id != actor.pk:
        raise Forbidden(_("Bạn chỉ được thiết lập xác thực hai lớp cho chính mình."))
    with transaction.atomic():
        if not device.verify_token((token or "").strip()):
            record(actor=actor, action=AuditAction.LOGIN_FAILED, instance=actor, note="two_factor_setup_wrong_code",
                   changes={"two_factor": "wrong_code"})  # fmt: skip
            return False
        device.confirmed = True
        device.save()
        device.__class__.objects.filter(user=actor, confirmed=True).exclude(pk=device.pk).delete()
        record(actor=actor, action=AuditAction.UPDATE, instance=actor, note="two_factor_enabled",
               changes={"two_factor": [False, True]})  # fmt: skip
        return True
