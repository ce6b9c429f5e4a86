"""Writes for the Podium-to-Podium exchange: keys, peers, messages sent and
received. One audit entry per state change; audit data carries ids, kinds, key ids
and reasons for refusal, never a message's contents."""

from __future__ import annotations

import datetime as dt
import ipaddress
import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import requests
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from podium.accounts.models import User
from podium.audit.services import record
from podium.core.errors import DomainError, NotAllowed
from podium.exchange import access, keys, protocol
from podium.exchange.models import (
    DeliveryAttempt,
    Direction,
    InstanceKey,
    Kind,
    Message,
    MessageState,
    Peer,
    PeerKey,
)
from podium.exchange.protocol import Refused
from podium.notify.services import notify
from podium.sharing import selectors as sharing_selectors
from podium.sharing import services as sharing
from podium.speakers import selectors as speaker_selectors

logger = logging.getLogger(__name__)

LOOPBACK_HOSTS = {"localhost"}

# --- This instance's keys --------------------------------------------------------------


@dataclass(frozen=True)
class SigningKey:
    key_id: str
    private: Ed25519PrivateKey


def signing_key() -> SigningKey:
    """The key in the key file (generated on first use), registered as published."""
    private, _created = keys.load_or_create_private()
    public = keys.encode_public(private.public_key())
    key_id = keys.key_id_of(public)
    if not InstanceKey.objects.filter(key_id=key_id).exists():
        with transaction.atomic():
            _row, made = InstanceKey.objects.get_or_create(
                key_id=key_id, defaults={"public_key": public}
            )
            if made:
                record(action="exchange.key.created", actor=None, data={"key_id": key_id})
    return SigningKey(key_id, private)


@transaction.atomic
def rotate_key() -> tuple[InstanceKey, list[str]]:
    """A new key pair: signing moves to it now; the keys it replaces stay published
    (and accepted by peers that follow them) until the overlap ends."""
    old = signing_key()
    private = keys.replace_private()
    public = keys.encode_public(private.public_key())
    retires_at = timezone.now() + keys.overlap()
    retiring = list(
        InstanceKey.objects.filter(retires_at__isnull=True).values_list("key_id", flat=True)
    )
    InstanceKey.objects.filter(retires_at__isnull=True).update(retires_at=retires_at)
    new = InstanceKey.objects.create(key_id=keys.key_id_of(public), public_key=public)
    record(
        action="exchange.key.rotated",
        actor=None,
        data={"key_id": new.key_id, "previous": old.key_id, "retires_at": retires_at},
    )
    return new, retiring


# --- Peers -----------------------------------------------------------------------------


def _is_loopback(host: str) -> bool:
    if host in LOOPBACK_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def clean_base_url(url: str) -> str:
    """HTTPS, or plain HTTP to a loopback address (two instances on one machine);
    no query, no fragment, no trailing slash."""
    url = url.strip().rstrip("/")
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.scheme not in ("https", "http") or not host or parts.query or parts.fragment:
        raise DomainError("Enter the peer's address, such as https://podium.example.ac.uk.",
                          field="base_url")  # fmt: skip
    if parts.scheme == "http" and not _is_loopback(host):
        raise DomainError(
            "A peer's address must use HTTPS (plain HTTP only to this machine's loopback).",
            field="base_url",
        )
    if parts.username or parts.password:
        raise DomainError("The address carries no user name or password.", field="base_url")
    return url


def _new_key(*, peer: Peer, public_key: str, acting_user: User) -> PeerKey:
    public = keys.encode_public(keys.decode_public(public_key))
    key_id = keys.key_id_of(public)
    if (
        PeerKey.objects.filter(key_id=key_id).exists()
        or InstanceKey.objects.filter(key_id=key_id).exists()
    ):
        raise DomainError("That key is already registered.", field="public_key")
    return PeerKey.objects.create(peer=peer, key_id=key_id, public_key=public, added_by=acting_user)


def _require_keeper(user: User) -> None:
    if not access.manages_peers(user):
        raise NotAllowed("Only an administrator registers Podium peers.")


