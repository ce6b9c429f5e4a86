"""The training item of the main navigation."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

from podium.accounts import permissions
from podium.accounts.roles import Capability
from podium.core.navigation import NavItem

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from podium.accounts.models import User


def training_navigation(user: User | AnonymousUser) -> list[NavItem]:
    if permissions.has_capability(user, Capability.VIEW_TRAINING):
        return [NavItem("Training", reverse("training:dashboard"))]
    return []
