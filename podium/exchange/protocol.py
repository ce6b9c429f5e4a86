"""The wire protocol (docs/exchange-protocol.md): message bodies, RFC 9421 HTTP
Message Signatures with Ed25519 over the method, the target URI, Content-Type and
Content-Digest (RFC 9530, sha-256), with `created`, `expires`, `nonce`, `keyid`,
`alg` and `tag`; and the refusals, as RFC 9457 problem details.

Signing and verifying are `http-message-signatures`' (with `cryptography`);
this module only chooses the parameters and says precisely why a message is refused.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

import http_sf
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)
from django.conf import settings
from http_message_signatures import (
    ContentDigest,
    HTTPMessageSigner,
    HTTPMessageVerifier,
    HTTPSignatureKeyResolver,
    InvalidSignature,
    algorithms,
)
from http_message_signatures.exceptions import HTTPMessageSignaturesException

PROTOCOL = "podium-exchange/1"
TAG = "podium-exchange"
LABEL = "podium"
PATH = "/api/v1/exchange/messages"
WELL_KNOWN = "/.well-known/podium-exchange"
COVERED = ("@method", "@target-uri", "content-type", "content-digest")
CONTENT_TYPE = "application/json"
CLOCK_SKEW = dt.timedelta(seconds=30)

# --- Bodies ----------------------------------------------------------------------------

TOP_LEVEL = {"protocol", "message_id", "kind", "sent_at", "sender", "in_reply_to", "request",
             "answer", "withdrawal"}  # fmt: skip
SENDER = {"name", "base_url"}
KIND_PARTS: dict[str, set[str]] = {
    "request": {"speaker_name", "question", "due_on"},
    "answer": {"rag", "summary", "lawful_basis", "fields"},
    "withdrawal": {"reason"},
}
RAGS = {"red", "amber", "green"}
TEXT_LIMIT = 5000


def allowed_fields() -> dict[str, str]:
    """The speaker fields an answer may carry: those sharing lets a sharer tick."""
    # Sharing's list, read through its public services.
    from podium.sharing.services import shareable_fields  # sharing is below; no cycle

    return shareable_fields("speaker")


def max_body() -> int:
    return int(settings.PODIUM_EXCHANGE_MAX_BODY_BYTES)


def ttl() -> dt.timedelta:
    return dt.timedelta(seconds=int(settings.PODIUM_EXCHANGE_SIGNATURE_SECONDS))


def encode(body: Mapping[str, Any]) -> bytes:
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=True).encode()


def new_body(*, kind: str, in_reply_to: uuid.UUID | None, part: dict[str, Any]) -> dict[str, Any]:
    return {
        "protocol": PROTOCOL,
        "message_id": str(uuid.uuid4()),
        "kind": kind,
        "sent_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "sender": {
            "name": settings.PODIUM_INSTITUTION_NAME,
            "base_url": settings.PODIUM_BASE_URL,
        },
        "in_reply_to": str(in_reply_to) if in_reply_to else None,
        kind: part,
    }


# --- Refusals (RFC 9457) ---------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    slug: str
    status: int
    title: str


PROBLEMS = {
    p.slug: p
    for p in (
        Problem("too-large", 413, "The message is larger than this Podium accepts"),
        Problem("unsupported-media-type", 415, "The message is not JSON"),
        Problem("unsigned", 401, "The message carries no usable signature"),
        Problem("unknown-key", 401, "The signing key is not known here"),
        Problem("untrusted-key", 403, "The signing key is not trusted here"),
        Problem("rate-limited", 429, "Too many messages from this peer"),
        Problem("expired", 401, "The signature has expired or is not yet valid"),
        Problem("digest-mismatch", 400, "The body does not match its Content-Digest"),
        Problem("bad-signature", 401, "The signature does not verify"),
        Problem("replayed", 409, "This signature was already used"),
        Problem("malformed", 400, "The message is not a valid exchange message"),
        Problem(
            "field-not-allowed", 422, "The message carries a field the protocol does not allow"
        ),
        Problem("unknown-reference", 422, "The message refers to nothing this Podium sent"),
        Problem("not-accepted", 409, "This Podium cannot take the message now"),
    )
}
PROBLEM_TYPE = "tag:podium-exchange,2026:"


class Refused(Exception):
    """A message refused: `slug` (a key of PROBLEMS) and a precise `detail` that
    never repeats the message's contents."""

    def __init__(self, slug: str, detail: str, *, peer_id: int | None = None) -> None:
        super().__init__(detail)
        self.problem = PROBLEMS[slug]
        self.detail = detail
        self.peer_id = peer_id

    def body(self) -> dict[str, Any]:
        return {
            "type": PROBLEM_TYPE + self.problem.slug,
            "title": self.problem.title,
            "status": self.problem.status,
            "detail": self.detail,
            # The API's own error shape too, so an API client reads it as any other.
            "errors": [{"field": None, "message": self.detail}],
        }


