"""Who may see and change which staff training records, built on
`podium.accounts.permissions` (capabilities over units):

- `VIEW_TRAINING` over a unit: see its staff, their status and completions.
- `MANAGE_TRAINING` over a unit: record completions for its staff.
- `MANAGE_TRAINING` over the whole institution: imports (a full HR file marks
  leavers everywhere), courses, requirements and staff groups.

Outside a person's units a staff record answers 404, as everywhere in Podium.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Q, QuerySet
from django.http import Http404

from podium.accounts import permissions
from podium.accounts.roles import Capability
from podium.training.models import Completion, StaffMember

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from podium.accounts.models import User


def staff_scope(
    user: User | AnonymousUser,
    capability: Capability = Capability.VIEW_TRAINING,
    prefix: str = "unit__",
) -> Q:
    """Records whose unit is in the person's scope. Over the whole institution that
    is every record: no filter (and no join to the unit table) at all."""
    if permissions.can_institution_wide(user, capability):
        return Q()
    return permissions.unit_scope(user, capability, prefix=prefix)


def visible_staff(user: User | AnonymousUser) -> QuerySet[StaffMember]:
    return StaffMember.objects.filter(staff_scope(user))


def get_staff_or_404(
    user: User | AnonymousUser, pk: Any, capability: Capability = Capability.VIEW_TRAINING
) -> StaffMember:
    """403 without the capability anywhere; 404 outside the person's units."""
    permissions.require(user, capability)
    try:
        return (
            StaffMember.objects.filter(staff_scope(user, capability))
            .select_related("unit", "group", "line_manager", "user")
            .get(pk=pk)
        )
    except (StaffMember.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def get_completion_or_404(user: User | AnonymousUser, pk: Any) -> Completion:
    permissions.require(user, Capability.VIEW_TRAINING)
    try:
        return Completion.objects.select_related("staff", "course").get(
            Q(pk=pk)
            & permissions.unit_scope(user, Capability.VIEW_TRAINING, prefix="staff__unit__")
        )
    except (Completion.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def require_administrator(user: User | AnonymousUser) -> None:
    """Imports, courses, requirements and groups: the whole institution's."""
    permissions.require_institution_wide(user, Capability.MANAGE_TRAINING)
