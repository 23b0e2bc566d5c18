"""The grants core: what one user may do, computed once per request from their memberships,
the errors of the gate, and the one single-object lookup every ``access_*`` uses."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cached_property

from django.db.models import Q, QuerySet

from cchc.accounts.models import Membership, Role, User
from cchc.core import generations
from cchc.orgs.models import OrgUnit


class PolicyError(Exception):
    """Base of permission errors; translated to a message at the edge."""


class NotFound(PolicyError):
    """The object does not exist or the user may not see it."""


class Forbidden(PolicyError):
    """The user may see the object but not do this to it."""


READ_ALL_ROLES = {Role.STANDING_OFFICER, Role.LEADER, Role.COUNCIL_MEMBER, Role.AUDITOR}


# The generation of who may do what (``core.generations``): every write of a membership, an
# org unit (the tree the scopes walk) or the login rules bumps it in its transaction
# (``accounts.apps``), so a user's memberships and scopes, cached across requests under it, are
# read again on the very next request of every process after such a write.
ACCESS_GENERATION = "access"


def _access(user: User) -> dict:
    """The user's memberships (with their units) and the subtree of every unit their scopes
    start from: what a request used to read in 2–6 queries, cached under the access generation
    (stored only when read outside a transaction)."""

    def build() -> dict:
        memberships = list(
            Membership.objects.filter(user=user).select_related("unit", "unit__province", "unit__parent")
        )
        roots = {Grants._root(m): None for m in memberships}
        return {"memberships": memberships, "subtrees": {root.pk: root.descendant_ids() for root in roots}}

    return generations.cached(ACCESS_GENERATION, f"user:{user.pk}", build, committed_only=True)


class Grants:
    """What one user may do, computed once per request from their memberships.

    ``user`` is the request's user, read from the database on every request (Django's session
    authentication), so deactivation and ``is_superuser`` take effect at once; the memberships
    and the scopes' subtrees come from :func:`_access`."""

    def __init__(self, user: User | None):
        self.user = user
        active = user is not None and user.is_authenticated and user.is_active
        access = _access(user) if active else {"memberships": [], "subtrees": {}}
        self.memberships: list[Membership] = access["memberships"]
        self._subtrees: dict[int, set[int]] = dict(access["subtrees"])
        self.is_admin = bool(
            active and (user.is_superuser or any(m.role == Role.ADMIN for m in self.memberships))
        )

    def roles(self) -> set[str]:
        return {m.role for m in self.memberships} | ({Role.ADMIN} if self.is_admin else set())

    def has_role(self, *roles: str) -> bool:
        return self.is_admin or any(m.role in roles for m in self.memberships)

    def _scope_ids(self, roles: Iterable[str]) -> set[int]:
        """Ids of the units covered by memberships with ``roles``.

        A province-wide role covers the province; a standing agency below province level
        (Phòng Nội vụ of a district) covers the parent district's subtree.
        """
        ids: set[int] = set()
        roles = set(roles)
        for m in self.memberships:
            if m.role in roles:
                root = self._root(m)
                ids.add(root.pk)
                ids |= self._subtree(root)
        return ids

    @staticmethod
    def _root(m: Membership) -> OrgUnit:
        """The unit a membership's scope starts from."""
        return Grants._coordination_root(m.unit) if m.role in READ_ALL_ROLES else m.unit

    def _subtree(self, root: OrgUnit) -> set[int]:
        """``root.descendant_ids()``: cached with the memberships (:func:`_access`), walked at
        most once per request otherwise."""
        if root.pk not in self._subtrees:
            self._subtrees[root.pk] = root.descendant_ids()
        return self._subtrees[root.pk]

    @staticmethod
    def _coordination_root(unit: OrgUnit) -> OrgUnit:
        province = unit.province_root
        if unit.level in {"district"}:
            return unit
        if unit.parent is not None and unit.parent.level == "district":
            return unit.parent  # Phòng Nội vụ of a district coordinates that district
        return province or unit

    def _scope(self, roles: Iterable[str]) -> set[int] | None:
        """Units covered by memberships with ``roles``; None means all units (admin)."""
        return None if self.is_admin else self._scope_ids(roles)

    @cached_property
    def readable_unit_ids(self) -> set[int] | None:
        return self._scope(Role.values)

    @cached_property
    def reportable_unit_ids(self) -> set[int] | None:
        return self._scope({Role.REPORTER, Role.UNIT_HEAD})

    @cached_property
    def approvable_unit_ids(self) -> set[int] | None:
        return self._scope({Role.UNIT_HEAD})

    @cached_property
    def coordinated_unit_ids(self) -> set[int] | None:
        """The standing agency's: its province (a district's Phòng Nội vụ: its district)."""
        return self._scope({Role.STANDING_OFFICER})

    @cached_property
    def audit_unit_ids(self) -> set[int] | None:
        return self._scope({Role.AUDITOR, Role.STANDING_OFFICER})

    @staticmethod
    def _contains(ids: set[int] | None, unit: OrgUnit | int | None) -> bool:
        if unit is None:
            return ids is None
        pk = unit if isinstance(unit, int) else unit.pk
        return ids is None or pk in ids

    def can_read_unit(self, unit) -> bool:
        return self._contains(self.readable_unit_ids, unit)

    def can_report_for(self, unit) -> bool:
        return self._contains(self.reportable_unit_ids, unit)

    def can_approve_for(self, unit) -> bool:
        return self._contains(self.approvable_unit_ids, unit)

    def can_coordinate(self, unit) -> bool:
        return self._contains(self.coordinated_unit_ids, unit)

    def can_read_audit(self, unit=None) -> bool:
        if unit is None:
            return self.is_admin or bool(self.audit_unit_ids)
        return self._contains(self.audit_unit_ids, unit)

    def can_manage_orgs(self) -> bool:
        return self.is_admin

    def units_q(self, ids: set[int] | None, field: str = "pk") -> Q:
        return Q() if ids is None else Q(**{f"{field}__in": ids})


