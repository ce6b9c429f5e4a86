"""Keys, peers, sending and delivery (retries with back-off, idempotent by message
id, undelivered with the reason), and the sharing records on both sides."""

from __future__ import annotations

import datetime as dt
import os
import stat
from types import SimpleNamespace

import pytest
import requests
import time_machine
from django.core import mail
from django.core.cache import cache
from django.urls import reverse

from podium.audit.models import AuditEntry
from podium.core.errors import DomainError
from podium.exchange import keys, protocol, services
from podium.exchange.models import Message, MessageState
from podium.notify.models import Message as Notice
from podium.sharing import services as sharing
from podium.sharing.models import Direction, Disclosure, InformationRequest, Method, State
from podium.testing.exchange import make_peer, request_body, send
from podium.testing.sharing import make_sharing

pytestmark = pytest.mark.django_db


@pytest.fixture
def s(institution):
    cache.clear()
    return make_sharing(institution)


class FakePost:
    """Stands in for `requests.post`: answers (status, json) in turn, or raises."""

    def __init__(self, *answers):
        self.answers = list(answers)
        self.calls = []

    def __call__(self, url, data, headers, timeout, allow_redirects):
        self.calls.append(SimpleNamespace(url=url, data=data, headers=headers))
        answer = self.answers.pop(0) if len(self.answers) > 1 else self.answers[0]
        if isinstance(answer, Exception):
            raise answer
        status, body = answer
        return SimpleNamespace(status_code=status, json=lambda: body, reason="")


def receipt(body=None):
    return (202, {"message_id": "x", "status": "accepted", "reference": "R-1",
                  "received_at": "2026-12-07T10:00:00+00:00"})  # fmt: skip


