"""Creating an API token in real Chromium, seeing it once, and using it."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from podium.accounts.demo import create_demo
from tests.browser.conftest import assert_accessible

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]
PASSWORD = "demo-password-for-tests"


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    create_demo(password=PASSWORD)


def test_a_person_creates_a_token_sees_it_once_uses_it_and_revokes_it(page: Page, demo):
    page.goto("/accounts/sign-in/")
    page.get_by_label("E-mail address").fill("auditor@example.ac.uk")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.get_by_role("link", name="API tokens").click()
    expect(page.get_by_text("You have no API tokens.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Create a token").click()
    page.get_by_role("button", name="Create token").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    page.get_by_role("link", name="Enter a name for the token.").click()
    expect(page.get_by_label("Name")).to_be_focused()
    assert_accessible(page)

    page.get_by_label("Name").fill("Quarterly report")
    page.get_by_label("Expires after").select_option("7")
    page.get_by_role("button", name="Create token").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your new API token")
    secret = page.locator("#token-secret").inner_text()
    assert secret.startswith("pdm_")
    assert_accessible(page)

    answer = page.request.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert answer.status == 200
    assert answer.json()["email"] == "auditor@example.ac.uk"

    page.get_by_role("link", name="I have copied the token").click()
    row = page.get_by_role("row", name="Quarterly report")
    expect(row).to_contain_text("Read only")
    expect(row).to_contain_text(secret[:12])
    assert secret not in page.content()
    assert_accessible(page)

    row.get_by_role("button", name="Revoke Quarterly report").click()
    expect(page.get_by_role("status")).to_have_text("Quarterly report no longer works.")
    assert_accessible(page)
    answer = page.request.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})
    assert answer.status == 401


def test_the_api_documentation_page_is_accessible(page: Page, demo):
    page.goto("/api/v1/docs/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Podium API, version 1")
    expect(page.get_by_role("heading", name="GET /api/v1/me")).to_be_visible()
    assert_accessible(page)
