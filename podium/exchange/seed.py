"""Bulk exchange messages for `podium seed --exchange-messages N` (the bench's
peers and messages lists), written with bulk inserts in chunks. Synthetic, about
no real speaker.

A handful of peers (`PEERS`) are registered and their keys trusted through the
services, as an administrator would (each with its audit entries). The messages
then come as the services would have left them, in conversations:

- we ask a peer: an outgoing request (delivered, still being retried, or
  undelivered with the peer's refusal), linked to an outgoing speaker information
  request asking the peer's partner; most delivered ones are answered: an incoming
  answer, recorded as an incoming disclosure (method "Podium exchange") against
  the request's recipient; now and then the request is withdrawn instead;
- a peer asks us: an incoming request (an incoming speaker information request
  from its partner); most are answered: an outgoing answer with its outgoing
  disclosure (sent once delivered, or awaiting the DPO's sign-off).

Outgoing messages have their delivery attempts. Each message gets the exchange's
audit entries its services write (`bulk_record`, chained as `record()` chains
them), so the chain verifies after the load; the sharing rows bypass sharing's
services for speed, as every seed's bulk rows do, and one `exchange.seed.loaded`
entry records the load.
"""

from __future__ import annotations

import random
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.core.management.base import CommandParser
from django.db import connection, transaction
from django.utils import timezone

from podium.accounts.models import User
from podium.audit.services import bulk_record, record
from podium.core.registry import SeedRun
from podium.exchange import keys, protocol, services
from podium.exchange.models import (
    DeliveryAttempt,
    Direction,
    Kind,
    Message,
    MessageState,
    Peer,
)
from podium.sharing import selectors as sharing_selectors

# Bulk rows of sharing's own tables, as its services would have left them: a seed
# bypasses services for speed (as every seed does); sharing is below the exchange.
from podium.sharing.models import (
    Direction as SharingDirection,
)
from podium.sharing.models import (
    Disclosure,
    InformationRequest,
    LawfulBasis,
    Method,
    Recipient,
    State,
    Subject,
)

CHUNK = 2_000  # conversations per transaction
PEERS = 6
DAYS = 3 * 365
RAGS = ["green"] * 7 + ["amber"] * 2 + ["red"]
UNREACHABLE = "Could not reach the peer (ConnectionError)."
REFUSALS = [
    "503 Service Unavailable",
    "401 The signing key is not known here",
    "422 The message refers to nothing this Podium sent",
]
FIELDS = {"name": "Seeded Speaker", "organisation": "Seeded organisation"}


@dataclass
class Context:
    rng: random.Random
    peers: list[Peer]
    asker: User
    purpose_id: int
    key_id: str
    now: datetime
    retry_seconds: int
    max_attempts: int


@dataclass
class Chunk:
    requests: list[InformationRequest] = field(default_factory=list)
    recipients: list[Recipient] = field(default_factory=list)
    disclosures: list[Disclosure] = field(default_factory=list)
    # (message, index of its request, index of its disclosure or None)
    messages: list[tuple[Message, int, int | None]] = field(default_factory=list)
    # (index of the answered incoming request, index of its disclosure)
    answered: list[tuple[int, int]] = field(default_factory=list)
    # (index of the recipient, index of its disclosure)
    recorded: list[tuple[int, int]] = field(default_factory=list)


def ensure_peers(*, count: int = PEERS) -> list[Peer]:
    """`count` seeded peers, registered and trusted through the services (audited)."""
    admin = User.objects.filter(email="admin@example.ac.uk").first()
    partners = list(sharing_selectors.active_partners().order_by("pk"))
    if admin is None or not partners:
        return []
    for n in range(count):
        url = f"https://podium.seed-{n + 1}.example.ac.uk"
        if Peer.objects.filter(base_url=url).exists():
            continue
        partner = partners[n % len(partners)]
        public = keys.encode_public(Ed25519PrivateKey.generate().public_key())
        peer = services.register_peer(
            acting_user=admin,
            name=f"Seeded Podium {n + 1} ({partner.name})",
            base_url=url,
            partner=partner,
            public_key=public,
        )
        services.trust_key(acting_user=admin, key=peer.keys.get(), confirmed=True)
    return list(Peer.objects.filter(base_url__startswith="https://podium.seed-").order_by("pk"))


def _outgoing_state(ctx: Context) -> tuple[str, int, str]:
    """(state, attempts, last error) of an outgoing message that has left."""
    roll = ctx.rng.random()
    if roll < 0.86:
        return MessageState.DELIVERED, 1 if ctx.rng.random() < 0.9 else 2, ""
    if roll < 0.94:
        return MessageState.QUEUED, ctx.rng.randint(1, ctx.max_attempts - 1), UNREACHABLE
    return MessageState.UNDELIVERED, ctx.max_attempts, ctx.rng.choice(REFUSALS)


