"""The exchange's navigation items, and the administrator's home card: keys
waiting to be compared and trusted, messages that could not be delivered."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from podium.core.navigation import NavItem
from podium.core.registry import Figure, HomeCard, Waiting
from podium.exchange import access, selectors


def exchange_navigation(user: Any) -> list[NavItem]:
    items: list[NavItem] = []
    if access.sees_exchange(user):
        items.append(NavItem("Podium exchange", reverse("exchange:peer-list"), menu="Safeguarding"))
    return items


def home_cards(user: Any) -> list[HomeCard]:
    if not access.manages_peers(user):
        return []
    figures = selectors.admin_figures()
    return [
        HomeCard(
            title="Podium exchange",
            figures=(
                Figure(
                    "peer keys awaiting trust",
                    figures.untrusted_keys,
                    reverse("exchange:peer-list"),
                    attention=True,
                    one="peer key awaiting trust",
                ),
                Figure(
                    "messages not delivered",
                    figures.undelivered,
                    reverse("exchange:message-list") + "?state=undelivered",
                    attention=True,
                    one="message not delivered",
                ),
            ),
            more=Waiting("Podium peers", reverse("exchange:peer-list")),
        )
    ]