@pytest.fixture
def committing(django_capture_on_commit_callbacks):
    """Runs what waits for the commit (the delivery task) as the request would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def ask(s, committing=None):
    if committing is not None:
        with committing():
            return ask(s)
    return sharing.ask_partners(
        acting_user=s.prevent,
        speaker_id=s.speaker.pk,
        partners=[s.partner, s.other_partner],
        question="Has this speaker spoken with you?",
        due_on=None,
    )


def test_the_key_file_is_made_on_first_use_private_to_podium(settings):
    key = services.signing_key()
    path = keys.key_file()
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert services.signing_key().key_id == key.key_id  # the same key next time
    assert AuditEntry.objects.filter(action="exchange.key.created").count() == 1


def test_rotation_keeps_the_old_key_published_for_the_overlap(client, settings):
    old = services.signing_key()
    new, retiring = services.rotate_key()
    assert retiring == [old.key_id]
    published = client.get("/.well-known/podium-exchange").json()
    ids = [k["keyid"] for k in published["keys"]]
    assert set(ids) == {old.key_id, new.key_id}
    assert services.signing_key().key_id == new.key_id
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(days=8)):
        later = client.get("/.well-known/podium-exchange").json()
        assert [k["keyid"] for k in later["keys"]] == [new.key_id]


def test_the_well_known_document(client):
    data = client.get("/.well-known/podium-exchange").json()
    assert data["protocol"] == protocol.PROTOCOL
    assert data["inbox"].endswith(protocol.PATH)
    (key,) = data["keys"]
    assert key["alg"] == "ed25519"
    assert key["fingerprint_sha256"] == keys.fingerprint(key["public_key"])
    assert key["keyid"] == keys.key_id_of(key["public_key"])


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://podium.northshire.ac.uk", True),
        ("http://127.0.0.1:8001", True),
        ("http://localhost:8001", True),
        ("http://podium.northshire.ac.uk", False),
        ("ftp://podium.northshire.ac.uk", False),
        ("https://user:pw@podium.northshire.ac.uk", False),
    ],
)
def test_a_peer_uses_https_except_on_loopback(url, ok):
    if ok:
        assert services.clean_base_url(url) == url
    else:
        with pytest.raises(DomainError):
            services.clean_base_url(url)


def test_registering_refuses_every_bad_field_at_once(s):
    with pytest.raises(DomainError) as error:
        services.register_peer(
            acting_user=s.admin, name="", base_url="http://x.example", partner=None, public_key="no"
        )
    assert {f for f, _ in error.value.problems} == {"name", "base_url", "partner", "public_key"}


def test_only_an_administrator_registers_peers(s):
    from podium.core.errors import NotAllowed

    with pytest.raises(NotAllowed):
        services.register_peer(
            acting_user=s.prevent, name="X", base_url="https://x.example", partner=s.partner,
            public_key=keys.encode_public(services.signing_key().private.public_key()),
        )  # fmt: skip


def test_trust_needs_the_fingerprint_compared(s):
    peer = make_peer(s, trusted=False)
    with pytest.raises(DomainError):
        services.trust_key(acting_user=s.admin, key=peer.key, confirmed=False)
    services.trust_key(acting_user=s.admin, key=peer.key, confirmed=True)
    entry = AuditEntry.objects.filter(action="exchange.peer_key.trusted").get()
    assert entry.data["key_id"] == peer.key_id


def test_a_request_to_a_trusted_peer_is_sent_and_delivered(s, monkeypatch, committing):
    peer = make_peer(s)
    fake = FakePost(receipt())
    monkeypatch.setattr(services.requests, "post", fake)
    request = ask(s, committing)
    message = Message.objects.get(direction="outgoing")  # one: the other partner has no peer
    assert message.peer == peer.peer and message.request == request
    assert message.state == MessageState.DELIVERED
    assert message.key_id == services.signing_key().key_id
    (call,) = fake.calls
    assert call.url == peer.peer.base_url + protocol.PATH
    assert set(call.headers) == {"Content-Type", "Content-Digest", "Signature-Input", "Signature"}
    sent = protocol.check_body(call.data)
    assert sent["request"] == {
        "speaker_name": "Dr Jane Visiting",
        "question": "Has this speaker spoken with you?",
        "due_on": request.due_on.isoformat(),
    }
    assert message.attempt_log.get().delivered


def test_nothing_goes_to_an_untrusted_peer(s, monkeypatch, committing):
    make_peer(s, trusted=False)
    fake = FakePost(receipt())
    monkeypatch.setattr(services.requests, "post", fake)
    ask(s, committing)
    assert not Message.objects.exists() and not fake.calls


def test_delivery_retries_with_back_off_then_gives_up_with_the_reason(
    s, monkeypatch, settings, committing
):
    settings.PODIUM_EXCHANGE_DELIVERY_ATTEMPTS = 3
    make_peer(s)
    monkeypatch.setattr(services.requests, "post", FakePost(requests.ConnectionError()))
    start = dt.datetime.now(dt.UTC)
    with time_machine.travel(start, tick=False):
        ask(s, committing)
        message = Message.objects.get()
        assert message.state == MessageState.QUEUED and message.attempts == 1
        assert message.next_attempt_at == start + dt.timedelta(seconds=60)
        assert services.deliver_due() == {}  # not due yet
    with time_machine.travel(start + dt.timedelta(seconds=61), tick=False):
        assert services.deliver_due() == {"retry": 1}
        message.refresh_from_db()
        assert message.next_attempt_at == start + dt.timedelta(seconds=61 + 120)
    with time_machine.travel(start + dt.timedelta(seconds=200), tick=False):
        assert services.deliver_due() == {"undelivered": 1}
    message.refresh_from_db()
    assert message.state == MessageState.UNDELIVERED and message.attempts == 3
    assert "Could not reach the peer" in message.last_error
    assert message.attempt_log.count() == 3
    notice = Notice.objects.get(recipient=s.prevent, subject__startswith="Not delivered")
    assert notice.link == reverse("exchange:message-detail", args=[message.pk])
    assert AuditEntry.objects.filter(action="exchange.message.undelivered").count() == 1


def test_a_refusal_of_the_message_itself_is_final(s, monkeypatch, committing):
    make_peer(s)
    problem = {"type": "x", "title": "t", "status": 422, "detail": "The field 'x' is not allowed."}
    monkeypatch.setattr(services.requests, "post", FakePost((422, problem)))
    ask(s, committing)
    message = Message.objects.get()
    assert message.state == MessageState.UNDELIVERED and message.attempts == 1
    assert message.last_error == "422 The field 'x' is not allowed."


def test_a_message_is_delivered_once_however_often_it_is_due(s, monkeypatch, committing):
    make_peer(s)
    fake = FakePost(receipt())
    monkeypatch.setattr(services.requests, "post", fake)
    ask(s, committing)
    message = Message.objects.get()
    assert services.deliver(message_pk=message.pk) == "not due"
    assert len(fake.calls) == 1


def answer_facts(s, **overrides):
    values = {
        "rag": "amber",
        "summary": "Spoke here in 2025 with conditions; they were kept.",
        "fields_shared": ["name", "affiliations"],
        "purpose": s.purpose,
        "lawful_basis": "public_task",
        "necessity": "They are assessing the same speaker.",
        "one_off_reason": "Received over the Podium exchange.",
        "speaker_id": None,
    }
    values.update(overrides)
    return services.AnswerFacts(**values)


def test_an_answer_waits_for_the_dpo_then_leaves_with_exactly_the_ticked_fields(
    client, s, monkeypatch, committing
):
    peer = make_peer(s)
    send(client, peer, request_body())
    incoming = InformationRequest.objects.get(direction=Direction.INCOMING)
    fake = FakePost(receipt())
    monkeypatch.setattr(services.requests, "post", fake)
    message = services.prepare_answer(
        acting_user=s.prevent,
        information_request=incoming,
        facts=answer_facts(s, speaker_id=s.speaker.pk),
    )
    disclosure = message.disclosure
    assert disclosure is not None
    disclosure.refresh_from_db()
    assert disclosure.state == State.AWAITING_SIGN_OFF and disclosure.method == Method.PODIUM
    assert message.state == MessageState.AWAITING_SIGN_OFF and not fake.calls
    incoming.refresh_from_db()
    assert incoming.answer == disclosure
    with committing():
        sharing.sign_off(acting_user=s.dpo, disclosure=disclosure, approved=True)
    message.refresh_from_db()
    disclosure.refresh_from_db()
    assert message.state == MessageState.DELIVERED
    assert disclosure.state == State.SENT and disclosure.sent_at
    sent = protocol.check_body(fake.calls[0].data)
    assert sent["in_reply_to"] == str(Message.objects.get(direction="incoming").message_id)
    assert sent["answer"]["rag"] == "amber"
    assert set(sent["answer"]["fields"]) == {"name", "affiliations"}
    assert sent["answer"]["fields"] == disclosure.snapshot
    entry = AuditEntry.objects.filter(action="sharing.disclosure.sent").get()
    assert entry.actor is None


def test_a_refused_answer_never_leaves(client, s, monkeypatch, committing):
    peer = make_peer(s)
    send(client, peer, request_body())
    incoming = InformationRequest.objects.get(direction=Direction.INCOMING)
    fake = FakePost(receipt())
    monkeypatch.setattr(services.requests, "post", fake)
    message = services.prepare_answer(
        acting_user=s.prevent,
        information_request=incoming,
        facts=answer_facts(s, speaker_id=s.speaker.pk),
    )
    with committing():
        assert message.disclosure is not None
        sharing.sign_off(
            acting_user=s.dpo, disclosure=message.disclosure, approved=False, reason="No."
        )
    message.refresh_from_db()
    assert message.state == MessageState.AWAITING_SIGN_OFF and not fake.calls


def test_an_answer_received_attaches_to_the_waiting_request_and_tells_the_asker(
    client, s, monkeypatch, committing
):
    peer = make_peer(s)
    monkeypatch.setattr(services.requests, "post", FakePost(receipt()))
    request = ask(s, committing)
    asked = Message.objects.get(direction="outgoing")
    body = protocol.new_body(
        kind="answer",
        in_reply_to=asked.message_id,
        part={
            "rag": "amber",
            "summary": "Conditions were set and kept.",
            "lawful_basis": "public_task",
            "fields": {
                "name": {"label": "Name", "value": "Dr Jane Visiting"},
                "affiliations": {"label": "Affiliations", "value": "University of Elsewhere"},
            },
        },
    )
    mail.outbox.clear()
    response = send(client, peer, body)
    assert response.status_code == 202, response.content
    recipient = request.recipients.get(partner=s.partner)
    assert recipient.rag == "amber" and recipient.answered_at
    disclosure = recipient.disclosure
    assert disclosure.direction == Direction.INCOMING and disclosure.speaker == s.speaker
    assert disclosure.method == Method.PODIUM
    assert set(disclosure.snapshot) == {"name", "affiliations"}
    assert response.json()["reference"] == f"D-{disclosure.pk}"
    assert Notice.objects.filter(
        recipient=s.prevent, subject__startswith="Answer received"
    ).exists()
    page = client.get(reverse("sharing:request-detail", args=[request.pk]))  # anonymous: sign-in
    assert page.status_code == 302
    client.force_login(s.prevent)
    page = client.get(reverse("sharing:disclosure-detail", args=[disclosure.pk])).content.decode()
    received = Message.objects.get(direction="incoming")
    assert str(received.message_id) in page and peer.key_id in page
    assert "its signature verified with the key" in page  # the receiving side's history


def test_a_withdrawal_reaches_the_partner(client, s, monkeypatch, committing):
    peer = make_peer(s)
    send(client, peer, request_body())
    asked = Message.objects.get(direction="incoming")
    body = protocol.new_body(
        kind="withdrawal", in_reply_to=asked.message_id, part={"reason": "Event cancelled."}
    )
    assert send(client, peer, body).status_code == 202
    withdrawal = Message.objects.get(kind="withdrawal")
    assert withdrawal.request == asked.request
    # And ours to them.
    fake = FakePost(receipt())
    monkeypatch.setattr(services.requests, "post", fake)
    request = ask(s, committing)
    ours = Message.objects.get(direction="outgoing", request=request)
    with committing():
        sent = services.withdraw_request(acting_user=s.prevent, message=ours, reason="Cancelled.")
    sent.refresh_from_db()
    assert sent.state == MessageState.DELIVERED and sent.in_reply_to == ours.message_id
    with pytest.raises(DomainError):
        services.withdraw_request(acting_user=s.prevent, message=ours, reason="Again.")


def test_disclosures_are_not_duplicated_by_a_resent_answer(client, s, monkeypatch, committing):
    peer = make_peer(s)
    monkeypatch.setattr(services.requests, "post", FakePost(receipt()))
    ask(s, committing)
    asked = Message.objects.get(direction="outgoing")
    body = protocol.new_body(
        kind="answer",
        in_reply_to=asked.message_id,
        part={
            "rag": "green",
            "summary": "None known.",
            "lawful_basis": "public_task",
            "fields": {},
        },
    )
    first = send(client, peer, body)
    again = send(client, peer, body)
    assert first.json() == again.json()
    assert Disclosure.objects.filter(direction=Direction.INCOMING).count() == 1
