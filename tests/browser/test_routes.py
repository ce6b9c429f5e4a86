"""Issue 14, item 10: a two-step route behaves as two steps, in real Chromium with
axe. The demo's high-risk route: the Prevent lead's approval is a recommendation,
the free-speech officer decides with the earlier conditions suggested, and the
request page shows where the request stands on its route."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import Page, expect

from podium.accounts.demo import create_demo
from podium.accounts.models import User
from podium.events.demo import create_event_demo
from podium.testing.events import make_request, restore_default_policy
from tests.browser.conftest import assert_accessible
from tests.browser.test_journeys import PASSWORD, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

ORGANISER = "organiser@example.ac.uk"
PREVENT = "prevent.lead@example.ac.uk"
FREE_SPEECH = "free.speech@example.ac.uk"


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    restore_default_policy()
    create_demo(password=PASSWORD)
    create_event_demo()


def fill_the_record(page: Page) -> None:
    page.get_by_label("Approved with conditions").check()
    page.get_by_label("Reasons for the decision").fill("A public debate: a chair keeps it open.")
    page.get_by_label("Is the expected speech lawful?").select_option("yes")
    page.get_by_label("What reasonably practicable steps").fill(
        "An independent chair, and time kept for questions from the floor."
    )
    page.get_by_label("Why is the restriction proportionate?").fill(
        "It limits nothing the speaker may lawfully say to the audience."
    )
    page.get_by_label("The reasons are viewpoint-neutral").check()


def route_row(page: Page, position: int):
    return page.locator("#route tbody tr").nth(position - 1)


def test_a_two_step_route_recommends_then_decides(page: Page, demo):
    organiser = User.objects.get(email=ORGANISER)
    event = make_request(
        organiser=organiser,
        unit=organiser.role_assignments.get().unit,
        submit=True,
        level="High",
        title="Borders and belonging: a public debate",
    )

    # Step 1: the Prevent lead. The page names both sign-offs and the escalation step.
    sign_in(page, PREVENT)
    page.goto(f"/events/requests/{event.pk}/")
    expect(route_row(page, 1)).to_contain_text("Here now")
    expect(route_row(page, 2)).to_contain_text("To come: decides")
    expect(route_row(page, 3)).to_contain_text("Only if a reviewer escalates")
    expect(page.locator("#route")).to_contain_text("After this step: Free-speech officer")
    assert_accessible(page)
    page.get_by_role("link", name="Decide").click()
    expect(page.locator("#sign-off-note")).to_contain_text("Your approval here is a recommendation")
    fill_the_record(page)
    page.locator("#id_conditions-0-mitigation").select_option(label="Independent chair")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".banner")).to_contain_text("Recommendation recorded")
    expect(route_row(page, 1)).to_contain_text("Recommended approval")
    expect(route_row(page, 1)).to_contain_text("Fatima Rahman")
    expect(route_row(page, 2)).to_contain_text("Here now")
    expect(page.locator("h1 + p .tag")).to_have_text("In review")
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    # Step 2: the free-speech officer decides, the earlier condition suggested.
    sign_in(page, FREE_SPEECH)
    page.goto(f"/events/requests/{event.pk}/")
    expect(route_row(page, 1)).to_contain_text("Independent chair")
    if os.environ.get("PODIUM_SCREENSHOTS"):
        page.locator("#route").screenshot(
            path=os.path.join(os.environ["PODIUM_SCREENSHOTS"], "route-at-step-2.png")
        )
    page.get_by_role("link", name="Decide").click()
    expect(page.locator("#sign-off-note")).to_have_count(0)
    expect(page.locator("#suggested-conditions")).to_be_visible()
    expect(page.locator("#id_conditions-0-text")).to_have_value("Independent chair")
    assert_accessible(page)
    fill_the_record(page)
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator("h1 + p .tag")).to_have_text("Approved with conditions")
    expect(route_row(page, 2)).to_contain_text("Decided: Approved with conditions")
    expect(route_row(page, 3)).to_contain_text("Not reached")
    assert_accessible(page)
    if os.environ.get("PODIUM_SCREENSHOTS"):
        page.screenshot(
            path=os.path.join(os.environ["PODIUM_SCREENSHOTS"], "route-decided.png"),
            full_page=True,
        )