def grants_for(user) -> Grants:
    """What ``user`` may do, computed once and cached on the user object (one user object per
    request, so one membership query per request; ``request.grants`` is the same object, see
    :class:`cchc.accounts.middleware.GrantsMiddleware`). Every question of the gate accepts a
    user or these grants (the menu's ``allowed`` callbacks receive grants)."""
    if isinstance(user, Grants):
        return user
    cached = getattr(user, "_cchc_grants", None)
    if cached is None:
        cached = Grants(user)
        if user is not None:
            try:
                user._cchc_grants = cached
            except AttributeError:
                pass
    return cached


def readable(user, queryset: QuerySet, field: str = "unit_id") -> QuerySet:
    """``queryset`` limited to the rows of units ``user`` may read (its ``field`` names the unit);
    all rows for whoever reads every unit."""
    g = grants_for(user)
    return queryset.filter(g.units_q(g.readable_unit_ids, field))


def units_for(user, *, purpose: str = "read") -> QuerySet[OrgUnit]:
    g = grants_for(user)
    ids = {
        "read": g.readable_unit_ids,
        "report": g.reportable_unit_ids,
        "approve": g.approvable_unit_ids,
        "coordinate": g.coordinated_unit_ids,
    }[purpose]
    qs = OrgUnit.objects.all()
    return qs if ids is None else qs.filter(pk__in=ids)


def access_unit(user, unit_id, *, purpose: str = "read") -> OrgUnit:
    """The unit with ``unit_id`` if ``user`` may use it for ``purpose``; else ``NotFound``."""
    return scoped_get(units_for(user, purpose=purpose), unit_id)


def require(condition: bool, message: str = "") -> None:
    if not condition:
        raise Forbidden(message)


_MAX_PK = 2**63 - 1  # the largest id a database column holds (a larger one is not a row)


def scoped_get(queryset: QuerySet, key, *, field: str = "pk", check: Callable | None = None):
    """THE single-object lookup of every ``access_*``: the row of ``queryset`` (already scoped to
    what the user may read, e.g. ``plans_for(user)``) whose ``field`` is ``key``.

    ``NotFound`` for a malformed id, a missing row, a row outside the scope and a row failing
    ``check(row)`` (an extra permission question) alike, so a forged id reveals nothing.
    """
    if field == "pk" or field.endswith("_id"):
        try:
            value = int(key)
        except (TypeError, ValueError, OverflowError):
            raise NotFound from None
        if not -_MAX_PK <= value <= _MAX_PK:
            raise NotFound
    else:
        value = str(key)
    row = queryset.filter(**{field: value}).first()
    if row is None or (check is not None and not check(row)):
        raise NotFound
    return row


# --------------------------------------------------------------------------- questions of all apps


def unit_question(test: Callable[[Grants, object], bool]) -> Callable[[object, object], bool]:
    """A question ``question(user, unit)`` about one unit or province (object or id) that one of
    the grants' tests answers, e.g. ``unit_question(Grants.can_coordinate)``; the system (``user``
    None: commands, background jobs) always may."""

    def question(user, unit) -> bool:
        return user is None or test(grants_for(user), unit)

    return question


def is_member(user) -> bool:
    """Belongs to some unit (any role), or administers the system: the pages every member works
    in (plans, periodic reports, surveys, the PAR INDEX, the units' directory)."""
    g = grants_for(user)
    return g.is_admin or bool(g.memberships)


def is_coordinator(user) -> bool:
    """Coordinates some unit (a standing agency's officer), or administers the system."""
    ids = grants_for(user).coordinated_unit_ids
    return ids is None or bool(ids)


def acts_for_any_province(user) -> bool:
    """An administrator belongs to no province but may act for any: pages that offer the
    user's provinces fall back to (the first of) all provinces."""
    return grants_for(user).is_admin
