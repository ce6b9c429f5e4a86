"""Who may keep the library: administrators of the whole institution
(`resources.manage`). Who may read a resource is the resource's own data
(`selectors.readable_filter`)."""

from __future__ import annotations

from typing import Any

from podium.accounts import permissions
from podium.accounts.roles import Capability


def manages(user: Any) -> bool:
    return permissions.can_institution_wide(user, Capability.MANAGE_RESOURCES)


def require_manager(user: Any) -> None:
    """403 unless the person keeps the library institution-wide."""
    permissions.require_institution_wide(user, Capability.MANAGE_RESOURCES)
