"""All writes to the org hierarchy. Each is one transaction: permission, validation, save, audit."""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils.translation import gettext as _

from cchc.accounts.policy import Forbidden, grants_for
from cchc.audit.models import AuditAction
from cchc.audit.recording import audited_change, lock, record, snapshot
from cchc.core.errors import DomainError
from cchc.orgs.models import OrgGroup, OrgUnit, SuccessionKind, UnitSuccession

EDITABLE_FIELDS = (
    "name",
    "short_name",
    "aliases",
    "level",
    "kind",
    "parent",
    "is_standing_agency",
    "is_finance_agency",
    "email",
    "valid_from",
    "valid_to",
)


def check_can_manage(actor) -> None:
    if actor is not None and not grants_for(actor).can_manage_orgs():
        raise Forbidden(_("Chỉ quản trị hệ thống được sửa danh mục cơ quan, đơn vị."))


def check_parent(unit: OrgUnit, parent: OrgUnit | None) -> None:
    node = parent
    for _step in range(25):
        if node is None:
            return
        if unit.pk and node.pk == unit.pk:
            raise DomainError(
                _("Đơn vị cha không được là chính nó hoặc đơn vị cấp dưới của nó."), code="cycle"
            )
        node = node.parent


def do_create_unit(
    *, actor, code: str, name: str, level: str, kind: str, parent: OrgUnit | None = None, **fields
) -> OrgUnit:
    check_can_manage(actor)
    with transaction.atomic():
        if OrgUnit.objects.filter(code=code).exists():
            raise DomainError(_("Mã đơn vị %(code)s đã tồn tại.") % {"code": code}, code="duplicate")
        unit = OrgUnit(code=code, name=name, level=level, kind=kind, parent=parent, **fields)
        unit.full_clean()
        unit.save()
        record(actor=actor, action=AuditAction.CREATE, instance=unit, after=snapshot(unit))
        return unit


def do_update_unit(*, actor, unit: OrgUnit, **changes) -> OrgUnit:
    check_can_manage(actor)
    with transaction.atomic():
        unit = lock(unit)
        with audited_change(unit, actor=actor):
            for key, value in changes.items():
                if key not in EDITABLE_FIELDS:
                    raise DomainError(_("Không được sửa trường %(field)s.") % {"field": key})
                setattr(unit, key, value)
            if "parent" in changes:
                check_parent(unit, unit.parent)
            unit.full_clean()
        return unit


_RECODE_HOOKS: list = []


def on_unit_recoded(func) -> None:
    """Register ``func(unit, *, actor)``, called in the writing transaction after a unit's code
    changed (tracking keeps the code its lists sort by on each assignment)."""
    if func not in _RECODE_HOOKS:
        _RECODE_HOOKS.append(func)


def unit_recoded(unit: OrgUnit, *, actor) -> None:
    """Run the registered callbacks (the writes that change a unit's code call this)."""
    for hook in _RECODE_HOOKS:
        hook(unit, actor=actor)


_CLOSE_HOOKS: list = []


def on_unit_closed(func) -> None:
    """Register ``func(unit, *, actor)``, called inside :func:`do_close_unit`'s transaction after
    the successions are saved (tracking moves the closed unit's open work to its successor)."""
    if func not in _CLOSE_HOOKS:
        _CLOSE_HOOKS.append(func)


def do_close_unit(
    *,
    actor,
    unit: OrgUnit,
    valid_to: dt.date,
    successors: list[OrgUnit] = (),
    kind: str = SuccessionKind.MERGE,
    note: str = "",
) -> OrgUnit:
    """Merge, split or rename: the unit stays (history keeps pointing at it) but ends on ``valid_to``."""
    check_can_manage(actor)
    with transaction.atomic():
        unit = lock(unit)
        before = snapshot(unit)
        if unit.valid_from and valid_to < unit.valid_from:
            raise DomainError(_("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."))
        unit.valid_to = valid_to
        unit.save()
        for successor in successors:
            if successor.pk == unit.pk:
                raise DomainError(_("Một đơn vị không thể kế thừa chính nó."))
            UnitSuccession.objects.update_or_create(
                predecessor=unit,
                successor=successor,
                defaults={"kind": kind, "date": valid_to + dt.timedelta(days=1), "note": note},
            )
        after = snapshot(unit)
        after["successors"] = [s.code for s in successors]
        record(actor=actor, action=AuditAction.UPDATE, instance=unit, before=before, after=after, note=note)
        for hook in _CLOSE_HOOKS:
            hook(unit, actor=actor)
        return unit


def do_save_group(
    *,
    actor,
    key: str,
    province: OrgUnit,
    name: str,
    aliases=(),
    levels=(),
    kinds=(),
    members=(),
    within: OrgUnit | None = None,
) -> OrgGroup:
    check_can_manage(actor)
    with transaction.atomic():
        group = OrgGroup.objects.filter(key=key).first()
        before = snapshot(group) if group else None
        if group is None:
            group = OrgGroup(key=key)
        group.province, group.name, group.within = province, name, within
        group.aliases, group.levels, group.kinds = list(aliases), list(levels), list(kinds)
        group.save()
        group.members.set(members)
        after = snapshot(group)
        after["members"] = sorted(m.code for m in members)
        record(
            actor=actor,
            action=AuditAction.UPDATE if before else AuditAction.CREATE,
            instance=group,
            before=before,
            after=after,
        )
        return group
