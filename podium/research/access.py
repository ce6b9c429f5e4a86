"""Who may see and act on which research registrations, built on
`podium.accounts.permissions` (capabilities over units):

- anyone signed in: registers their own projects and sees them;
- the supervisor named on a student's registration: sees it, approves or declines it;
- `APPROVE_RESEARCH` over the registration's unit (the department's approver):
  sees it, approves or declines it;
- `OVERSEE_RESEARCH` (the research governance officer): sees every registration in
  their units, and the lookup log;
- `LOOKUP_RESEARCH` (governance officer, Prevent lead, head of security): the
  rapid-response lookup, with a reason, over their units.

A registration outside a person's scope answers 404.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.http import Http404

from podium.accounts import permissions
from podium.accounts.roles import Capability
from podium.research.models import Registration

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from podium.accounts.models import User


def unit_filter(user: User | AnonymousUser, capability: Capability) -> Q:
    """Registrations whose unit is in the person's scope for `capability`; nothing
    (an always-false filter) without it."""
    if not permissions.has_capability(user, capability):
        return Q(pk__in=[])
    if permissions.can_institution_wide(user, capability):
        # Every row; not an empty Q(), which an OR would silently drop.
        return Q(pk__isnull=False)
    return permissions.unit_scope(user, capability, prefix="unit__")


def visible_filter(user: User | AnonymousUser) -> Q:
    """Own, supervised, to approve (the unit's), or overseen."""
    condition = Q(researcher_id=user.pk) | Q(supervisor_id=user.pk)
    for capability in (Capability.APPROVE_RESEARCH, Capability.OVERSEE_RESEARCH):
        if permissions.has_capability(user, capability):
            condition |= unit_filter(user, capability)
    return condition


def get_registration_or_404(user: User | AnonymousUser, pk: Any) -> Registration:
    try:
        return (
            Registration.objects.filter(visible_filter(user))
            .select_related(
                "researcher", "supervisor", "unit", "storage_location", "approved_by", "declined_by"
            )
            .prefetch_related("material_kinds")
            .get(pk=pk)
        )
    except (Registration.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def may_approve_as_approver(user: User | AnonymousUser, registration: Registration) -> bool:
    return permissions.can(user, Capability.APPROVE_RESEARCH, registration.unit)


def may_approve_as_supervisor(user: User | AnonymousUser, registration: Registration) -> bool:
    return registration.needs_supervisor and registration.supervisor_id == user.pk
