"""The exchange's audit codes (`podium/audit/codes.py`): key ids, peer and record
ids, kinds, statuses and reasons for refusal; never a message's contents."""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from podium.audit.codes import TargetLink, code
from podium.exchange import access
from podium.exchange.models import Message, Peer

CODES = [
    code("exchange.key.created", "Podium created its exchange signing key", ["key_id"]),
    code(
        "exchange.key.rotated",
        "Podium rotated its exchange signing key",
        ["key_id", "previous", "retires_at"],
    ),
    code(
        "exchange.peer.registered",
        "{actor} registered a Podium peer: {target}",
        ["partner", "key_id"],
    ),
    code("exchange.peer_key.added", "{actor} added a Podium peer's key: {target}", ["key_id"]),
    code(
        "exchange.peer_key.trusted",
        "{actor} trusted a Podium peer's key after comparing its fingerprint: {target}",
        ["key_id", "expiring"],
    ),
    code(
        "exchange.message.prepared",
        "{actor} prepared an answer to a partner's Podium: {target}",
        ["kind", "peer", "disclosure"],
    ),
    code(
        "exchange.message.queued",
        "A message to a partner's Podium was queued: {target}",
        ["kind", "peer", "message_id"],
    ),
    code(
        "exchange.message.delivered",
        "Podium delivered a message to a partner's Podium: {target}",
        ["attempts", "status"],
    ),
    code(
        "exchange.message.undelivered",
        "Podium gave up delivering a message to a partner's Podium: {target}",
        ["attempts", "status"],
    ),
    code(
        "exchange.message.received",
        "Podium accepted a signed message from a partner's Podium: {target}",
        ["kind", "peer", "message_id", "key_id"],
    ),
    code(
        "exchange.message.refused",
        "Podium refused a message sent to its exchange endpoint",
        ["problem", "status", "peer"],
    ),
    code("exchange.seed.loaded", "Podium loaded exchange messages for testing", ["messages"]),
]


def _peer_urls(reader: Any, ids: list[int]) -> dict[int, str]:
    if not access.sees_exchange(reader):
        return {}
    found = Peer.objects.filter(pk__in=ids).values_list("pk", flat=True)
    return {pk: reverse("exchange:peer-detail", args=[pk]) for pk in found}


def _message_urls(reader: Any, ids: list[int]) -> dict[int, str]:
    if not access.sees_exchange(reader):
        return {}
    found = Message.objects.filter(pk__in=ids).values_list("pk", flat=True)
    return {pk: reverse("exchange:message-detail", args=[pk]) for pk in found}


LINKS = [
    TargetLink("exchange.peer", _peer_urls),
    TargetLink("exchange.message", _message_urls),
]
