"""The data protection item of the main navigation, and what waits for the DPO."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse

from podium.accounts import permissions
from podium.accounts.roles import Capability
from podium.core.navigation import NavItem
from podium.core.registry import Figure, HomeCard, Waiting
from podium.core.text import plural
from podium.privacy import selectors

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from podium.accounts.models import User


def privacy_navigation(user: User | AnonymousUser) -> list[NavItem]:
    if permissions.has_capability(user, Capability.VIEW_PRIVACY):
        return [NavItem("Data protection", reverse("privacy:overview"), menu="Data protection")]
    return []


def home_waiting(user: User | AnonymousUser) -> list[Waiting]:
    """The DPO's waiting work: breaches whose 72-hour clock runs, a dry run whose
    records would go at the next run, the holds in force."""
    if not permissions.has_capability(user, Capability.MANAGE_PRIVACY):
        return []
    summary = selectors.summary()
    waiting = []
    if summary.clocks:
        waiting.append(
            Waiting(
                f"{plural(summary.clocks, 'breach', 'breaches')} with the 72-hour clock running",
                reverse("privacy:breach-list"),
            )
        )
    if summary.waiting_dry_run is not None:
        waiting.append(
            Waiting(
                f"Retention dry run: {plural(summary.waiting_dry_run.total_due, 'record')} "
                "would go at the next run",
                reverse("privacy:run-detail", args=[summary.waiting_dry_run.pk]),
            )
        )
    if summary.holds:
        waiting.append(
            Waiting(f"{plural(summary.holds, 'legal hold')} in force", reverse("privacy:hold-list"))
        )
    return waiting


def home_cards(user: User | AnonymousUser) -> list[HomeCard]:
    """The DPO's card (the auditor reads the same figures): breaches on the
    72-hour clock, legal holds in force, and — when a dry run newer than the last
    run found any — the records the next retention run will remove."""
    if not permissions.has_capability(user, Capability.VIEW_PRIVACY):
        return []
    summary = selectors.summary()
    figures = [
        Figure(
            "breaches with the 72-hour clock running",
            summary.clocks,
            reverse("privacy:breach-list"),
            attention=True,
            one="breach with the 72-hour clock running",
        ),
        Figure(
            "legal holds in force",
            summary.holds,
            reverse("privacy:hold-list"),
            one="legal hold in force",
        ),
    ]
    if summary.waiting_dry_run is not None:
        figures.append(
            Figure(
                "records the last dry run found due to go",
                summary.waiting_dry_run.total_due,
                reverse("privacy:run-detail", args=[summary.waiting_dry_run.pk]),
                one="record the last dry run found due to go",
            )
        )
    return [
        HomeCard(
            title="Data protection",
            figures=tuple(figures),
            actions=(Waiting("Retention schedule", reverse("privacy:schedule")),),
            more=Waiting("Record of processing", reverse("privacy:ropa")),
        )
    ]
