"""The navigation each person sees, from what they may do."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from podium.accounts import permissions
from podium.accounts.models import User
from podium.accounts.roles import Capability
from podium.events.navigation import events_navigation
from podium.speakers.navigation import speakers_navigation
from podium.training.navigation import training_navigation


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    count: int | None = None  # shown beside the label, e.g. how many wait
    count_label: str = "waiting"  # read after the count by screen readers

    def is_current(self, path: str) -> bool:
        return path == self.url if self.url == "/" else path.startswith(self.url)


def navigation_for(user: User | AnonymousUser) -> list[NavItem]:
    if not user.is_authenticated:
        return []
    items = [NavItem("Home", reverse("core:home"))]
    items += training_navigation(user)
    items += events_navigation(user)
    if permissions.has_capability(user, Capability.MANAGE_UNITS) or permissions.has_capability(
        user, Capability.VIEW_PEOPLE
    ):
        items.append(NavItem("Units", reverse("accounts:unit-list")))
    if permissions.can_institution_wide(user, Capability.VIEW_PEOPLE):
        items.append(NavItem("People", reverse("accounts:user-list")))
    if permissions.has_capability(user, Capability.VIEW_AUDIT):
        items.append(NavItem("Audit log", reverse("audit:entry-list")))
    if permissions.can_institution_wide(user, Capability.CONFIGURE_EVENTS):
        items.append(NavItem("Event rules", reverse("events:policy-overview")))
    if permissions.has_capability(user, Capability.VIEW_EVENT_CALENDAR):
        items.append(NavItem("Calendar", reverse("events:calendar")))
    if permissions.can_institution_wide(user, Capability.MANAGE_SECURITY):
        items.append(NavItem("Sign-in rules", reverse("accounts:security-settings")))
    items += speakers_navigation(user)
    return items
