"""Who may open what in governance. Everything is institution-wide: a role held
over the whole institution (the root unit and all below) grants it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied
from django.http import Http404

from podium.accounts import permissions
from podium.accounts.roles import Capability
from podium.governance.models import ActionItem

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from podium.accounts.models import User


def can_view(user: User | AnonymousUser) -> bool:
    return permissions.can_institution_wide(user, Capability.VIEW_RISK_ASSESSMENT)


def can_manage(user: User | AnonymousUser) -> bool:
    return permissions.can_institution_wide(user, Capability.MANAGE_RISK_ASSESSMENT)


def can_sign(user: User | AnonymousUser) -> bool:
    return permissions.can_institution_wide(user, Capability.SIGN_OFF_RISK_ASSESSMENT)


def can_configure(user: User | AnonymousUser) -> bool:
    return permissions.can_institution_wide(user, Capability.CONFIGURE_GOVERNANCE)


def require_view(user: User | AnonymousUser) -> None:
    if not can_view(user):
        raise PermissionDenied


def require_manage(user: User | AnonymousUser) -> None:
    if not can_manage(user):
        raise PermissionDenied


def require_sign(user: User | AnonymousUser) -> None:
    if not can_sign(user):
        raise PermissionDenied


def require_configure(user: User | AnonymousUser) -> None:
    if not can_configure(user):
        raise PermissionDenied


def get_action_or_404(user: User | AnonymousUser, pk: int) -> ActionItem:
    """An action, for those who read the assessment or own the action; 404 for others."""
    try:
        item = ActionItem.objects.select_related("risk", "owner").get(pk=pk)
    except ActionItem.DoesNotExist:
        raise Http404 from None
    if can_view(user) or item.owner_id == getattr(user, "pk", None):
        return item
    raise Http404


def can_view_complaints(user: User | AnonymousUser) -> bool:
    return permissions.can_institution_wide(user, Capability.VIEW_COMPLAINTS)


def can_manage_complaints(user: User | AnonymousUser) -> bool:
    return permissions.can_institution_wide(user, Capability.MANAGE_COMPLAINTS)


def require_view_complaints(user: User | AnonymousUser) -> None:
    if not can_view_complaints(user):
        raise PermissionDenied


def require_manage_complaints(user: User | AnonymousUser) -> None:
    if not can_manage_complaints(user):
        raise PermissionDenied


def can_manage_code(user: User | AnonymousUser) -> bool:
    return permissions.can_institution_wide(user, Capability.MANAGE_CODE)


def require_manage_code(user: User | AnonymousUser) -> None:
    if not can_manage_code(user):
        raise PermissionDenied
