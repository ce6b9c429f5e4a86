"""The sharing items of the main navigation, and what waits for the DPO and the
sharers on their home pages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils import timezone

from podium.core.navigation import NavItem
from podium.core.registry import Figure, HomeCard, Waiting
from podium.core.text import plural
from podium.sharing import access, selectors

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from podium.accounts.models import User


def sharing_navigation(user: User | AnonymousUser) -> list[NavItem]:
    items: list[NavItem] = []
    if access.sees_log(user):
        items.append(
            NavItem("Sharing log", reverse("sharing:disclosure-list"), menu="Safeguarding")
        )
        items.append(
            NavItem("Speaker requests", reverse("sharing:request-list"), menu="Safeguarding")
        )
    if access.keeps_registers(user):
        items.append(
            NavItem("Sharing registers", reverse("sharing:partner-list"), menu="Safeguarding")
        )
    return items


def home_waiting(user: User | AnonymousUser) -> list[Waiting]:
    waiting: list[Waiting] = []
    log = reverse("sharing:disclosure-list")
    if access.may_sign_off(user):
        count = selectors.awaiting_sign_off().count()
        if count:
            waiting.append(
                Waiting(
                    f"{plural(count, 'disclosure')} awaiting your sign-off",
                    f"{log}?state=awaiting_sign_off",
                )
            )
        urgent = selectors.urgent_to_review()
        due = urgent.filter(review_due_on__lte=timezone.localdate()).count()
        count = urgent.count()
        if count:
            overdue = f" ({due} due or overdue)" if due else ""
            waiting.append(
                Waiting(
                    f"{plural(count, 'urgent disclosure')} to review after the fact{overdue}",
                    f"{log}?state=urgent",
                )
            )
    if access.keeps_registers(user):
        due = selectors.agreements_due().count()
        if due:
            waiting.append(
                Waiting(
                    f"{plural(due, 'data sharing agreement')} due for review",
                    reverse("sharing:agreement-list"),
                )
            )
    if access.may_share(user):
        work = selectors.sharer_figures()
        drafts, refused = work.drafts, work.refused
        if drafts:
            waiting.append(
                Waiting(f"{plural(drafts, 'draft disclosure')} to finish", f"{log}?state=draft")
            )
        if refused:
            waiting.append(
                Waiting(
                    f"{plural(refused, 'refused disclosure')} to correct",
                    f"{log}?state=refused",
                )
            )
        incoming = work.incoming
        if incoming:
            waiting.append(
                Waiting(
                    f"{plural(incoming, 'speaker request')} from partners to answer",
                    reverse("sharing:request-list"),
                )
            )
    return waiting


def home_cards(user: User | AnonymousUser) -> list[HomeCard]:
    """The sharing card, with the figures each role answers for: the DPO's
    sign-offs and after-the-fact reviews, the sharers' drafts and refusals, and the
    agreements due review for those who keep the registers."""
    figures: list[Figure] = []
    log = reverse("sharing:disclosure-list")
    if access.may_sign_off(user):
        figures.append(
            Figure(
                "disclosures awaiting your sign-off",
                selectors.awaiting_sign_off().count(),
                f"{log}?state=awaiting_sign_off",
                attention=True,
                one="disclosure awaiting your sign-off",
            )
        )
    if access.may_sign_off(user) or access.may_share(user):
        figures.append(
            Figure(
                "urgent disclosures to review after the fact",
                selectors.urgent_to_review().count(),
                f"{log}?state=urgent",
                attention=access.may_sign_off(user),
                one="urgent disclosure to review after the fact",
            )
        )
    if access.may_share(user):
        work = selectors.sharer_figures()
        figures += [
            Figure(
                "draft disclosures",
                work.drafts,
                f"{log}?state=draft",
                one="draft disclosure",
            ),
            Figure(
                "refused disclosures to correct",
                work.refused,
                f"{log}?state=refused",
                attention=True,
                one="refused disclosure to correct",
            ),
            Figure(
                "speaker requests from partners to answer",
                work.incoming,
                reverse("sharing:request-list"),
                one="speaker request from a partner to answer",
            ),
        ]
    if access.keeps_registers(user):
        figures.append(
            Figure(
                "data sharing agreements due for review",
                selectors.agreements_due().count(),
                reverse("sharing:agreement-list") + "?due=soon",
                one="data sharing agreement due for review",
            )
        )
    if not figures:
        return []
    return [
        HomeCard(
            title="Information sharing",
            figures=tuple(figures),
            more=Waiting("The sharing log", log),
        )
    ]
