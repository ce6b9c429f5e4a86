"""The receiving endpoint: every refusal precise (RFC 9457), logged, nothing stored;
requests land in the Prevent lead's queue; a resend is recognised."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from django.core.cache import cache

from podium.audit.models import AuditEntry
from podium.exchange import protocol, services
from podium.exchange.models import Message
from podium.sharing.models import Direction, InformationRequest
from podium.testing.exchange import make_peer, post, request_body, send, signed_headers
from podium.testing.sharing import make_sharing

pytestmark = pytest.mark.django_db


@pytest.fixture
def s(institution):
    return make_sharing(institution)


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


def refusals() -> list[dict]:
    return [e.data for e in AuditEntry.objects.filter(action="exchange.message.refused")]


def assert_refused(response, slug: str, status: int) -> None:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert problem["type"] == protocol.PROBLEM_TYPE + slug
    assert problem["status"] == status
    assert problem["title"] and problem["detail"]
    assert refusals()[-1]["problem"] == slug
    assert not Message.objects.filter(direction="incoming").exists()
    assert not InformationRequest.objects.filter(direction=Direction.INCOMING).exists()


def test_a_request_lands_in_the_prevent_leads_queue(client, s):
    peer = make_peer(s)
    body = request_body()
    response = send(client, peer, body)
    assert response.status_code == 202, response.content
    receipt = response.json()
    assert receipt["message_id"] == body["message_id"]
    assert receipt["status"] == "accepted"
    request = InformationRequest.objects.get(direction=Direction.INCOMING)
    assert request.partner == s.partner
    assert request.speaker == s.speaker  # matched by name in the register
    assert request.due_on == dt.date(2099, 1, 15)
    assert receipt["reference"] == request.audit_label
    message = Message.objects.get(direction="incoming")
    assert message.key_id == peer.key_id and message.request == request
    entry = AuditEntry.objects.get(action="exchange.message.received")
    assert entry.actor is None and "Jane" not in json.dumps(entry.data)


def test_a_resent_message_id_returns_the_original_receipt(client, s):
    peer = make_peer(s)
    body = request_body()
    first = send(client, peer, body)
    again = send(client, peer, body)  # signed afresh: a new nonce
    assert again.status_code == 202
    assert again.json() == first.json()
    assert again["Podium-Exchange-Duplicate"] == "true"
    assert InformationRequest.objects.filter(direction=Direction.INCOMING).count() == 1


def test_a_replayed_signature_is_refused(client, s):
    peer = make_peer(s)
    raw = protocol.encode(request_body())
    headers = signed_headers(peer, raw)
    assert post(client, raw, headers).status_code == 202
    response = post(client, raw, headers)
    assert response.status_code == 409
    assert response.json()["type"].endswith("replayed")


def test_an_unknown_key_is_refused(client, s):
    peer = make_peer(s)
    raw = protocol.encode(request_body())
    headers = signed_headers(peer, raw)
    headers["Signature-Input"] = headers["Signature-Input"].replace(peer.key_id, "podium-nobody")
    assert_refused(post(client, raw, headers), "unknown-key", 401)
    assert refusals()[-1]["peer"] is None


def test_an_untrusted_key_sends_nothing(client, s):
    peer = make_peer(s, trusted=False)
    assert_refused(send(client, peer, request_body()), "untrusted-key", 403)
    assert refusals()[-1]["peer"] == peer.peer.pk


def test_a_bad_signature_is_refused(client, s):
    peer = make_peer(s)
    raw = protocol.encode(request_body())
    headers = signed_headers(peer, raw)
    signature = headers["Signature"]
    headers["Signature"] = signature[:12] + ("A" if signature[12] != "A" else "B") + signature[13:]
    assert_refused(post(client, raw, headers), "bad-signature", 401)


def test_a_message_signed_by_another_key_is_refused(client, s):
    peer = make_peer(s)
    impostor = make_peer(s, base_url="http://127.0.0.1:8748")
    impostor.peer.partner = s.other_partner
    raw = protocol.encode(request_body())
    headers = signed_headers(impostor, raw)
    headers["Signature-Input"] = headers["Signature-Input"].replace(impostor.key_id, peer.key_id)
    assert_refused(post(client, raw, headers), "bad-signature", 401)


def test_a_changed_body_fails_its_digest(client, s):
    peer = make_peer(s)
    raw = protocol.encode(request_body())
    headers = signed_headers(peer, raw)
    tampered = raw.replace(b"Has this speaker", b"Has that speaker")
    assert_refused(post(client, tampered, headers), "digest-mismatch", 400)


def test_a_changed_digest_breaks_the_signature(client, s):
    peer = make_peer(s)
    raw = protocol.encode(request_body())
    headers = signed_headers(peer, raw)
    tampered = raw.replace(b"Has this speaker", b"Has that speaker")
    from http_message_signatures import ContentDigest

    headers["Content-Digest"] = ContentDigest.create(tampered)
    assert_refused(post(client, tampered, headers), "bad-signature", 401)


def test_a_message_for_another_address_is_refused(client, s):
    peer = make_peer(s)
    raw = protocol.encode(request_body())
    headers = signed_headers(peer, raw, url="https://other.example.ac.uk" + protocol.PATH)
    assert_refused(post(client, raw, headers), "bad-signature", 401)


def test_an_expired_signature_is_refused(client, s):
    peer = make_peer(s)
    raw = protocol.encode(request_body())
    with time_machine.travel(dt.datetime.now(dt.UTC) - dt.timedelta(minutes=10), tick=False):
        headers = signed_headers(peer, raw)
    assert_refused(post(client, raw, headers), "expired", 401)


def test_an_unsigned_message_is_refused(client, s):
    make_peer(s)
    response = client.post(protocol.PATH, request_body(), content_type="application/json")
    assert_refused(response, "unsigned", 401)


def test_a_body_over_the_cap_is_refused(client, s, settings):
    settings.PODIUM_EXCHANGE_MAX_BODY_BYTES = 1000
    peer = make_peer(s)
    body = request_body()
    body["request"]["question"] = "x" * 2000
    assert_refused(send(client, peer, body), "too-large", 413)


def test_a_field_the_protocol_does_not_allow_is_refused(client, s):
    peer = make_peer(s)
    body = request_body()
    body["request"]["email"] = "jane@example.org"
    response = send(client, peer, body)
    assert_refused(response, "field-not-allowed", 422)
    assert "jane@example.org" not in response.content.decode()
    assert "jane@example.org" not in json.dumps(refusals())


def test_an_answer_field_outside_the_whitelist_is_refused(client, s):
    peer = make_peer(s)
    body = protocol.new_body(
        kind="answer",
        in_reply_to=None,
        part={"rag": "amber", "summary": "Concerns.", "lawful_basis": "public_task",
              "fields": {"phone": {"label": "Phone", "value": "01234"}}},
    )  # fmt: skip
    body["in_reply_to"] = body["message_id"]
    assert_refused(send(client, peer, body), "field-not-allowed", 422)


def test_an_answer_to_nothing_we_sent_is_refused(client, s):
    peer = make_peer(s)
    body = protocol.new_body(
        kind="answer",
        in_reply_to=None,
        part={"rag": "amber", "summary": "Concerns.", "lawful_basis": "public_task",
              "fields": {}},
    )  # fmt: skip
    body["in_reply_to"] = body["message_id"]
    assert_refused(send(client, peer, body), "unknown-reference", 422)


def test_the_endpoint_is_rate_limited_per_peer(client, s, settings):
    settings.PODIUM_EXCHANGE_PEER_MESSAGES_PER_MINUTE = 2
    peer = make_peer(s)
    assert send(client, peer, request_body()).status_code == 202
    assert send(client, peer, request_body()).status_code == 202
    response = send(client, peer, request_body())
    assert response.status_code == 429
    assert response["Retry-After"] == "60"
    assert refusals()[-1]["problem"] == "rate-limited"


def test_forged_messages_do_not_use_up_a_peers_allowance(client, s, settings):
    settings.PODIUM_EXCHANGE_PEER_MESSAGES_PER_MINUTE = 2
    peer = make_peer(s)
    raw = protocol.encode(request_body())
    forged = signed_headers(peer, raw)
    forged["Signature"] = forged["Signature"][:12] + "AAAA" + forged["Signature"][16:]
    for _ in range(5):  # someone who knows only the peer's key id
        assert post(client, raw, forged).status_code == 401
    assert send(client, peer, request_body()).status_code == 202
    assert send(client, peer, request_body()).status_code == 202


def test_a_retired_key_is_refused_after_the_overlap(client, s):
    peer = make_peer(s)
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from podium.exchange import keys

    newer = Ed25519PrivateKey.generate()
    key = services.add_peer_key(
        acting_user=s.admin, peer=peer.peer, public_key=keys.encode_public(newer.public_key())
    )
    services.trust_key(acting_user=s.admin, key=key, confirmed=True)
    assert send(client, peer, request_body()).status_code == 202  # within the overlap
    later = dt.datetime.now(dt.UTC) + dt.timedelta(days=8)
    with time_machine.travel(later, tick=False):
        raw = protocol.encode(request_body())
        response = post(client, raw, signed_headers(peer, raw))
        assert response.status_code == 403
        assert response.json()["type"].endswith("untrusted-key")
        peer.key = key
        peer.private = newer
        assert send(client, peer, request_body()).status_code == 202
