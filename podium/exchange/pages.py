"""What the exchange adds to sharing (`podium.sharing.extensions`): requests to
partners who run Podium leave as signed messages; an answer leaves once the DPO
signs its disclosure off; the disclosure page shows its messages (message id,
signature key id, delivery history)."""

from __future__ import annotations

from typing import Any

from podium.exchange import access, selectors, services
from podium.exchange.models import Direction
from podium.sharing.extensions import Section


def send_request(information_request: Any) -> None:
    services.send_request(information_request)


def send_approved_answer(disclosure: Any) -> None:
    services.send_approved_answer(disclosure)


def sent_by_exchange(disclosure: Any) -> bool:
    return bool(disclosure.podium_messages.filter(direction=Direction.OUTGOING).exists())


def disclosure_section(disclosure: Any, user: Any) -> Section | None:
    messages = selectors.messages_of_disclosure(disclosure.pk)
    if not messages:
        return None
    return Section(
        template="exchange/_disclosure_section.html",
        context={"messages": messages, "sees_contents": access.sees_contents(user)},
    )


def request_section(information_request: Any, user: Any) -> Section | None:
    messages = selectors.messages_of_request(information_request.pk)
    if not messages:
        return None
    came_by_exchange = any(
        m.direction == Direction.INCOMING and m.kind == "request" for m in messages
    )
    return Section(
        template="exchange/_request_section.html",
        context={
            "messages": messages,
            "request_id": information_request.pk,
            "may_answer": came_by_exchange
            and not information_request.answer_id
            and access.may_share(user),
        },
    )
