"""The accounts items of the main navigation: units, people and the audit log;
and, later in the menu, the sign-in rules."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

from podium.accounts import permissions
from podium.accounts.roles import Capability
from podium.core.navigation import NavItem

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from podium.accounts.models import User


def people_navigation(user: User | AnonymousUser) -> list[NavItem]:
    items: list[NavItem] = []
    if permissions.has_capability(user, Capability.MANAGE_UNITS) or permissions.has_capability(
        user, Capability.VIEW_PEOPLE
    ):
        items.append(NavItem("Units", reverse("accounts:unit-list"), menu="Administration"))
    if permissions.can_institution_wide(user, Capability.VIEW_PEOPLE):
        items.append(NavItem("People", reverse("accounts:user-list"), menu="Administration"))
    if permissions.has_capability(user, Capability.VIEW_AUDIT):
        items.append(NavItem("Audit log", reverse("audit:entry-list"), menu="Administration"))
    return items


def security_navigation(user: User | AnonymousUser) -> list[NavItem]:
    if permissions.can_institution_wide(user, Capability.MANAGE_SECURITY):
        return [
            NavItem("Sign-in rules", reverse("accounts:security-settings"), menu="Administration")
        ]
    return []
