"""Concerns in the main navigation, and what waits for the case roles and the
Prevent lead on their home page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

from podium.accounts import permissions
from podium.accounts.roles import Capability
from podium.concerns import access, selectors
from podium.core.navigation import NavItem
from podium.core.registry import Waiting
from podium.core.text import plural

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from podium.accounts.models import User


def concerns_navigation(user: User | AnonymousUser) -> list[NavItem]:
    """Share a concern: everyone signed in. The rest by capability."""
    if not user.is_authenticated:
        return []
    items = [NavItem("Share a concern", reverse("concerns:share"))]
    if access.is_case_role(user):
        items.append(NavItem("Concern cases", reverse("concerns:case-list")))
    if permissions.has_capability(user, Capability.VIEW_CONCERN_COUNTS):
        items.append(NavItem("Concern counts", reverse("concerns:counts")))
    if permissions.has_capability(user, Capability.MANAGE_REPORTABLE_EVENTS):
        items.append(NavItem("Reportable events", reverse("concerns:event-list")))
    if permissions.has_capability(user, Capability.BREAK_GLASS_CONCERNS):
        items.append(NavItem("Break-glass access", reverse("concerns:break-glass")))
    if permissions.can_institution_wide(user, Capability.CONFIGURE_CONCERNS):
        items.append(NavItem("Concern settings", reverse("concerns:settings")))
    return items


def home_waiting(user: User | AnonymousUser) -> list[Waiting]:
    lines: list[Waiting] = []
    if access.is_case_role(user):
        summary = selectors.waiting()
        cases = reverse("concerns:case-list")
        if summary.urgent:
            lines.append(
                Waiting(f"{plural(summary.urgent, 'urgent concern')} open", f"{cases}?show=urgent")
            )
        if summary.new:
            lines.append(
                Waiting(f"{plural(summary.new, 'new concern')} to triage", f"{cases}?show=new")
            )
        if summary.reviews_due:
            lines.append(
                Waiting(f"{plural(summary.reviews_due, 'case review')} due", f"{cases}?show=review")
            )
    if permissions.has_capability(user, Capability.MANAGE_REPORTABLE_EVENTS):
        overdue = selectors.unreported_events()
        if overdue:
            lines.append(
                Waiting(
                    f"{plural(overdue, 'reportable event')} not reported to the regulator",
                    reverse("concerns:event-list"),
                )
            )
    return lines
