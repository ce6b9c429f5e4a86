"""The governance items of the main navigation, and what waits on the home page
of the Prevent lead, the governing body member and anyone owning an action."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils.formats import date_format

from podium.core.navigation import NavItem
from podium.core.registry import Figure, HomeCard, Waiting
from podium.core.text import plural
from podium.governance import access, selectors

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from podium.accounts.models import User


def governance_navigation(user: User | AnonymousUser) -> list[NavItem]:
    items: list[NavItem] = []
    if access.can_view(user):
        items.append(
            NavItem("Risk assessment", reverse("governance:assessment"), menu="Governance")
        )
    if access.can_view_complaints(user):
        items.append(NavItem("Complaints", reverse("governance:complaint-list"), menu="Governance"))
    if access.can_manage_code(user):
        items.append(NavItem("Code of practice", reverse("governance:code"), menu="Governance"))
    if access.can_configure(user):
        items.append(NavItem("Risk topics", reverse("governance:topic-list"), menu="Governance"))
    return items


def home_waiting(user: User | AnonymousUser) -> list[Waiting]:
    waiting: list[Waiting] = []
    if not user.is_authenticated:
        return waiting
    if access.can_sign(user):
        version = selectors.open_version()
        if version is not None and version.status == "awaiting":
            waiting.append(
                Waiting(
                    f"Risk assessment version {version.number} awaits your sign-off",
                    reverse("governance:version-sign", args=[version.pk]),
                )
            )
    if access.can_manage(user):
        overdue = selectors.overdue_count()
        if overdue:
            waiting.append(
                Waiting(
                    f"{plural(overdue, 'Prevent action')} overdue",
                    reverse("governance:action-list") + "?status=overdue",
                )
            )
        if selectors.assessment_is_stale():
            last = selectors.last_signed()
            waiting.append(
                Waiting(
                    "The Prevent risk assessment was last signed off more than a year ago"
                    if last
                    else "The Prevent risk assessment has never been signed off",
                    reverse("governance:assessment"),
                )
            )
    if access.can_manage_complaints(user):
        overdue_complaints = selectors.overdue_complaints(owner=user).count()
        if overdue_complaints:
            waiting.append(
                Waiting(
                    f"{plural(overdue_complaints, 'free-speech complaint')} past our 30 days",
                    reverse("governance:complaint-list") + "?stage=overdue",
                )
            )
    if access.can_manage_code(user) and selectors.notice_due():
        waiting.append(
            Waiting(
                "The yearly notice to students about the free-speech code is due"
                if selectors.last_notice()
                else "No notice to students about the free-speech code is recorded yet",
                reverse("governance:notice-list"),
            )
        )
    if not access.can_manage(user) and (own := selectors.own_overdue_count(user)) > 0:
        waiting.append(
            Waiting(
                f"{plural(own, 'Prevent action')} of yours overdue",
                reverse("governance:my-actions"),
            )
        )
    return waiting


def home_cards(user: User | AnonymousUser) -> list[HomeCard]:
    """The risk assessment card for those who read it (the governor, the Prevent
    lead, the auditor): when it was last signed off, a version awaiting sign-off,
    overdue actions. Always there, so the governing body's member sees the state
    of the assessment even when nothing waits for them."""
    if not access.can_view(user):
        return []
    last = selectors.last_signed()
    version = selectors.open_version()
    awaiting = 1 if version is not None and version.status == "awaiting" else 0
    assessment = reverse("governance:assessment")
    signed = (
        f"last signed off {date_format(last.signed_on, 'j F Y')}"
        if last is not None and last.signed_on is not None
        else "never signed off"
    )
    return [
        HomeCard(
            title=f"Prevent risk assessment ({signed})",
            figures=(
                Figure(
                    "versions awaiting sign-off",
                    awaiting,
                    reverse("governance:version-sign", args=[version.pk])
                    if awaiting and version is not None and access.can_sign(user)
                    else assessment,
                    attention=access.can_sign(user),
                    one="version awaiting sign-off",
                ),
                Figure(
                    "Prevent actions overdue",
                    selectors.overdue_count(),
                    reverse("governance:action-list") + "?status=overdue",
                    attention=True,
                    one="Prevent action overdue",
                ),
            ),
            more=Waiting("The risk assessment", assessment),
        )
    ]


def free_speech_cards(user: User | AnonymousUser) -> list[HomeCard]:
    """The free-speech officer's card: complaints with us, past our 30 days and
    escalated; the code of practice in force and the yearly notice to students."""
    manages_complaints = access.can_manage_complaints(user)
    manages_code = access.can_manage_code(user)
    if not (manages_complaints or manages_code):
        return []
    figures: list[Figure] = []
    if manages_complaints:
        counts = selectors.complaint_figures()
        complaints = reverse("governance:complaint-list")
        figures += [
            Figure(
                "complaints with us",
                counts.with_us,
                f"{complaints}?stage=with_provider",
                one="complaint with us",
            ),
            Figure(
                f"past our {selectors.PROVIDER_DAYS} days",
                counts.overdue,
                f"{complaints}?stage=overdue",
                attention=True,
            ),
            Figure(
                "escalated to a scheme",
                counts.escalated,
                f"{complaints}?stage=escalated",
            ),
        ]
    title = "Free-speech complaints"
    if manages_code:
        in_force = selectors.code_in_force()
        title = (
            f"Free speech (code of practice version {in_force.number} in force)"
            if in_force is not None
            else "Free speech (no code of practice published)"
        )
        figures.append(
            Figure(
                "yearly notices to students due",
                1 if selectors.notice_due() else 0,
                reverse("governance:notice-list"),
                attention=True,
                one="yearly notice to students due",
            )
        )
    more = (
        Waiting("The code of practice", reverse("governance:code"))
        if manages_code
        else Waiting("All complaints", reverse("governance:complaint-list"))
    )
    return [HomeCard(title=title, figures=tuple(figures), more=more)]


def all_cards(user: User | AnonymousUser) -> list[HomeCard]:
    return home_cards(user) + free_speech_cards(user)