@transaction.atomic
def register_peer(
    *, acting_user: User, name: str, base_url: str, partner: Any, public_key: str
) -> Peer:
    """A partner's Podium, with its key untrusted until its fingerprint is compared."""
    _require_keeper(acting_user)
    problems: list[tuple[str | None, str]] = []
    if not name.strip():
        problems.append(("name", "Enter the partner institution's name."))
    try:
        base_url = clean_base_url(base_url)
        if Peer.objects.filter(base_url=base_url).exists():
            problems.append(("base_url", "A peer with this address is already registered."))
    except DomainError as error:
        problems.extend(error.problems)
    if partner is None or not partner.is_active:
        problems.append(("partner", "Choose the partner from the sharing partner register."))
    try:
        keys.decode_public(public_key)
    except DomainError as error:
        problems.extend(error.problems)
    if problems:
        raise DomainError.of(problems)
    peer = Peer.objects.create(
        name=name.strip(), base_url=base_url, partner=partner, registered_by=acting_user
    )
    key = _new_key(peer=peer, public_key=public_key, acting_user=acting_user)
    record(
        action="exchange.peer.registered",
        actor=acting_user,
        target=peer,
        data={"partner": partner.pk, "key_id": key.key_id},
    )
    return peer


@transaction.atomic
def add_peer_key(*, acting_user: User, peer: Peer, public_key: str) -> PeerKey:
    """The peer's new key after its rotation: untrusted until compared."""
    _require_keeper(acting_user)
    key = _new_key(peer=peer, public_key=public_key, acting_user=acting_user)
    record(
        action="exchange.peer_key.added",
        actor=acting_user,
        target=peer,
        data={"key_id": key.key_id},
    )
    return key


@transaction.atomic
def trust_key(*, acting_user: User, key: PeerKey, confirmed: bool) -> PeerKey:
    """The administrator has compared the fingerprint with the partner out of band.
    Older trusted keys of the peer stay valid for the overlap, then no longer."""
    _require_keeper(acting_user)
    key = PeerKey.objects.select_for_update().get(pk=key.pk)
    if key.trusted_at is not None:
        raise DomainError("This key is already trusted.")
    if not confirmed:
        raise DomainError(
            "Confirm that the partner read you the same fingerprint.", field="confirmed"
        )
    now = timezone.now()
    older = PeerKey.objects.filter(
        peer_id=key.peer_id, trusted_at__isnull=False, expires_at__isnull=True
    ).exclude(pk=key.pk)
    expiring = sorted(older.values_list("key_id", flat=True))
    older.update(expires_at=now + keys.overlap())
    key.trusted_at = now
    key.trusted_by = acting_user
    key.save(update_fields=["trusted_at", "trusted_by"])
    record(
        action="exchange.peer_key.trusted",
        actor=acting_user,
        target=key.peer,
        data={"key_id": key.key_id, "expiring": expiring},
    )
    return key


def _usable(key: PeerKey, now: dt.datetime) -> bool:
    return key.trusted_at is not None and (key.expires_at is None or key.expires_at > now)


def trusted_peers_of(partner_ids: list[int]) -> list[Peer]:
    now = timezone.now()
    return [
        peer
        for peer in Peer.objects.filter(
            partner_id__in=partner_ids, is_active=True
        ).prefetch_related("keys")
        if any(_usable(k, now) for k in peer.keys.all())
    ]


# --- Sending ---------------------------------------------------------------------------


def _queue(message: Message) -> None:
    """Deliver once the transaction commits (the worker), and retry until done."""
    # The task module imports this one.
    from podium.exchange import tasks

    pk = message.pk
    transaction.on_commit(lambda: tasks.deliver.enqueue(message_pk=pk))


def _queued_entry(message: Message, actor: User | None) -> None:
    record(
        action="exchange.message.queued",
        actor=actor,
        target=message,
        data={"kind": message.kind, "peer": message.peer_id, "message_id": message.message_id},
    )


def _outgoing(
    *, body: dict[str, Any], peer: Peer, state: str, created_by: Any, **links: Any
) -> Message:
    """A message to `peer` carrying `body`, queued now or waiting for sign-off."""
    return Message.objects.create(
        message_id=body["message_id"],
        direction=Direction.OUTGOING,
        kind=body["kind"],
        state=state,
        peer=peer,
        in_reply_to=body.get("in_reply_to"),
        body=body,
        next_attempt_at=timezone.now() if state == MessageState.QUEUED else None,
        created_by=created_by,
        **links,
    )


