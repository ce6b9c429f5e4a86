"""The library's item of the main navigation: everyone signed in reads it; the
administrators who keep it also see "Resources library settings"."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

from podium.core.navigation import NavItem
from podium.resources import access

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from podium.accounts.models import User


def resources_navigation(user: User | AnonymousUser) -> list[NavItem]:
    # The library itself is linked from every signed-in page's header (base.html),
    # beside the account links, so the main navigation stays one row.
    if not user.is_authenticated or not access.manages(user):
        return []
    return [NavItem("Keep the library", reverse("resources:manage"), menu="Administration")]
