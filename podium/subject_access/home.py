"""What subject access adds to the DPO's home page: "Waiting for you" lines and a
card with the clocks: overdue, due soon, exports to release, clocks stopped."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from podium.accounts import permissions
from podium.accounts.roles import Capability
from podium.core.registry import Figure, HomeCard, Waiting
from podium.core.text import plural
from podium.subject_access import selectors


def waiting(user: Any) -> list[Waiting]:
    if not permissions.can_institution_wide(user, Capability.MANAGE_SUBJECT_ACCESS):
        return []
    counts = selectors.counts()
    url = reverse("subject_access:list")
    lines = []
    if counts["overdue"]:
        lines.append(Waiting(f"{plural(counts['overdue'], 'subject access request')} overdue", url))
    if counts["due_soon"]:
        lines.append(
            Waiting(
                f"{plural(counts['due_soon'], 'subject access request')} due within 14 days", url
            )
        )
    if counts["reviewed"]:
        lines.append(
            Waiting(
                f"{plural(counts['reviewed'], 'reviewed subject access export')} to release", url
            )
        )
    if counts["stopped"]:
        lines.append(
            Waiting(
                f"{plural(counts['stopped'], 'subject access request')} waiting for "
                "the requester (clock stopped)",
                url,
            )
        )
    return lines


def cards(user: Any) -> list[HomeCard]:
    """The DPO's card: the clocks they answer for, each figure opening the log."""
    if not permissions.can_institution_wide(user, Capability.MANAGE_SUBJECT_ACCESS):
        return []
    counts = selectors.counts()
    url = reverse("subject_access:list")
    return [
        HomeCard(
            title="Subject access requests",
            figures=(
                Figure("overdue", counts["overdue"], url, attention=True),
                Figure("due within 14 days", counts["due_soon"], url),
                Figure(
                    "reviewed exports to release",
                    counts["reviewed"],
                    url,
                    one="reviewed export to release",
                ),
                Figure("waiting for the requester (clock stopped)", counts["stopped"], url),
            ),
            actions=(Waiting("Log a request", reverse("subject_access:create")),),
            more=Waiting("The request log", url),
        )
    ]
