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
    if not user.is_authenticated:
        return []
    items = [NavItem("Guidance and contacts", reverse("resources:library"))]
    if access.manages(user):
        items.append(
            NavItem("Keep the library", reverse("resources:manage"), menu="Administration")
        )
    return items