def _message(
    ctx: Context,
    *,
    direction: str,
    kind: str,
    peer: Peer,
    at: datetime,
    in_reply_to: uuid.UUID | None,
    part: dict[str, Any],
    state: str,
    attempts: int = 0,
    last_error: str = "",
    created_by: User | None = None,
) -> Message:
    message_id = uuid.UUID(int=ctx.rng.getrandbits(128), version=4)
    body = {
        "protocol": protocol.PROTOCOL,
        "message_id": str(message_id),
        "kind": kind,
        "sent_at": at.isoformat(timespec="seconds"),
        "sender": {"name": peer.name, "base_url": peer.base_url},
        "in_reply_to": str(in_reply_to) if in_reply_to else None,
        kind: part,
    }
    delivered = state in (MessageState.DELIVERED, MessageState.ACCEPTED)
    next_attempt = None
    if state == MessageState.QUEUED:
        # Back-off from the last failed attempt; some are due now.
        next_attempt = at + timedelta(seconds=ctx.retry_seconds * 2 ** (attempts - 1))
        next_attempt = min(next_attempt, ctx.now + timedelta(minutes=ctx.rng.randint(-5, 60)))
    return Message(
        message_id=message_id,
        direction=direction,
        kind=kind,
        state=state,
        peer=peer,
        in_reply_to=in_reply_to,
        body=body,
        key_id=ctx.key_id if direction == Direction.OUTGOING and attempts else "",
        attempts=attempts,
        next_attempt_at=next_attempt,
        last_error=last_error,
        delivered_at=at + timedelta(seconds=1) if state == MessageState.DELIVERED else None,
        receipt={"message_id": str(message_id), "status": "accepted"} if delivered else {},
        created_by=created_by,
        created_at=at,
    )


def _disclosure(
    ctx: Context, *, outgoing: bool, peer: Peer, at: datetime, state: str
) -> Disclosure:
    return Disclosure(
        direction=SharingDirection.OUTGOING if outgoing else SharingDirection.INCOMING,
        state=state,
        partner_id=peer.partner_id,
        subject=Subject.SPEAKER,
        subject_text="Seeded speaker",
        purpose_id=ctx.purpose_id,
        necessity="Seeded: a speaker information request over the Podium exchange.",
        lawful_basis=LawfulBasis.PUBLIC_TASK,
        one_off_reason="Seeded.",
        decision_maker=ctx.asker,
        method=Method.PODIUM,
        shared_on=at.date(),
        delete_on=at.date() + timedelta(days=6 * 365),
        fields_shared=sorted(FIELDS) if outgoing else [],
        snapshot=dict(FIELDS),
        created_by=ctx.asker,
        created_at=at,
        updated_at=at,
        sent_at=at if state == State.SENT else None,
    )


def _we_ask(ctx: Context, chunk: Chunk, peer: Peer, at: datetime) -> None:
    """An outgoing request, and its answer or withdrawal."""
    rng = ctx.rng
    chunk.requests.append(
        InformationRequest(
            direction=SharingDirection.OUTGOING,
            speaker_name="Seeded Speaker",
            question="Has this speaker spoken with you, and were there concerns?",
            due_on=at.date() + timedelta(days=14),
            created_by=ctx.asker,
            created_at=at,
        )
    )
    request = len(chunk.requests) - 1
    chunk.recipients.append(Recipient(partner_id=peer.partner_id))
    recipient = len(chunk.recipients) - 1
    state, attempts, error = _outgoing_state(ctx)
    asked = _message(
        ctx,
        direction=Direction.OUTGOING,
        kind=Kind.REQUEST,
        peer=peer,
        at=at,
        in_reply_to=None,
        part={"speaker_name": "Seeded Speaker", "question": "Seeded.", "due_on": "2030-01-01"},
        state=state,
        attempts=attempts,
        last_error=error,
        created_by=ctx.asker,
    )
    chunk.messages.append((asked, request, None))
    if state != MessageState.DELIVERED:
        return
    later = at + timedelta(hours=rng.randint(1, 240))
    if later > ctx.now:
        return
    if rng.random() < 0.05:
        chunk.messages.append(
            (
                _message(
                    ctx,
                    direction=Direction.OUTGOING,
                    kind=Kind.WITHDRAWAL,
                    peer=peer,
                    at=later,
                    in_reply_to=asked.message_id,
                    part={"reason": "Seeded: the event was cancelled."},
                    state=MessageState.DELIVERED,
                    attempts=1,
                    created_by=ctx.asker,
                ),
                request,
                None,
            )
        )
        return
    if rng.random() < 0.75:
        chunk.disclosures.append(
            _disclosure(ctx, outgoing=False, peer=peer, at=later, state=State.RECORDED)
        )
        disclosure = len(chunk.disclosures) - 1
        chunk.recorded.append((recipient, disclosure))
        chunk.messages.append(
            (
                _message(
                    ctx,
                    direction=Direction.INCOMING,
                    kind=Kind.ANSWER,
                    peer=peer,
                    at=later,
                    in_reply_to=asked.message_id,
                    part={"rag": rng.choice(RAGS), "summary": "Seeded.", "fields": FIELDS},
                    state=MessageState.ACCEPTED,
                ),
                request,
                disclosure,
            )
        )


