"""The events items of the main navigation, with the counts people asked for:
how many requests wait for me, how many messages are unread."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

from podium.accounts import permissions
from podium.accounts.roles import Capability
from podium.events import access, selectors
from podium.notify import selectors as notify_selectors

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from podium.accounts.models import User
    from podium.core.navigation import NavItem


def events_navigation(user: User | AnonymousUser) -> list[NavItem]:
    from podium.core.navigation import NavItem

    items: list[NavItem] = []
    organises = permissions.has_capability(user, Capability.REQUEST_EVENTS)
    sees = any(permissions.has_capability(user, c) for c in access.SEEING)
    if organises or sees or access.acting_assignments(user):
        items.append(NavItem("Event requests", reverse("events:request-list")))
    if access.acting_assignments(user):
        items.append(
            NavItem(
                "Waiting for me",
                reverse("events:queue"),
                count=selectors.queue_count(user=user),
            )
        )
    if organises or sees or access.acting_assignments(user):
        items.append(
            NavItem(
                "Inbox",
                reverse("events:inbox"),
                count=notify_selectors.unread_count(user=user),
                count_label="unread",
            )
        )
    return items