def send_request(information_request: Any) -> list[Message]:
    """Sharing's hook (inside `ask_partners`' transaction): one message per partner
    asked who runs Podium as a trusted peer. Others are asked as before."""
    partners = [p.pk for p in sharing_selectors.partners_of(information_request)]
    made = []
    for peer in trusted_peers_of(partners):
        body = protocol.new_body(
            kind=Kind.REQUEST,
            in_reply_to=None,
            part={
                "speaker_name": information_request.speaker_name,
                "question": information_request.question,
                "due_on": information_request.due_on.isoformat(),
            },
        )
        message = _outgoing(
            body=body,
            peer=peer,
            state=MessageState.QUEUED,
            created_by=information_request.created_by,
            request=information_request,
        )
        _queued_entry(message, information_request.created_by)
        _queue(message)
        made.append(message)
    return made


def request_message_for(information_request: Any) -> Message | None:
    """The message a partner's Podium sent with this request (incoming)."""
    return Message.objects.filter(
        request=information_request, direction=Direction.INCOMING, kind=Kind.REQUEST
    ).first()


@dataclass
class AnswerFacts:
    rag: str
    summary: str
    fields_shared: list[str]
    purpose: Any
    lawful_basis: str
    necessity: str
    one_off_reason: str
    speaker_id: int | None


@transaction.atomic
def prepare_answer(*, acting_user: User, information_request: Any, facts: AnswerFacts) -> Message:
    """Answer a partner's Podium request: an outgoing disclosure (the ticked fields'
    snapshot) sent for the DPO's sign-off, and the message that leaves once she
    approves it."""
    sharing.require_sharer(acting_user)
    asked = request_message_for(information_request)
    if asked is None:
        raise DomainError("This request did not come over the Podium exchange.")
    if information_request.answer_id:
        raise DomainError("This request is already answered.")
    problems: list[tuple[str | None, str]] = []
    if facts.rag not in protocol.RAGS:
        problems.append(("rag", "Choose the rating: red, amber or green."))
    if not facts.summary.strip():
        problems.append(("summary", "Enter a factual summary of your answer."))
    if problems:
        raise DomainError.of(problems)
    disclosure = sharing.create_disclosure(
        acting_user=acting_user,
        facts=sharing.DisclosureFacts(
            direction=sharing_selectors.OUTGOING,
            partner=information_request.partner,
            subject=sharing_selectors.SPEAKER_SUBJECT,
            speaker_id=facts.speaker_id,
            purpose=facts.purpose,
            necessity=facts.necessity,
            lawful_basis=facts.lawful_basis,
            decision_maker=acting_user,
            method=sharing_selectors.PODIUM_METHOD,
            shared_on=timezone.localdate(),
            one_off_reason=facts.one_off_reason,
            fields_shared=facts.fields_shared,
            answers=information_request,
        ),
    )
    sharing.submit_for_sign_off(acting_user=acting_user, disclosure=disclosure)
    body = protocol.new_body(
        kind=Kind.ANSWER,
        in_reply_to=asked.message_id,
        part={
            "rag": facts.rag,
            "summary": facts.summary.strip(),
            "lawful_basis": facts.lawful_basis,
            "fields": {},  # the disclosure's snapshot, once signed off
        },
    )
    message = _outgoing(
        body=body,
        peer=asked.peer,
        state=MessageState.AWAITING_SIGN_OFF,
        created_by=acting_user,
        request=information_request,
        disclosure=disclosure,
    )
    record(
        action="exchange.message.prepared",
        actor=acting_user,
        target=message,
        data={"kind": message.kind, "peer": message.peer_id, "disclosure": disclosure.pk},
    )
    return message


def send_approved_answer(disclosure: Any) -> None:
    """Sharing's hook (inside the DPO's sign-off): the answer leaves now, with exactly
    the disclosure's snapshot."""
    for message in Message.objects.select_for_update().filter(
        disclosure=disclosure, direction=Direction.OUTGOING, state=MessageState.AWAITING_SIGN_OFF
    ):
        body = dict(message.body)
        body["answer"] = {**body["answer"], "fields": dict(disclosure.snapshot)}
        body["sent_at"] = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        message.body = body
        message.state = MessageState.QUEUED
        message.next_attempt_at = timezone.now()
        message.save(update_fields=["body", "state", "next_attempt_at"])
        _queued_entry(message, None)
        _queue(message)


