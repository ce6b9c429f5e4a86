"""Security keys and passkeys (WebAuthn) in real Chromium, with a virtual
authenticator (Chrome DevTools Protocol `WebAuthn.addVirtualAuthenticator`): add a
passkey, sign out, sign in with it alone, remove it; each page checked with axe-core.
http://localhost is a secure context, so WebAuthn works on the live server."""

from __future__ import annotations

import re

import pytest
from allauth.mfa.models import Authenticator
from playwright.sync_api import Page, expect

from podium.audit.models import AuditEntry
from tests.browser.conftest import assert_accessible
from tests.browser.test_journeys import PASSWORD, demo, sign_in  # noqa: F401 - fixture

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

EMAIL = "organiser@example.ac.uk"


def add_virtual_authenticator(page: Page) -> None:
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable", {"enableUI": False})
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )


def test_add_a_passkey_sign_out_and_sign_in_with_it_alone(page: Page, demo):  # noqa: F811
    page.goto("/accounts/sign-in/")
    assert_accessible(page)  # the sign-in page with its passkey button
    add_virtual_authenticator(page)
    sign_in(page, EMAIL)
    page.get_by_role("link", name="Sign-in and security").click()
    page.get_by_role("link", name="Add a security key or passkey").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm it is you")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Add a security key or passkey")
    assert_accessible(page)
    page.get_by_label("A name for it").fill("Work laptop")
    page.get_by_label("Also sign in with it alone (a passkey)").check()
    page.get_by_role("button", name="Add it").click()

    # The first key also makes recovery codes, shown once.
    expect(page.get_by_role("heading", level=1)).to_have_text("Recovery codes")
    [key] = Authenticator.objects.filter(user__email=EMAIL, type=Authenticator.Type.WEBAUTHN)
    assert str(key) == "Work laptop"
    assert key.wrap().is_passwordless
    assert AuditEntry.objects.filter(action="accounts.mfa.added", data__kind="webauthn").exists()

    page.goto("/accounts/two-factor/keys/")
    expect(page.get_by_role("cell", name="Work laptop", exact=True)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("banner").get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/accounts/sign-in/"))
    page.get_by_role("button", name="Use a passkey").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Hello, "))
    entry = (
        AuditEntry.objects.filter(action="accounts.session.signed_in").order_by("sequence").last()
    )
    assert entry is not None and entry.target_id == str(key.user_id)

    page.goto("/accounts/two-factor/keys/")
    page.get_by_role("link", name="Remove Work laptop").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm it is you")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Remove “Work laptop”")
    assert_accessible(page)
    page.get_by_role("button", name="Remove it").click()
    expect(page.get_by_text("You have no security keys or passkeys.")).to_be_visible()
    assert_accessible(page)
    assert AuditEntry.objects.filter(action="accounts.mfa.removed", data__kind="webauthn").exists()


def test_a_security_key_as_the_second_step_after_the_password(page: Page, demo):  # noqa: F811
    add_virtual_authenticator(page)
    sign_in(page, EMAIL)
    page.goto("/accounts/two-factor/keys/add/")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("A name for it").fill("YubiKey")
    page.get_by_role("button", name="Add it").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Recovery codes")

    page.get_by_role("banner").get_by_role("button", name="Sign out").click()
    sign_in(page, EMAIL)
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your sign-in code")
    assert_accessible(page)
    page.get_by_role("button", name="Use your security key").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Hello, "))
    [key] = Authenticator.objects.filter(user__email=EMAIL, type=Authenticator.Type.WEBAUTHN)
    assert key.last_used_at is not None
