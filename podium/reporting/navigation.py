"""The return's navigation entries and home page lines: this year's return for
those who read it (Prevent lead, governor, auditor), the last year's return
awaiting sign-off for the governor."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

from podium.accounts import permissions
from podium.accounts.roles import Capability
from podium.core import academic_year
from podium.core.navigation import NavItem
from podium.core.registry import Figure, HomeCard, Waiting
from podium.reporting import selectors

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from podium.accounts.models import User


def _reads(user: User | AnonymousUser) -> bool:
    return permissions.can_institution_wide(user, Capability.VIEW_RETURN)


def _signs(user: User | AnonymousUser) -> bool:
    return permissions.can_institution_wide(user, Capability.SIGN_OFF_RETURN)


def return_navigation(user: User | AnonymousUser) -> list[NavItem]:
    items: list[NavItem] = []
    if _reads(user):
        items.append(
            NavItem("Prevent return", reverse("reporting:return-detail"), menu="Governance")
        )
    if permissions.can_institution_wide(user, Capability.PUBLISH_TRANSPARENCY):
        items.append(
            NavItem(
                "Transparency report", reverse("reporting:transparency-publish"), menu="Governance"
            )
        )
    return items


def home_waiting(user: User | AnonymousUser) -> list[Waiting]:
    """The governor's sign-off of last year's return; for those who publish it, last
    year's free-speech transparency report while it is unpublished."""
    if not user.is_authenticated:
        return []
    waiting: list[Waiting] = []
    if _signs(user):
        year = selectors.awaiting_sign_off()
        if year is not None:
            waiting.append(
                Waiting(
                    f"The {academic_year.label(year)} Prevent return awaits your sign-off",
                    f"{reverse('reporting:return-sign-off')}?year={year}",
                )
            )
    if permissions.can_institution_wide(user, Capability.PUBLISH_TRANSPARENCY):
        last = selectors.latest_complete_year()
        if selectors.published_report(last) is None:
            waiting.append(
                Waiting(
                    f"The {academic_year.label(last)} free-speech transparency report "
                    "is not published yet",
                    f"{reverse('reporting:transparency-publish')}?year={last}",
                )
            )
    return waiting


def home_cards(user: User | AnonymousUser) -> list[HomeCard]:
    """This year's return so far and the last year's awaiting sign-off."""
    if not user.is_authenticated or not _reads(user):
        return []
    current = selectors.current_year()
    awaiting = selectors.awaiting_sign_off()
    detail = reverse("reporting:return-detail")
    last = selectors.latest_complete_year()
    return [
        HomeCard(
            title=f"Prevent return {academic_year.label(current)} (the year so far)",
            figures=(
                Figure(
                    "event requests for events starting in the year (the return counts these)",
                    selectors.requests_counted(current),
                    f"{detail}?year={current}",
                    one="event request for an event starting in the year (the return counts these)",
                ),
                Figure(
                    f"returns awaiting sign-off ({academic_year.label(last)})",
                    0 if awaiting is None else 1,
                    f"{reverse('reporting:return-sign-off')}?year={last}"
                    if _signs(user)
                    else f"{detail}?year={last}",
                    attention=_signs(user),
                    one=f"return awaiting sign-off ({academic_year.label(last)})",
                ),
            ),
            more=Waiting(f"The {academic_year.label(last)} return", f"{detail}?year={last}"),
        )
    ]
