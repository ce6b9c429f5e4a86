"""The Podium exchange in real Chromium.

As the demo's administrator: the home card shows the demo peer's key awaiting trust;
its page shows the fingerprint to compare; trusting without confirming the
comparison is refused with the reason, confirming trusts it; registering a peer over
plain HTTP is refused on the field.

As the Prevent lead and the DPO: a partner's Podium asks about a speaker; the
Prevent lead answers it on the page the request links to; the DPO signs the
disclosure off; the first delivery attempt fails and the worker's retry delivers
it; the disclosure page and the message page show the message id, the signature key
id and the delivery history.

axe-core checks every page visited."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.test import Client
from django.utils import timezone
from playwright.sync_api import Page, expect

from podium.accounts.models import User
from podium.exchange import keys, services
from podium.exchange.models import Message, Peer, PeerKey
from podium.sharing import services as sharing
from podium.speakers import services as speaker_services
from podium.testing import exchange as peers
from podium.testing.exchange_demo import exchange_demo
from tests.browser.conftest import assert_accessible
from tests.browser.test_journeys import PASSWORD, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    exchange_demo(PASSWORD)


def test_the_administrator_compares_the_fingerprint_and_trusts_the_key(page: Page, demo):
    key = PeerKey.objects.get()
    sign_in(page, "admin@example.ac.uk")
    card = page.get_by_role("region", name="Podium exchange")
    card.get_by_role("link", name=re.compile("peer key awaiting trust")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Podium exchange")
    assert_accessible(page)

    page.get_by_role("link", name="University of Northshire Podium").click()
    expect(page.get_by_text(keys.fingerprint(key.public_key))).to_be_visible()
    expect(page.get_by_text("Not trusted yet.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Trust this key").click()
    expect(
        page.get_by_text("Confirm that the partner read you the same fingerprint")
    ).to_be_visible()
    assert_accessible(page)

    page.get_by_label("The partner's administrator read me this same fingerprint").check()
    page.get_by_role("button", name="Trust this key").click()
    expect(page.get_by_text("Key trusted")).to_be_visible()
    assert_accessible(page)
    key.refresh_from_db()
    assert key.trusted_at is not None

    page.goto("/exchange/peers/")
    page.get_by_label("Institution").fill("Southshire")
    page.get_by_label("Podium address").fill("http://podium.southshire.example")
    page.get_by_label("Partner in the sharing register").select_option(index=1)
    page.get_by_label("Public key").fill(
        keys.encode_public(Ed25519PrivateKey.generate().public_key())
    )
    page.get_by_role("button", name="Register peer").click()
    expect(page.locator("#id_base_url_error")).to_contain_text("must use HTTPS")
    assert_accessible(page)


@pytest.fixture
def asked(demo) -> peers.TestPeer:
    """Northshire's Podium (the demo's peer) with a key the test holds, trusted, and a
    request it sent about a speaker in the register."""
    admin = User.objects.get(email="admin@example.ac.uk")
    prevent = User.objects.get(email="prevent.lead@example.ac.uk")
    sharing.save_purpose(
        acting_user=admin, purpose=None, name="Assessing an external speaker", is_active=True
    )
    speaker_services.create_speaker(
        acting_user=prevent,
        facts=speaker_services.SpeakerFacts(
            name="Dr Jane Visiting", affiliations="University of Elsewhere"
        ),
    )
    private = Ed25519PrivateKey.generate()
    peer = Peer.objects.get()
    key = services.add_peer_key(
        acting_user=admin, peer=peer, public_key=keys.encode_public(private.public_key())
    )
    services.trust_key(acting_user=admin, key=key, confirmed=True)
    northshire = peers.TestPeer(peer, key, private)
    assert peers.send(Client(), northshire, peers.request_body()).status_code == 202
    return northshire


def test_an_answer_is_signed_off_retried_and_delivered_with_its_history(
    page: Page, asked: peers.TestPeer, monkeypatch
):
    attempts: list[str] = []

    def post(message: Message, key: Any) -> tuple[int | None, dict[str, Any], str]:
        # The partner's Podium is down at first, then takes the answer.
        attempts.append(key.key_id)
        if len(attempts) == 1:
            return 503, {}, "503 Service Unavailable"
        receipt = {"message_id": str(message.message_id), "status": "accepted",
                   "reference": "R-7", "received_at": "2026-12-07T10:00:01+00:00"}  # fmt: skip
        return 202, receipt, "202 Accepted"

    monkeypatch.setattr(services, "_post", post)

    sign_in(page, "prevent.lead@example.ac.uk")
    page.goto("/sharing/requests/")
    page.get_by_role("row", name=re.compile("Dr Jane Visiting")).get_by_role("link").click()
    assert_accessible(page)
    page.get_by_role("link", name="Answer over the Podium exchange").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("over the Podium exchange")
    # What was asked, and which speaker of the register it is, beside the answer.
    expect(page.get_by_text("Has this speaker spoken with you?")).to_be_visible()
    expect(page.get_by_role("link", name="Dr Jane Visiting")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Amber").check()
    page.get_by_label("Factual summary").fill("Spoke here in March; an independent chair.")
    page.get_by_label("Name", exact=True).check()
    page.get_by_label("Affiliations", exact=True).check()
    page.get_by_label("Purpose").select_option(label="Assessing an external speaker")
    page.get_by_label("Lawful basis (UK GDPR Art 6)").select_option("public_task")
    page.get_by_label("Why sharing is necessary and proportionate").fill(
        "Northshire is assessing the same speaker under the Prevent duty."
    )
    page.get_by_role("button", name="Send for DPO sign-off").click()
    expect(page.get_by_text("Awaiting DPO sign-off").first).to_be_visible()
    expect(page.get_by_text("once the DPO signs this disclosure off")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "dpo@example.ac.uk")
    page.get_by_role("link", name="1 disclosure awaiting your sign-off").first.click()
    page.get_by_role("row", name=re.compile("University of Northshire")).get_by_role("link").click()
    page.get_by_label("Approve").check()
    page.get_by_role("button", name="Record decision").click()
    message = Message.objects.get(direction="outgoing", kind="answer")
    assert message.state == "queued" and len(attempts) == 1

    # The worker's next run, once the back-off has passed.
    services.deliver_due(now=timezone.now() + dt.timedelta(minutes=2))
    message.refresh_from_db()
    assert message.state == "delivered" and len(attempts) == 2

    page.reload()
    expect(page.get_by_text(str(message.message_id)).first).to_be_visible()
    expect(page.get_by_text(message.key_id).first).to_be_visible()
    history = page.get_by_role("list").filter(has_text="503 Service Unavailable")
    expect(history).to_contain_text("not delivered (503 Service Unavailable)")
    expect(history).to_contain_text("delivered (202 Accepted)")
    assert_accessible(page)

    page.get_by_role("link", name=str(message.message_id)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Podium message {message.audit_label}"
    )
    expect(page.get_by_text("Delivered", exact=True)).to_be_visible()
    expect(page.get_by_text("Recorded there as R-7")).to_be_visible()  # the partner's receipt
    expect(page.get_by_text('"rag": "amber"')).to_be_visible()  # the JSON that travelled
    assert_accessible(page)
