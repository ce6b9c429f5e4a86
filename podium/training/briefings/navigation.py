"""The briefing's menu item, home card and "Waiting for you" line."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils import timezone

from podium.accounts import permissions
from podium.accounts.roles import Capability
from podium.core.navigation import NavItem
from podium.core.registry import Figure, HomeCard, Waiting
from podium.training.briefings import selectors

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from podium.accounts.models import User


def briefing_navigation(user: User | AnonymousUser) -> list[NavItem]:
    if permissions.has_capability(user, Capability.VIEW_BRIEFINGS):
        return [
            NavItem("Student briefings", reverse("training:briefing-organisers"), menu="Events")
        ]
    return []


def home_cards(user: User | AnonymousUser) -> list[HomeCard]:
    """For the students' union reviewer (and administrators, auditors): how many
    student organisers are briefed, not briefed, or about to lapse."""
    if not permissions.has_capability(user, Capability.VIEW_BRIEFINGS):
        return []
    counts = selectors.counts(user)
    page = reverse("training:briefing-organisers")
    actions = (
        (Waiting("Record a session's attendance", reverse("training:briefing-attendance")),)
        if permissions.has_capability(user, Capability.MANAGE_BRIEFINGS)
        else ()
    )
    return [
        HomeCard(
            title="Student organiser briefings",
            figures=(
                Figure("not briefed", counts.not_briefed, f"{page}?status=not_briefed", True),
                Figure("expiring soon", counts.expiring, f"{page}?status=expiring"),
                Figure("briefed", counts.briefed, f"{page}?status=briefed"),
            ),
            actions=actions,
            more=Waiting("Student organiser briefings", page),
        )
    ]


def waiting(user: User | AnonymousUser) -> list[Waiting]:
    """A student organiser whose briefing is missing, lapsed or about to lapse."""
    if not selectors.is_student_organiser(user) or selectors.current_version() is None:
        return []
    until = selectors.briefed_until(user)
    today = timezone.localdate()
    if until is None or until < today:
        text = "Complete the student event-organiser briefing"
        return [Waiting(text, reverse("training:briefing"))]
    if (until - today).days <= selectors.remind_days():
        return [
            Waiting(
                f"Renew your student event-organiser briefing (lapses {until.day} {until:%B %Y})",
                reverse("training:briefing"),
            )
        ]
    return []
