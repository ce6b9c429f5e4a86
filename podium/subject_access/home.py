"""What subject access adds to the DPO's home page: "Waiting for you" lines and a
card of the requests due soon with their clocks."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.urls import reverse

from podium.accounts import permissions
from podium.accounts.roles import Capability
from podium.core.registry import Waiting
from podium.subject_access import selectors


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def waiting(user: Any) -> list[Waiting]:
    if not permissions.can_institution_wide(user, Capability.MANAGE_SUBJECT_ACCESS):
        return []
    counts = selectors.counts()
    url = reverse("subject_access:list")
    lines = []
    if counts["overdue"]:
        lines.append(
            Waiting(f"{_plural(counts['overdue'], 'subject access request')} overdue", url)
        )
    if counts["due_soon"]:
        lines.append(
            Waiting(
                f"{_plural(counts['due_soon'], 'subject access request')} due within 14 days", url
            )
        )
    if counts["reviewed"]:
        lines.append(
            Waiting(
                f"{_plural(counts['reviewed'], 'reviewed subject access export')} to release", url
            )
        )
    if counts["stopped"]:
        lines.append(
            Waiting(
                f"{_plural(counts['stopped'], 'subject access request')} waiting for "
                "the requester (clock stopped)",
                url,
            )
        )
    return lines


def card(user: Any) -> Mapping[str, Any]:
    if not permissions.can_institution_wide(user, Capability.MANAGE_SUBJECT_ACCESS):
        return {}
    due = selectors.due_soon()
    return {
        "subject_access_due": [
            {
                "sar": sar,
                "days_left": selectors.days_left(sar),
                "days_overdue": -selectors.days_left(sar),
            }
            for sar in due
        ],
        "subject_access_counts": selectors.counts(),
    }
