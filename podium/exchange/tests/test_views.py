"""The exchange's pages: the administrator registers a peer and sees the fingerprint
to compare; trusting is a deliberate, audited step; the sharers answer a request that
came over the exchange; the auditor sees records, not contents."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from podium.exchange import keys, services
from podium.exchange.models import Message, PeerKey
from podium.sharing.models import Direction, InformationRequest, State
from podium.testing.exchange import make_peer, request_body, send
from podium.testing.personas import client_for
from podium.testing.sharing import make_sharing

pytestmark = pytest.mark.django_db


@pytest.fixture
def s(institution):
    cache.clear()
    return make_sharing(institution)


def new_key() -> str:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return keys.encode_public(Ed25519PrivateKey.generate().public_key())


def test_registering_a_peer_shows_the_fingerprint_to_compare(s):
    client = client_for(s.admin)
    public = new_key()
    response = client.post(
        reverse("exchange:peer-list"),
        {"name": "Northshire Podium", "base_url": "https://podium.northshire.example/",
         "partner": s.partner.pk, "public_key": public},
    )  # fmt: skip
    key = PeerKey.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("exchange:peer-detail", args=[key.peer_id])
    page = client.get(response["Location"]).content.decode()
    assert keys.fingerprint(public) in page
    assert "Not trusted yet" in page
    assert key.peer.base_url == "https://podium.northshire.example"


def test_bad_input_is_named_on_each_field(s):
    response = client_for(s.admin).post(
        reverse("exchange:peer-list"),
        {"name": "", "base_url": "http://podium.northshire.example", "partner": s.partner.pk,
         "public_key": "not a key"},
    )  # fmt: skip
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) == {"name", "base_url", "public_key"}
    assert "HTTPS" in errors["base_url"][0]


def test_trusting_needs_the_comparison_confirmed(s):
    peer = make_peer(s, trusted=False)
    client = client_for(s.admin)
    url = reverse("exchange:key-trust", args=[peer.peer.pk, peer.key.pk])
    response = client.post(url, {}, follow=True)
    assert "Confirm that the partner read you the same fingerprint" in response.content.decode()
    peer.key.refresh_from_db()
    assert peer.key.trusted_at is None
    client.post(url, {"confirmed": "on"})
    peer.key.refresh_from_db()
    assert peer.key.trusted_by == s.admin


def test_the_own_identity_is_on_the_exchange_page(s):
    page = client_for(s.admin).get(reverse("exchange:peer-list")).content.decode()
    own = services.signing_key()
    assert own.key_id in page
    assert "/.well-known/podium-exchange" in page


def test_the_administrator_home_card(s):
    make_peer(s, trusted=False)
    page = client_for(s.admin).get(reverse("core:home")).content.decode()
    assert "Podium exchange" in page and "peer key awaiting trust" in page


def test_the_sharer_answers_a_request_that_came_over_the_exchange(client, s):
    peer = make_peer(s)
    send(client, peer, request_body())
    incoming = InformationRequest.objects.get(direction=Direction.INCOMING)
    prevent = client_for(s.prevent)
    page = prevent.get(reverse("sharing:request-detail", args=[incoming.pk])).content.decode()
    answer_url = reverse("exchange:answer", args=[incoming.pk])
    assert answer_url in page
    form_page = prevent.get(answer_url).content.decode()
    # What was asked, by when, and the register's match by name, beside the answer.
    assert incoming.question in form_page and "15 January 2099" in form_page
    assert f"Matched by name in your register: {s.speaker.name}" in form_page
    response = prevent.post(
        answer_url,
        {"rag": "amber", "summary": "Conditions kept.", "speaker_id": s.speaker.pk,
         "fields_shared": ["name", "affiliations"], "purpose": s.purpose.pk,
         "lawful_basis": "public_task", "necessity": "Same speaker.",
         "one_off_reason": "Over the exchange."},
    )  # fmt: skip
    message = Message.objects.get(direction="outgoing")
    assert response["Location"] == reverse(
        "sharing:disclosure-detail", args=[message.disclosure_id]
    )
    assert message.disclosure.state == State.AWAITING_SIGN_OFF
    dpo_page = client_for(s.dpo).get(response["Location"]).content.decode()
    assert str(message.message_id) in dpo_page
    assert "Conditions kept." in dpo_page  # what will leave, in front of the DPO
    assert "Mark sent" not in dpo_page  # Podium sends it


def test_the_answer_form_names_what_is_wrong(client, s):
    peer = make_peer(s)
    send(client, peer, request_body())
    incoming = InformationRequest.objects.get(direction=Direction.INCOMING)
    response = client_for(s.prevent).post(reverse("exchange:answer", args=[incoming.pk]), {})
    assert response.status_code == 200
    assert {"rag", "summary", "purpose", "lawful_basis", "necessity"} <= set(
        response.context["form"].errors
    )


def test_the_auditor_sees_the_record_not_the_contents(client, s, personas):
    peer = make_peer(s)
    send(client, peer, request_body())
    message = Message.objects.get()
    page = (
        client_for(personas.auditor)
        .get(reverse("exchange:message-detail", args=[message.pk]))
        .content.decode()
    )
    assert str(message.message_id) in page and peer.key_id in page
    assert "Dr Jane Visiting" not in page
    dpo_page = client_for(s.dpo).get(reverse("exchange:message-detail", args=[message.pk]))
    assert "Dr Jane Visiting" in dpo_page.content.decode()


def test_the_message_list_is_keyset_paged_with_fixed_queries(
    client, s, personas, django_assert_max_num_queries
):
    peer = make_peer(s)
    for _ in range(3):
        send(client, peer, request_body())
    auditor = client_for(personas.auditor)
    auditor.get(reverse("exchange:message-list"))
    with django_assert_max_num_queries(12):
        response = auditor.get(reverse("exchange:message-list") + "?state=accepted")
    assert len(response.context["page"].items) == 3
