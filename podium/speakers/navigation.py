"""The speaker register's items of the main navigation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

from podium.core.navigation import NavItem
from podium.speakers import access

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from podium.accounts.models import User


def speakers_navigation(user: User | AnonymousUser) -> list[NavItem]:
    items: list[NavItem] = []
    if access.may_use_register(user):
        items.append(NavItem("Speakers", reverse("speakers:speaker-list"), menu="Events"))
    if access.may_configure(user):
        items.append(NavItem("Speaker settings", reverse("speakers:settings"), menu="Events"))
    return items