@transaction.atomic
def withdraw_request(*, acting_user: User, message: Message, reason: str) -> Message:
    """Tell the partner's Podium that a request sent to it is withdrawn."""
    sharing.require_sharer(acting_user)
    if message.direction != Direction.OUTGOING or message.kind != Kind.REQUEST:
        raise DomainError("Only a request this Podium sent can be withdrawn.")
    if Message.objects.filter(
        in_reply_to=message.message_id, peer=message.peer, kind=Kind.WITHDRAWAL
    ).exists():
        raise DomainError("This request is already withdrawn.")
    if not reason.strip():
        raise DomainError("Say why the request is withdrawn.", field="reason")
    body = protocol.new_body(
        kind=Kind.WITHDRAWAL, in_reply_to=message.message_id, part={"reason": reason.strip()}
    )
    withdrawal = _outgoing(
        body=body,
        peer=message.peer,
        state=MessageState.QUEUED,
        created_by=acting_user,
        request=message.request,
    )
    _queued_entry(withdrawal, acting_user)
    _queue(withdrawal)
    return withdrawal


# --- Delivery --------------------------------------------------------------------------


def _retry_delay(attempts: int) -> dt.timedelta:
    return dt.timedelta(seconds=int(settings.PODIUM_EXCHANGE_RETRY_SECONDS) * 2 ** (attempts - 1))


def _max_attempts() -> int:
    return int(settings.PODIUM_EXCHANGE_DELIVERY_ATTEMPTS)


# Refusals that say the message itself is wrong: sending it again cannot help.
FINAL_STATUSES = {400, 413, 415, 422}


def _post(message: Message, key: SigningKey) -> tuple[int | None, dict[str, Any], str]:
    """(status, JSON answer, outcome in words) of one POST."""
    url = message.peer.base_url + protocol.PATH
    body = protocol.encode(message.body)
    headers = protocol.sign(url=url, body=body, key_id=key.key_id, private=key.private)
    try:
        response = requests.post(
            url,
            data=body,
            headers=headers,
            timeout=int(settings.PODIUM_EXCHANGE_TIMEOUT_SECONDS),
            allow_redirects=False,
        )
    except requests.RequestException as error:
        return None, {}, f"Could not reach the peer ({type(error).__name__})."[:300]
    try:
        answer = response.json()
    except ValueError:
        answer = {}
    if not isinstance(answer, dict):
        answer = {}
    title = str(answer.get("detail") or answer.get("title") or response.reason or "")
    return response.status_code, answer, f"{response.status_code} {title}".strip()[:300]


def deliver(*, message_pk: int, now: dt.datetime | None = None) -> str:
    """One attempt, if the message is due: claimed first (so two workers never send
    it twice at once), posted outside any transaction, the outcome recorded after."""
    now = now or timezone.now()
    claimed = Message.objects.filter(
        pk=message_pk, state=MessageState.QUEUED, next_attempt_at__lte=now
    ).update(state=MessageState.SENDING, next_attempt_at=now)
    if not claimed:
        return "not due"
    message = Message.objects.select_related("peer").get(pk=message_pk)
    key = signing_key()
    status, answer, outcome = _post(message, key)
    delivered = status is not None and 200 <= status < 300
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message_pk)
        message.attempts += 1
        message.key_id = key.key_id
        DeliveryAttempt.objects.create(
            message=message, delivered=delivered, status=status, outcome=outcome
        )
        if delivered:
            message.state = MessageState.DELIVERED
            message.delivered_at = timezone.now()
            message.receipt = answer
            message.last_error = ""
            message.next_attempt_at = None
            message.save()
            record(
                action="exchange.message.delivered",
                actor=None,
                target=message,
                data={"attempts": message.attempts, "status": status},
            )
            if message.kind == Kind.ANSWER and message.disclosure is not None:
                sharing.mark_delivered(disclosure=message.disclosure)
            return "delivered"
        message.last_error = outcome
        if status in FINAL_STATUSES or message.attempts >= _max_attempts():
            message.state = MessageState.UNDELIVERED
            message.next_attempt_at = None
            message.save()
            record(
                action="exchange.message.undelivered",
                actor=None,
                target=message,
                data={"attempts": message.attempts, "status": status},
            )
            _tell_undelivered(message)
            return "undelivered"
        message.state = MessageState.QUEUED
        message.next_attempt_at = timezone.now() + _retry_delay(message.attempts)
        message.save()
        return "retry"


def _tell_undelivered(message: Message) -> None:
    people = [message.created_by] if message.created_by else []
    notify(
        people or list(access.sharers()),
        "exchange/email/undelivered.txt",
        {"message": message},
        subject=f"Not delivered: Podium message {message.audit_label}",
        link=reverse("exchange:message-detail", args=[message.pk]),
        link_label="Open the message",
    )


