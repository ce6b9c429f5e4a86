"""The sharing items of the main navigation, and what waits for the DPO and the
sharers on their home pages."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.urls import reverse
from django.utils import timezone

from podium.core.navigation import NavItem
from podium.core.registry import Waiting
from podium.core.text import plural
from podium.sharing import access, selectors

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from podium.accounts.models import User


def sharing_navigation(user: User | AnonymousUser) -> list[NavItem]:
    items: list[NavItem] = []
    if access.sees_log(user):
        items.append(NavItem("Sharing log", reverse("sharing:disclosure-list")))
        items.append(NavItem("Speaker requests", reverse("sharing:request-list")))
    if access.keeps_registers(user):
        items.append(NavItem("Sharing registers", reverse("sharing:partner-list")))
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
        drafts = selectors.sharer_work().filter(state="draft").count()
        refused = selectors.sharer_work().filter(state="refused").count()
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
        incoming = selectors.incoming_requests_open().count()
        if incoming:
            waiting.append(
                Waiting(
                    f"{plural(incoming, 'speaker request')} from partners to answer",
                    reverse("sharing:request-list"),
                )
            )
    return waiting