def _they_ask(ctx: Context, chunk: Chunk, peer: Peer, at: datetime) -> None:
    """An incoming request, and our answer (delivered, or waiting on the DPO)."""
    rng = ctx.rng
    chunk.requests.append(
        InformationRequest(
            direction=SharingDirection.INCOMING,
            speaker_name="Seeded Speaker",
            question="Has this speaker spoken with you, and were there concerns?",
            partner_id=peer.partner_id,
            due_on=at.date() + timedelta(days=14),
            created_by=ctx.asker,
            created_at=at,
        )
    )
    request = len(chunk.requests) - 1
    asked = _message(
        ctx,
        direction=Direction.INCOMING,
        kind=Kind.REQUEST,
        peer=peer,
        at=at,
        in_reply_to=None,
        part={"speaker_name": "Seeded Speaker", "question": "Seeded.", "due_on": "2030-01-01"},
        state=MessageState.ACCEPTED,
    )
    chunk.messages.append((asked, request, None))
    later = at + timedelta(hours=rng.randint(1, 240))
    if later > ctx.now or rng.random() < 0.25:
        return  # not answered yet
    state: str
    if rng.random() < 0.1:
        state, attempts, error = MessageState.AWAITING_SIGN_OFF, 0, ""
        disclosed = State.AWAITING_SIGN_OFF
    else:
        state, attempts, error = _outgoing_state(ctx)
        disclosed = State.SENT if state == MessageState.DELIVERED else State.APPROVED
    chunk.disclosures.append(_disclosure(ctx, outgoing=True, peer=peer, at=later, state=disclosed))
    disclosure = len(chunk.disclosures) - 1
    chunk.answered.append((request, disclosure))
    part = {"rag": rng.choice(RAGS), "summary": "Seeded.", "lawful_basis": "public_task"}
    chunk.messages.append(
        (
            _message(
                ctx,
                direction=Direction.OUTGOING,
                kind=Kind.ANSWER,
                peer=peer,
                at=later,
                in_reply_to=asked.message_id,
                part={**part, "fields": FIELDS if disclosed != State.AWAITING_SIGN_OFF else {}},
                state=state,
                attempts=attempts,
                last_error=error,
                created_by=ctx.asker,
            ),
            request,
            disclosure,
        )
    )


def _audit(ctx: Context, messages: list[Message]) -> list[dict[str, Any]]:
    """The exchange's entries its services would have written for these messages."""
    entries: list[dict[str, Any]] = []
    for m in messages:
        if m.direction == Direction.INCOMING:
            data = {"kind": m.kind, "peer": m.peer_id, "message_id": m.message_id}
            entries.append(
                {"action": "exchange.message.received", "actor": None, "target": m,
                 "data": {**data, "key_id": ""}}
            )  # fmt: skip
            continue
        if m.kind == Kind.ANSWER:
            entries.append(
                {"action": "exchange.message.prepared", "actor": ctx.asker, "target": m,
                 "data": {"kind": m.kind, "peer": m.peer_id, "disclosure": m.disclosure_id}}
            )  # fmt: skip
            if m.state == MessageState.AWAITING_SIGN_OFF:
                continue
        entries.append(
            {"action": "exchange.message.queued", "actor": m.created_by, "target": m,
             "data": {"kind": m.kind, "peer": m.peer_id, "message_id": m.message_id}}
        )  # fmt: skip
        if m.state in (MessageState.DELIVERED, MessageState.UNDELIVERED):
            entries.append(
                {"action": f"exchange.message.{m.state}", "actor": None, "target": m,
                 "data": {"attempts": m.attempts, "status": None}}
            )  # fmt: skip
    return entries