def deliver_due(*, now: dt.datetime | None = None) -> dict[str, int]:
    """The periodic job: each message whose next attempt is due (back-off), and any
    left "being delivered" by a worker that stopped mid-way."""
    now = now or timezone.now()
    Message.objects.filter(
        state=MessageState.SENDING, next_attempt_at__lt=now - dt.timedelta(minutes=10)
    ).update(state=MessageState.QUEUED)
    outcomes: dict[str, int] = {}
    due = Message.objects.filter(state=MessageState.QUEUED, next_attempt_at__lte=now)
    for pk in list(due.order_by("next_attempt_at", "pk").values_list("pk", flat=True)[:200]):
        outcome = deliver(message_pk=pk, now=now)
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes


# --- Receiving -------------------------------------------------------------------------


@dataclass(frozen=True)
class Accepted:
    status: int
    receipt: dict[str, Any]
    duplicate: bool = False


def _rate_limit(peer: Peer) -> None:
    limit = int(settings.PODIUM_EXCHANGE_PEER_MESSAGES_PER_MINUTE)
    minute = int(timezone.now().timestamp() // 60)
    key = f"exchange-rate:{peer.pk}:{minute}"
    cache.add(key, 0, timeout=120)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=120)
        count = 1
    if count > limit:
        raise Refused(
            "rate-limited", f"At most {limit} messages a minute are accepted.", peer_id=peer.pk
        )


def _key_for(key_id: str) -> PeerKey:
    key = PeerKey.objects.select_related("peer", "peer__partner").filter(key_id=key_id).first()
    if key is None:
        raise Refused("unknown-key", "No peer here has this key id.")
    if key.trusted_at is None or not key.peer.is_active:
        raise Refused(
            "untrusted-key",
            "This key is registered but not trusted yet: its fingerprint must be compared.",
            peer_id=key.peer_id,
        )
    if key.expires_at is not None and key.expires_at <= timezone.now():
        raise Refused("untrusted-key", "This key was replaced and its overlap has ended.",
                      peer_id=key.peer_id)  # fmt: skip
    return key


def receive(*, raw: bytes, headers: Mapping[str, str], content_type: str) -> Accepted:
    """Check a posted message in order (size, signature facts, key, type, times,
    digest, signature, rate, replay, body) and act on it; Refused at the first
    problem, with nothing stored.

    The per-peer rate is counted only once the signature verifies: a message that
    merely names a peer's key id (anyone can read it from the peer's well-known
    document) must not use up that peer's allowance and hold its real messages
    back. Unsigned floods are for the reverse proxy's own limits."""
    if len(raw) > protocol.max_body():
        raise Refused("too-large", f"The body is larger than {protocol.max_body():,} bytes.")
    facts = protocol.signature_facts(headers)
    key = _key_for(facts.key_id)
    peer_id = key.peer_id
    try:
        if content_type.split(";")[0].strip().lower() != protocol.CONTENT_TYPE:
            raise Refused("unsupported-media-type", "Send the message as application/json.")
        protocol.check_times(facts)
        protocol.check_digest(headers, raw)
        protocol.verify(
            url=settings.PODIUM_BASE_URL + protocol.PATH,
            headers=headers,
            body=raw,
            public=keys.decode_public(key.public_key),
        )
        _rate_limit(key.peer)
        if not cache.add(
            f"exchange-nonce:{key.key_id}:{facts.nonce}",
            True,
            timeout=int((protocol.ttl() + 2 * protocol.CLOCK_SKEW).total_seconds()),
        ):
            raise Refused("replayed", "This signature's nonce was already used.")
        body = protocol.check_body(raw)
        return _act(key=key, body=body)
    except Refused as refused:
        refused.peer_id = peer_id
        raise


def _receipt(message: Message, reference: str) -> dict[str, Any]:
    return {
        "message_id": str(message.message_id),
        "status": "accepted",
        "reference": reference,
        "received_at": message.created_at.isoformat(timespec="seconds"),
    }


