"""Concerns in the main navigation, and what waits for the case roles and the
Prevent lead on their home page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

from podium.accounts import permissions
from podium.accounts.roles import Capability
from podium.concerns import access, selectors
from podium.core.navigation import NavItem
from podium.core.registry import Figure, HomeCard, Waiting
from podium.core.text import plural

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from podium.accounts.models import User


def concerns_navigation(user: User | AnonymousUser) -> list[NavItem]:
    """Share a concern: everyone signed in (students only when the institution
    allows it). The rest by capability."""
    if not user.is_authenticated:
        return []
    items = []
    if access.may_share(user):
        items.append(NavItem("Share a concern", reverse("concerns:share")))
    if access.is_case_role(user):
        items.append(NavItem("Concern cases", reverse("concerns:case-list"), menu="Safeguarding"))
        items.append(
            NavItem("Break-glass uses", reverse("concerns:break-glass-uses"), menu="Safeguarding")
        )
    if permissions.has_capability(user, Capability.VIEW_CONCERN_COUNTS):
        items.append(NavItem("Concern counts", reverse("concerns:counts"), menu="Safeguarding"))
    if permissions.has_capability(user, Capability.MANAGE_REPORTABLE_EVENTS):
        items.append(
            NavItem("Reportable events", reverse("concerns:event-list"), menu="Safeguarding")
        )
    if permissions.has_capability(user, Capability.BREAK_GLASS_CONCERNS):
        items.append(
            NavItem("Break-glass access", reverse("concerns:break-glass"), menu="Safeguarding")
        )
    if permissions.can_institution_wide(user, Capability.CONFIGURE_CONCERNS):
        items.append(NavItem("Concern settings", reverse("concerns:settings"), menu="Safeguarding"))
    return items


def home_waiting(user: User | AnonymousUser) -> list[Waiting]:
    lines: list[Waiting] = []
    if access.is_case_role(user):
        summary = selectors.case_figures()  # the card's figures, read once per page
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


def home_cards(user: User | AnonymousUser) -> list[HomeCard]:
    """The case roles' card (Prevent lead, safeguarding officer): open cases by
    stage, urgent ones, reviews due, and cases under live break-glass access. Nobody
    else gets it, not even as zeros: outside the case roles the cases do not exist."""
    if not access.is_case_role(user):
        return []
    figures = selectors.case_figures()
    cases = reverse("concerns:case-list")
    return [
        HomeCard(
            title="Prevent concern cases",
            figures=(
                Figure("new, to triage", figures.new, f"{cases}?show=new", attention=True),
                Figure("triaged", figures.triaged, f"{cases}?show=stage-triaged"),
                Figure(
                    "with the Prevent lead involved",
                    figures.lead_involved,
                    f"{cases}?show=stage-lead",
                ),
                Figure(
                    "with external advice sought",
                    figures.advice_sought,
                    f"{cases}?show=stage-advice",
                ),
                Figure("formally referred", figures.referred, f"{cases}?show=stage-referred"),
                Figure("urgent", figures.urgent, f"{cases}?show=urgent", attention=True),
                Figure(
                    "reviews due or overdue",
                    figures.reviews_due,
                    f"{cases}?show=review",
                    attention=True,
                    one="review due or overdue",
                ),
                Figure(
                    "cases under live break-glass access",
                    figures.live_grants,
                    f"{cases}?show=break-glass",
                    attention=True,
                    one="case under live break-glass access",
                ),
            ),
            actions=(Waiting("Review break-glass uses", reverse("concerns:break-glass-uses")),),
            more=Waiting("All open cases", f"{cases}?show=open"),
            until=figures.grants_change_at,
        )
    ]