def _attempts(ctx: Context, messages: list[Message]) -> list[DeliveryAttempt]:
    rows = []
    for m in messages:
        for n in range(1, m.attempts + 1):
            last = n == m.attempts
            delivered = last and m.state == MessageState.DELIVERED
            outcome = "202 Accepted" if delivered else (m.last_error if last else UNREACHABLE)
            rows.append(
                DeliveryAttempt(
                    message=m,
                    at=m.created_at + timedelta(seconds=ctx.retry_seconds * (2 ** (n - 1) - 1)),
                    delivered=delivered,
                    status=int(outcome[:3]) if outcome[:3].isdigit() else None,
                    outcome=outcome,
                )
            )
    return rows


def _write(ctx: Context, chunk: Chunk) -> int:
    """One chunk's rows, in the order their foreign keys need, and their entries."""
    with transaction.atomic():
        Disclosure.objects.bulk_create(chunk.disclosures, batch_size=1000)
        requests = InformationRequest.objects.bulk_create(chunk.requests, batch_size=1000)
        for r, d in chunk.answered:
            requests[r].answer = chunk.disclosures[d]
        InformationRequest.objects.bulk_update(
            [requests[r] for r, _ in chunk.answered], ["answer"], batch_size=1000
        )
        # Recipients belong to the outgoing requests, in order.
        outgoing = [r for r in requests if r.direction == SharingDirection.OUTGOING]
        for row, asked in zip(chunk.recipients, outgoing, strict=True):
            row.request = asked
        for n, d in chunk.recorded:
            row, recorded = chunk.recipients[n], chunk.disclosures[d]
            row.disclosure = recorded
            row.rag = "green"
            row.summary = "Seeded."
            row.answered_at = recorded.created_at
        Recipient.objects.bulk_create(chunk.recipients, batch_size=1000)
        messages = []
        for message, r, linked in chunk.messages:
            message.request = requests[r]
            message.disclosure = chunk.disclosures[linked] if linked is not None else None
            messages.append(message)
        Message.objects.bulk_create(messages, batch_size=1000)
        DeliveryAttempt.objects.bulk_create(_attempts(ctx, messages), batch_size=2000)
        bulk_record(entries=_audit(ctx, messages))
    return len(messages)


def seed_messages(*, count: int, run: SeedRun) -> int:
    """About `count` messages (a conversation is not split) between us and the
    seeded peers, over three years; returns how many."""
    peers = ensure_peers()
    asker = User.objects.filter(email="prevent.lead@example.ac.uk").first()
    purpose = sharing_selectors.active_purposes().order_by("pk").first()
    if not peers or asker is None or purpose is None:
        run.write("No demo institution or sharing partners: run `podium demo` first.")
        return 0
    ctx = Context(
        rng=run.rng,
        peers=peers,
        asker=asker,
        purpose_id=purpose.pk,
        key_id=services.signing_key().key_id,
        now=timezone.now(),
        retry_seconds=int(settings.PODIUM_EXCHANGE_RETRY_SECONDS),
        max_attempts=int(settings.PODIUM_EXCHANGE_DELIVERY_ATTEMPTS),
    )
    # Oldest first, so creation times rise with primary keys as in real use.
    offsets = sorted((run.rng.randint(0, DAYS * 24 * 60) for _ in range(count)), reverse=True)
    made = 0
    chunk = Chunk()
    for minutes in offsets:
        if made + len(chunk.messages) >= count:
            break
        at = ctx.now - timedelta(minutes=minutes)
        peer = run.rng.choice(peers)
        (_we_ask if run.rng.random() < 0.6 else _they_ask)(ctx, chunk, peer, at)
        if len(chunk.requests) >= CHUNK:
            made += _write(ctx, chunk)
            chunk = Chunk()
            run.write(f"  {made} exchange messages")
    if chunk.messages:
        made += _write(ctx, chunk)
    with transaction.atomic():
        record(action="exchange.seed.loaded", actor=None, data={"messages": made})
    if connection.vendor == "postgresql":
        # Fresh statistics, or the planner keeps the demo's few rows in mind.
        with connection.cursor() as cursor:
            cursor.execute(
                "ANALYZE exchange_message, exchange_deliveryattempt, exchange_peer, "
                "exchange_peerkey, sharing_informationrequest, sharing_recipient, "
                "sharing_disclosure"
            )
    return made


def add_seed_arguments(parser: CommandParser) -> None:
    parser.add_argument(
        "--exchange-messages",
        type=int,
        default=0,
        help="Podium exchange messages to add, with a few peers (0 for none).",
    )


def seed_step(run: SeedRun) -> None:
    """The exchange part of `podium seed` (`--exchange-messages`)."""
    count = run.options.get("exchange_messages") or 0
    if count > 0:
        started = time.monotonic()
        made = seed_messages(count=count, run=run)
        run.write(f"Seeded {made} exchange messages in {time.monotonic() - started:.0f}s.")