def _act(*, key: PeerKey, body: dict[str, Any]) -> Accepted:
    peer = key.peer
    message_id = uuid.UUID(body["message_id"])
    earlier = Message.objects.filter(
        peer=peer, direction=Direction.INCOMING, message_id=message_id
    ).first()
    if earlier is not None:
        return Accepted(202, earlier.receipt, duplicate=True)
    try:
        with transaction.atomic():
            message = Message(
                message_id=message_id,
                direction=Direction.INCOMING,
                kind=body["kind"],
                state=MessageState.ACCEPTED,
                peer=peer,
                in_reply_to=body.get("in_reply_to"),
                body=body,
                key_id=key.key_id,
            )
            reference = {
                Kind.REQUEST: _received_request,
                Kind.ANSWER: _received_answer,
                Kind.WITHDRAWAL: _received_withdrawal,
            }[body["kind"]](message, body)
            message.receipt = _receipt(message, reference)
            message.save()
            record(
                action="exchange.message.received",
                actor=None,
                target=message,
                data={
                    "kind": message.kind,
                    "peer": peer.pk,
                    "message_id": message.message_id,
                    "key_id": key.key_id,
                },
            )
    except IntegrityError:  # the same message, received at the same moment
        earlier = Message.objects.get(
            peer=peer, direction=Direction.INCOMING, message_id=message_id
        )
        return Accepted(202, earlier.receipt, duplicate=True)
    except DomainError as error:
        raise Refused("not-accepted", error.message) from None
    return Accepted(202, message.receipt)


def _received_request(message: Message, body: dict[str, Any]) -> str:
    part = body["request"]
    speaker = speaker_selectors.speaker_named(name=part["speaker_name"])
    due_on = max(dt.date.fromisoformat(part["due_on"]), timezone.localdate() + dt.timedelta(days=1))
    information_request = sharing.receive_request(
        acting_user=None,
        partner=message.peer.partner,
        speaker_id=speaker.pk if speaker else None,
        speaker_name=part["speaker_name"],
        question=part["question"],
        due_on=due_on,
    )
    message.request = information_request
    message.save()
    notify(
        access.sharers(),
        "exchange/email/request_received.txt",
        {"peer": message.peer, "request": information_request},
        subject=f"A partner's Podium asked about a speaker: {information_request.audit_label}",
        link=reverse("sharing:request-detail", args=[information_request.pk]),
        link_label="Open the request",
    )
    return information_request.audit_label


def _asked(message: Message, body: dict[str, Any], *, direction: str) -> Message:
    """The request `in_reply_to` names, exchanged with this peer in `direction` (an
    answer to one we sent; a withdrawal of one they sent), or Refused."""
    asked = Message.objects.filter(
        peer=message.peer, direction=direction, kind=Kind.REQUEST, message_id=body["in_reply_to"]
    ).first()
    if asked is None or asked.request_id is None:
        raise Refused("unknown-reference", "in_reply_to names no request exchanged with you.")
    return asked


def _received_answer(message: Message, body: dict[str, Any]) -> str:
    asked = _asked(message, body, direction=Direction.OUTGOING)
    assert asked.request_id is not None  # `_asked` refuses a request-less message
    recipient = sharing_selectors.recipient_of(
        request_id=asked.request_id, partner_id=message.peer.partner_id
    )
    if recipient is None:
        raise Refused("unknown-reference", "in_reply_to names no request exchanged with you.")
    part = body["answer"]
    recipient = sharing.record_answer(
        acting_user=None,
        recipient=recipient,
        rag=part["rag"],
        summary=part["summary"],
        lawful_basis=part.get("lawful_basis", ""),
        method=sharing_selectors.PODIUM_METHOD,
        snapshot=part.get("fields", {}),
    )
    message.request_id = asked.request_id
    message.disclosure_id = recipient.disclosure_id
    message.save()
    return f"D-{recipient.disclosure_id}"


def _received_withdrawal(message: Message, body: dict[str, Any]) -> str:
    asked = _asked(message, body, direction=Direction.INCOMING)
    assert asked.request is not None
    message.request = asked.request
    message.save()
    notify(
        access.sharers(),
        "exchange/email/withdrawn.txt",
        {"peer": message.peer, "request": asked.request},
        subject=f"A partner withdrew its request {asked.request.audit_label}",
        link=reverse("sharing:request-detail", args=[asked.request.pk]),
        link_label="Open the request",
    )
    return asked.request.audit_label


@transaction.atomic
def log_refusal(refused: Refused) -> None:
    """Every refusal in the audit log: why, the status and the peer if known; never
    the message."""
    record(
        action="exchange.message.refused",
        actor=None,
        data={
            "problem": refused.problem.slug,
            "status": refused.problem.status,
            "peer": refused.peer_id,
        },
    )
