"""The Podium exchange in real Chromium, as the demo's administrator: the home card
shows the demo peer's key awaiting trust; its page shows the fingerprint to compare;
trusting without confirming the comparison is refused with the reason, confirming
trusts it; registering a peer over plain HTTP is refused on the field. axe-core
checks every page visited."""

from __future__ import annotations

import re

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from playwright.sync_api import Page, expect

from podium.exchange import keys
from podium.exchange.models import PeerKey
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
