"""The training item of the main navigation, and the training card on the home page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

from podium.accounts import permissions
from podium.accounts.roles import Capability
from podium.core.navigation import NavItem
from podium.core.registry import Figure, HomeCard, Waiting
from podium.training import selectors
from podium.training.rules import Status

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from podium.accounts.models import User


def training_navigation(user: User | AnonymousUser) -> list[NavItem]:
    if permissions.has_capability(user, Capability.VIEW_TRAINING):
        return [NavItem("Training", reverse("training:dashboard"), menu="Governance")]
    return []


def home_cards(user: User | AnonymousUser) -> list[HomeCard]:
    """The training card on the home page, for people who answer for staff
    training (administrators, the Prevent lead, line managers: their scope)."""
    figures = selectors.home_figures(user=user)
    if figures is None:
        return []
    status = reverse("training:status-list")
    return [
        HomeCard(
            title="Staff Prevent training",
            figures=(
                Figure("overdue", figures[Status.OVERDUE], f"{status}?status=overdue", True),
                Figure("due soon", figures[Status.DUE_SOON], f"{status}?status=due_soon"),
                Figure("never trained", figures[Status.NEVER], f"{status}?status=never", True),
            ),
            more=Waiting("Training compliance", reverse("training:dashboard")),
        )
    ]