def check_body(raw: bytes) -> dict[str, Any]:
    """The parsed body, or Refused: malformed, or a field the protocol does not allow
    (named; its value never repeated)."""
    try:
        body = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise Refused("malformed", "The body is not JSON.") from None
    if not isinstance(body, dict):
        raise Refused("malformed", "The body is not a JSON object.")
    for name in body:
        if name not in TOP_LEVEL:
            raise Refused("field-not-allowed", f"The field {name!r} is not allowed.")
    if body.get("protocol") != PROTOCOL:
        raise Refused("malformed", f"The protocol must be {PROTOCOL!r}.")
    kind = body.get("kind")
    if kind not in KIND_PARTS:
        raise Refused("malformed", "The kind must be request, answer or withdrawal.")
    for other in KIND_PARTS:
        if other != kind and other in body:
            raise Refused("field-not-allowed", f"A {kind} carries no {other!r}.")
    try:
        uuid.UUID(str(body.get("message_id")))
        if body.get("in_reply_to") is not None:
            uuid.UUID(str(body["in_reply_to"]))
    except ValueError:
        raise Refused("malformed", "message_id and in_reply_to must be UUIDs.") from None
    sender = body.get("sender", {})
    if not isinstance(sender, dict) or set(sender) - SENDER:
        raise Refused("field-not-allowed", "The sender carries only a name and a base_url.")
    part = body.get(kind)
    if not isinstance(part, dict):
        raise Refused("malformed", f"A {kind} carries a {kind!r} object.")
    for name in part:
        if name not in KIND_PARTS[kind]:
            raise Refused("field-not-allowed", f"The field {kind}.{name} is not allowed.")
    for name, value in part.items():
        if name != "fields" and (not isinstance(value, str) or len(value) > TEXT_LIMIT):
            raise Refused("malformed", f"{kind}.{name} must be text of at most {TEXT_LIMIT}.")
    if kind == "request":
        if not part.get("speaker_name", "").strip() or not part.get("question", "").strip():
            raise Refused("malformed", "A request names the speaker and asks a question.")
        try:
            dt.date.fromisoformat(part.get("due_on", ""))
        except ValueError:
            raise Refused("malformed", "request.due_on must be a date (YYYY-MM-DD).") from None
    if kind in ("answer", "withdrawal") and body.get("in_reply_to") is None:
        raise Refused("malformed", f"A {kind} refers to a request (in_reply_to).")
    if kind == "answer":
        if part.get("rag") not in RAGS:
            raise Refused("malformed", "answer.rag must be red, amber or green.")
        fields = part.get("fields", {})
        if not isinstance(fields, dict):
            raise Refused("malformed", "answer.fields must be an object.")
        allowed = allowed_fields()
        for name, value in fields.items():
            if name not in allowed:
                raise Refused(
                    "field-not-allowed", f"The field answer.fields.{name} is not allowed."
                )
            if (
                not isinstance(value, dict)
                or set(value) != {"label", "value"}
                or not all(isinstance(v, str) and len(v) <= TEXT_LIMIT for v in value.values())
            ):
                raise Refused("malformed", f"answer.fields.{name} must be a label and a value.")
    return body


# --- Signatures ------------------------------------------------------------------------


class KeyPair(HTTPSignatureKeyResolver):
    """The one key a signer or verifier uses, whatever key id it is asked for."""

    def __init__(
        self, *, private: Ed25519PrivateKey | None = None, public: Ed25519PublicKey | None = None
    ) -> None:
        self.private = private
        self.public = public

    def resolve_private_key(self, key_id: str) -> Ed25519PrivateKey:
        assert self.private is not None
        return self.private

    def resolve_public_key(self, key_id: str) -> Ed25519PublicKey:
        assert self.public is not None
        return self.public


