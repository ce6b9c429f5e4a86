"""The one place that answers "may this person do X here?" and "which records may
this person see?". Every view, API endpoint and service asks this module.

Deny by default: a person with no current role assignment granting a capability
may not use it anywhere. Views turn the answers into responses with one rule:

* the person lacks the capability everywhere -> 403 (`require`);
* the person has it, but not over this record's unit -> 404 (`get_unit_or_404`,
  and each app's own access helper built on `unit_scope`), so an outsider cannot
  even learn that the record exists.
"""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from podium.accounts.models import OrgUnit, RoleAssignment
from podium.accounts.roles import Capability, capabilities_of

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from podium.accounts.models import User

_CACHE_ATTRIBUTE = "_podium_current_assignments"


def current_assignments(user: User | AnonymousUser) -> list[RoleAssignment]:
    """The person's current role assignments, read once per request."""
    if not user.is_authenticated or not user.is_active:
        return []
    cached: list[RoleAssignment] | None = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None:
        cached = list(RoleAssignment.objects.current().filter(user=user).select_related("unit"))
        setattr(user, _CACHE_ATTRIBUTE, cached)
    return cached


def forget_assignments(user: User) -> None:
    """Drop the per-request cache after the person's roles change."""
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


def _granting(user: User | AnonymousUser, capability: Capability) -> list[RoleAssignment]:
    return [a for a in current_assignments(user) if capability in capabilities_of(a.role)]


def has_capability(user: User | AnonymousUser, capability: Capability) -> bool:
    """True when the person may use `capability` over at least one unit."""
    return bool(_granting(user, capability))


def unit_scope(user: User | AnonymousUser, capability: Capability, prefix: str = "") -> Q:
    """A filter selecting the units over which the person holds `capability`.

    `prefix` points the filter at a unit through a relation, e.g. `unit__` for
    records that belong to a unit. A person without the capability gets a filter
    that matches nothing.
    """
    conditions = [
        Q(**{f"{prefix}path__startswith": a.unit.path})
        if a.include_descendants
        else Q(**{f"{prefix}pk": a.unit.pk})
        for a in _granting(user, capability)
    ]
    if not conditions:
        return Q(pk__in=[])
    return reduce(or_, conditions)


def units_where(user: User | AnonymousUser, capability: Capability) -> QuerySet[OrgUnit]:
    return OrgUnit.objects.filter(unit_scope(user, capability))


def can(user: User | AnonymousUser, capability: Capability, unit: OrgUnit | None = None) -> bool:
    """May the person use `capability` over `unit` (or anywhere, with no unit)?"""
    granting = _granting(user, capability)
    if unit is None:
        return bool(granting)
    return any(
        unit.is_within(a.unit) if a.include_descendants else unit.pk == a.unit.pk for a in granting
    )


def can_institution_wide(user: User | AnonymousUser, capability: Capability) -> bool:
    """Holds `capability` over the whole institution (the root unit and all below)."""
    return any(
        a.unit.parent_id is None and a.include_descendants for a in _granting(user, capability)
    )


def require(user: User | AnonymousUser, capability: Capability) -> None:
    """403 unless the person holds `capability` somewhere."""
    if not has_capability(user, capability):
        raise PermissionDenied


def require_institution_wide(user: User | AnonymousUser, capability: Capability) -> None:
    """403 unless the person holds `capability` over the whole institution."""
    if not can_institution_wide(user, capability):
        raise PermissionDenied


def get_unit_or_404(user: User | AnonymousUser, capability: Capability, pk: Any) -> OrgUnit:
    """The unit, if the person holds `capability` over it: 403 without the capability
    anywhere, 404 when the unit is outside their scope or does not exist."""
    require(user, capability)
    try:
        return units_where(user, capability).get(pk=pk)
    except (OrgUnit.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
