"""Reads for the exchange. Lists are keyset pages with a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from podium.core.pagination import Page, keyset_page
from podium.exchange import keys
from podium.exchange.models import (
    DeliveryAttempt,
    InstanceKey,
    Message,
    MessageState,
    Peer,
    PeerKey,
)


def published_keys() -> list[InstanceKey]:
    """The keys peers may verify our messages with: the current one and those whose
    rotation overlap has not ended."""
    now = timezone.now()
    return list(InstanceKey.objects.filter(Q(retires_at__isnull=True) | Q(retires_at__gt=now)))


def peer_page(*, after: str | None = None, before: str | None = None, size: int = 50) -> Page[Peer]:
    rows = Peer.objects.select_related("partner").annotate(
        trusted_keys=Count("keys", filter=Q(keys__trusted_at__isnull=False)),
        untrusted_keys=Count("keys", filter=Q(keys__trusted_at__isnull=True)),
    )
    return keyset_page(
        rows, field="registered_at", after=after, before=before, size=size, descending=True
    )


def message_page(
    *, state: str = "", after: str | None = None, before: str | None = None, size: int = 50
) -> Page[Message]:
    # The list shows no contents: the JSON bodies and receipts stay in the database.
    rows = Message.objects.select_related("peer").defer("body", "receipt")
    if state in MessageState.values:
        rows = rows.filter(state=state)
    return keyset_page(
        rows, field="created_at", after=after, before=before, size=size, descending=True
    )


@dataclass(frozen=True)
class KeyView:
    key: PeerKey
    fingerprint: str
    usable: bool


def peer_keys(peer: Peer) -> list[KeyView]:
    now = timezone.now()
    return [
        KeyView(
            key,
            keys.fingerprint(key.public_key),
            key.trusted_at is not None and (key.expires_at is None or key.expires_at > now),
        )
        for key in peer.keys.select_related("added_by", "trusted_by")
    ]


def peer_key(peer: Peer, pk: Any) -> PeerKey | None:
    try:
        return peer.keys.filter(pk=int(pk)).first()
    except (TypeError, ValueError):
        return None


def attempts(message: Message) -> list[DeliveryAttempt]:
    return list(message.attempt_log.all())


def messages_of_disclosure(disclosure_id: int) -> list[Message]:
    return list(
        Message.objects.filter(disclosure_id=disclosure_id)
        .select_related("peer")
        .prefetch_related("attempt_log")
    )


def messages_of_request(request_id: int) -> list[Message]:
    return list(Message.objects.filter(request_id=request_id).select_related("peer"))


@dataclass(frozen=True)
class AdminFigures:
    untrusted_keys: int
    undelivered: int


def admin_figures() -> AdminFigures:
    """The administrator's card: two queries."""
    return AdminFigures(
        PeerKey.objects.filter(trusted_at__isnull=True).count(),
        Message.objects.filter(state=MessageState.UNDELIVERED).count(),
    )


def undelivered() -> QuerySet[Message]:
    return Message.objects.filter(state=MessageState.UNDELIVERED)
