"""Test helpers for the Podium exchange (podium.exchange): a peer whose private key
the test holds, and signed posts to this Podium's endpoint."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.conf import settings
from django.test import Client

from podium.exchange import keys, protocol, services
from podium.exchange.models import Peer, PeerKey
from podium.testing.sharing import Sharing

PEER_URL = "http://127.0.0.1:8749"  # nothing listens there in unit tests


@dataclass
class TestPeer:
    peer: Peer
    key: PeerKey
    private: Ed25519PrivateKey

    @property
    def key_id(self) -> str:
        return self.key.key_id


def make_peer(s: Sharing, *, trusted: bool = True, base_url: str = PEER_URL) -> TestPeer:
    private = Ed25519PrivateKey.generate()
    peer = services.register_peer(
        acting_user=s.admin,
        name="Northshire Podium",
        base_url=base_url,
        partner=s.partner,
        public_key=keys.encode_public(private.public_key()),
    )
    key = peer.keys.get()
    if trusted:
        services.trust_key(acting_user=s.admin, key=key, confirmed=True)
        key.refresh_from_db()
    return TestPeer(peer, key, private)


def request_body(**overrides: Any) -> dict[str, Any]:
    body = protocol.new_body(
        kind="request",
        in_reply_to=None,
        part={
            "speaker_name": "Dr Jane Visiting",
            "question": "Has this speaker spoken with you? Any concerns or conditions?",
            "due_on": "2099-01-15",
        },
    )
    body["sender"] = {"name": "University of Northshire", "base_url": PEER_URL}
    body.update(overrides)
    return body


def signed_headers(peer: TestPeer, raw: bytes, *, url: str | None = None) -> dict[str, str]:
    return protocol.sign(
        url=url or settings.PODIUM_BASE_URL + protocol.PATH,
        body=raw,
        key_id=peer.key_id,
        private=peer.private,
    )


def post(client: Client, raw: bytes, headers: dict[str, str]) -> Any:
    """POST `raw` to the endpoint with `headers` (as an HTTP client would send them)."""
    extra: dict[str, Any] = {
        "HTTP_" + name.upper().replace("-", "_"): value
        for name, value in headers.items()
        if name.lower() != "content-type"
    }
    return client.generic(
        "POST",
        protocol.PATH,
        raw,
        content_type=headers.get("Content-Type", "application/json"),
        **extra,
    )


def send(client: Client, peer: TestPeer, body: dict[str, Any]) -> Any:
    raw = protocol.encode(body)
    return post(client, raw, signed_headers(peer, raw))
