"""Two-factor set-up, the code prompt, sessions, sign-in rules and the idle
warning in real Chromium, each page and state checked with axe-core."""

from __future__ import annotations

import time

import pytest
from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, nav_link
from tests.browser.test_journeys import PASSWORD, demo, sign_in  # noqa: F401 - fixture

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def current_code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


@pytest.fixture
def tolerant_totp(settings):
    # A code typed just as its 30 seconds end still counts, so the test cannot flake.
    settings.MFA_TOTP_TOLERANCE = 1


def test_set_up_totp_sign_out_and_sign_in_with_a_code(page: Page, demo, tolerant_totp):  # noqa: F811
    sign_in(page, "organiser@example.ac.uk")
    page.get_by_role("link", name="Sign-in and security").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign-in and security")
    assert_accessible(page)

    page.get_by_role("link", name="Set up an authenticator app").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm it is you")
    assert_accessible(page)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Set up an authenticator app")
    assert_accessible(page)
    page.get_by_role("button", name="Turn on two-factor authentication").click()
    expect(page.locator(".error-summary")).to_contain_text("Enter the code.")
    assert_accessible(page)
    secret = page.locator("#authenticator-secret").inner_text().strip()
    page.get_by_label("Code").fill(current_code(secret))
    page.get_by_role("button", name="Turn on two-factor authentication").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Recovery codes")
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "organiser@example.ac.uk")
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your sign-in code")
    assert_accessible(page)
    page.get_by_label("Code").fill("123")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".error-summary")).to_contain_text("That code is not right")
    assert_accessible(page)
    page.get_by_label("Code").fill(current_code(secret))
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Priya")


def test_sessions_page_and_sign_in_rules(page: Page, demo):  # noqa: F811
    sign_in(page, "admin@example.ac.uk")
    page.goto("/accounts/sessions/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Where you are signed in")
    expect(page.get_by_role("cell", name="This browser")).to_be_visible()
    assert_accessible(page)

    nav_link(page, "Sign-in rules").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign-in rules")
    assert_accessible(page)
    page.get_by_label("Prevent lead").check()
    page.get_by_role("button", name="Save sign-in rules").click()
    expect(page.get_by_role("status")).to_contain_text("Sign-in rules saved.")
    expect(page.get_by_label("Prevent lead")).to_be_checked()
    assert_accessible(page)


def test_the_idle_warning_appears_and_keeps_the_session_by_keyboard(
    page: Page,
    demo,  # noqa: F811
    settings,
):
    # Warn 5 seconds after the page loads (idle 70 s, less the 60 s granularity).
    settings.PODIUM_SESSION_IDLE_SECONDS = 70
    settings.PODIUM_SESSION_WARNING_SECONDS = 5
    sign_in(page, "auditor@example.ac.uk")
    dialog = page.get_by_role("alertdialog", name="You are about to be signed out")
    expect(dialog).to_be_visible(timeout=15_000)
    stay = dialog.get_by_role("button", name="Stay signed in")
    expect(stay).to_be_focused()
    assert_accessible(page)
    page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Olu")


def test_an_administrator_adds_a_single_sign_on_provider(page: Page, demo):  # noqa: F811
    sign_in(page, "admin@example.ac.uk")
    page.goto("/accounts/single-sign-on/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Single sign-on")
    assert_accessible(page)
    page.get_by_role("link", name="Add a provider").click()
    page.get_by_role("button", name="Save provider").click()
    expect(page.locator(".error-summary")).to_contain_text("Enter the name people will see.")
    assert_accessible(page)
    page.get_by_label("Name shown on the sign-in page").fill("University account")
    page.get_by_label("Short identifier").fill("entra")
    page.get_by_label("Issuer URL").fill("https://login.microsoftonline.com/tenant/v2.0")
    page.get_by_label("Client ID").fill("client-123")
    page.get_by_label("Client secret").fill("a-client-secret")
    page.get_by_role("button", name="Save provider").click()
    expect(page.get_by_role("cell", name="University account", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Add a SAML identity provider").click()
    page.get_by_label("Signing certificate").fill("not a certificate")
    page.get_by_role("button", name="Save identity provider").click()
    expect(page.locator(".error-summary")).to_contain_text("This is not a certificate in PEM form.")
    assert_accessible(page)
    page.get_by_role("link", name="Back to single sign-on").click()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign in with University account")).to_be_visible()
    assert_accessible(page)