def sign(*, url: str, body: bytes, key_id: str, private: Ed25519PrivateKey) -> dict[str, str]:
    """The headers of a signed POST of `body` to `url`: Content-Type,
    Content-Digest, Signature-Input and Signature."""
    message = SimpleNamespace(method="POST", url=url, headers={"Content-Type": CONTENT_TYPE})
    now = dt.datetime.now(dt.UTC)
    HTTPMessageSigner(
        signature_algorithm=algorithms.ED25519, key_resolver=KeyPair(private=private)
    ).sign(
        message,
        key_id=key_id,
        created=now,
        expires=now + ttl(),
        nonce=secrets.token_urlsafe(18),
        label=LABEL,
        tag=TAG,
        covered_component_ids=COVERED[:3],
        body=body,
    )
    return dict(message.headers)


@dataclass(frozen=True)
class SignatureFacts:
    key_id: str
    nonce: str
    created: int
    expires: int


def signature_facts(headers: Mapping[str, str]) -> SignatureFacts:
    """The signature's parameters, read before anything is trusted (to find the key),
    or Refused("unsigned")."""
    value = headers.get("Signature-Input")
    if not value or not headers.get("Signature"):
        raise Refused("unsigned", "Signature-Input and Signature headers are required.")
    try:
        parsed: Any = http_sf.parse(value.encode(), tltype="dictionary")
    except Exception:  # http_sf raises ValueError and others on bad input
        raise Refused("unsigned", "The Signature-Input header is not a structured field.") from None
    if not isinstance(parsed, dict) or LABEL not in parsed:
        raise Refused("unsigned", f"Sign with the label {LABEL!r}.")
    _members, params = parsed[LABEL]
    key_id, nonce = params.get("keyid"), params.get("nonce")
    created, expires = params.get("created"), params.get("expires")
    if not isinstance(key_id, str) or not isinstance(nonce, str) or not nonce:
        raise Refused("unsigned", "The signature names its keyid and a nonce.")
    if type(created) is not int or type(expires) is not int:
        raise Refused("unsigned", "The signature carries created and expires.")
    if params.get("alg") != "ed25519" or params.get("tag") != TAG:
        raise Refused("unsigned", f'The signature uses alg "ed25519" and tag "{TAG}".')
    return SignatureFacts(key_id, nonce, created, expires)


def check_times(facts: SignatureFacts, *, now: dt.datetime | None = None) -> None:
    now_s = (now or dt.datetime.now(dt.UTC)).timestamp()
    skew = CLOCK_SKEW.total_seconds()
    if facts.expires < now_s - skew:
        raise Refused("expired", "The signature's expires time has passed.")
    if facts.created > now_s + skew:
        raise Refused("expired", "The signature's created time is in the future.")
    if facts.expires - facts.created > ttl().total_seconds() + skew:
        raise Refused("expired", "The signature is valid for longer than this Podium allows.")


def check_digest(headers: Mapping[str, str], body: bytes) -> None:
    digest = headers.get("Content-Digest")
    if not digest:
        raise Refused("digest-mismatch", "The Content-Digest header is required.")
    try:
        ContentDigest.verify(digest, body)
    except (InvalidSignature, HTTPMessageSignaturesException, ValueError):
        raise Refused("digest-mismatch", "The body does not match its Content-Digest.") from None


def verify(*, url: str, headers: Mapping[str, str], body: bytes, public: Ed25519PublicKey) -> None:
    """The signature verifies over every covered component, or Refused("bad-signature")."""
    message = SimpleNamespace(method="POST", url=url, headers=dict(headers))
    verifier = HTTPMessageVerifier(
        signature_algorithm=algorithms.ED25519, key_resolver=KeyPair(public=public)
    )
    verifier.max_clock_skew = CLOCK_SKEW
    try:
        verifier.verify(
            message,
            max_age=ttl() + CLOCK_SKEW,
            expect_tag=TAG,
            require_components=COVERED,
            body=body,
        )
    except (InvalidSignature, HTTPMessageSignaturesException):
        raise Refused("bad-signature", "The signature does not verify for this key.") from None
