"""The research item of the main navigation and the home page's waiting lines."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

from podium.accounts import permissions
from podium.accounts.roles import Capability
from podium.core.navigation import NavItem
from podium.core.registry import Figure, HomeCard, Waiting
from podium.core.text import plural
from podium.research import selectors

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from podium.accounts.models import User


def research_navigation(user: User | AnonymousUser) -> list[NavItem]:
    """Everyone signed in may register research; the lookup and lists for their roles."""
    if not user.is_authenticated:
        return []
    items = [NavItem("Research", reverse("research:list"), menu="Governance")]
    if permissions.has_capability(user, Capability.LOOKUP_RESEARCH):
        items.append(NavItem("Research lookup", reverse("research:lookup"), menu="Governance"))
    if permissions.can_institution_wide(user, Capability.CONFIGURE_RESEARCH):
        items.append(NavItem("Research lists", reverse("research:lists"), menu="Governance"))
    return items


def home_waiting(user: User | AnonymousUser) -> list[Waiting]:
    counts = selectors.home_counts(user)
    listing = reverse("research:list")
    waiting = []
    if counts.to_approve:
        waiting.append(
            Waiting(
                f"{plural(counts.to_approve, 'research registration')} awaiting your approval",
                f"{listing}?show=to_approve",
            )
        )
    if counts.ending_soon:
        waiting.append(
            Waiting(
                f"{plural(counts.ending_soon, 'research registration')} of yours ending soon: "
                "renew or close",
                f"{listing}?show=mine&state=registered",
            )
        )
    # The register as a whole is the overseer's card (home_cards), not a line here.
    return waiting


def home_cards(user: User | AnonymousUser) -> list[HomeCard]:
    """The research governance officer's card: registrations awaiting their
    approval, the register over what they oversee, and what ends soon."""
    overseen = selectors.overseen_figures(user)
    if overseen is None:
        return []
    counts = selectors.home_counts(user)
    listing = reverse("research:list")
    return [
        HomeCard(
            title="Security-sensitive research register",
            figures=(
                Figure(
                    "awaiting your approval",
                    counts.to_approve,
                    f"{listing}?show=to_approve",
                    attention=True,
                ),
                Figure(
                    "awaiting approval in all",
                    overseen.submitted,
                    f"{listing}?show=all&state=submitted",
                ),
                Figure(
                    "registered",
                    overseen.registered,
                    f"{listing}?show=all&state=registered",
                ),
                Figure(
                    f"ending within {selectors.ENDING_SOON_DAYS} days",
                    overseen.ending_soon,
                    f"{listing}?show=ending_soon",
                ),
            ),
            more=Waiting("The research register", listing),
        )
    ]
