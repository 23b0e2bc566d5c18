"""Writes to users and memberships."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from cchc.accounts.models import ApiToken, Membership, Role, User
from cchc.accounts.policy import Forbidden, grants_for
from cchc.audit.models import AuditAction
from cchc.audit.recording import record
from cchc.core.errors import DomainError


def check_can_manage_users(actor) -> None:
    if actor is not None and not grants_for(actor).is_admin:
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
