"""Each role signs in, lands on a home page showing its work, and follows a link
from it to act: the cards of podium/home/README.md, in real Chromium with axe."""

from __future__ import annotations

import io
import os

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from tests.browser.conftest import PASSWORD, assert_accessible, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("demo", password=PASSWORD, stdout=io.StringIO())


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


def card(page: Page, title: str):
    return page.get_by_role("region", name=title)


# Persona, the cards their home shows, then the card and link they follow, and the
# heading of the page it opens.
JOURNEYS = [
    (
        "organiser",
        ["Your event requests"],
        "Your event requests",
        "Request an event",
        "About the event",
    ),
    (
        "events.officer",
        ["Reviewing event requests", "Events in the next 14 days"],
        "Reviewing event requests",
        "waiting for you",
        "Waiting for me",
    ),
    (
        "security",
        ["Events in the next 14 days"],
        "Events in the next 14 days",
        "on the calendar",
        "Events calendar",
    ),
    (
        "training",
        ["Staff Prevent training"],
        "Staff Prevent training",
        "never trained",
        "Training status",
    ),
    (
        "prevent.lead",
        [
            "Reviewing event requests",
            "Events in the next 14 days",
            "Staff Prevent training",
            "Prevent concern cases",
            "Information sharing",
        ],
        "Staff Prevent training",
        "overdue",
        "Training status",
    ),
    (
        "prevent.lead",
        ["Prevent concern cases"],
        "Prevent concern cases",
        "with external advice sought",
        "Prevent concern cases",
    ),
    (
        "safeguarding",
        ["Prevent concern cases"],
        "Prevent concern cases",
        "new, to triage",
        "Prevent concern cases",
    ),
    (
        "research",
        ["Security-sensitive research register"],
        "Security-sensitive research register",
        "awaiting your approval",
        "Security-sensitive research",
    ),
    (
        "dpo",
        ["Information sharing", "Data protection", "Subject access requests"],
        "Information sharing",
        "awaiting your sign-off",
        "Sharing log",
    ),
    (
        "free.speech",
        ["Free speech (code of practice version 2 in force)"],
        "Free speech (code of practice version 2 in force)",
        "past our 30 days",
        "Free-speech complaints",
    ),
]


def test_no_case_figure_reaches_a_role_outside_the_cases(page: Page, demo):
    """The security, the administrator and the auditor never see the case card."""
    for persona in ("security", "admin", "auditor"):
        sign_in(page, f"{persona}@example.ac.uk")
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        expect(card(page, "Prevent concern cases")).to_have_count(0)
        sign_out(page)


def test_each_role_lands_on_its_work_and_acts_from_it(page: Page, demo):
    for persona, titles, follow, link, heading in JOURNEYS:
        sign_in(page, f"{persona}@example.ac.uk")
        for title in titles:
            expect(card(page, title)).to_be_visible()
        assert_accessible(page)
        card(page, follow).get_by_role("link", name=link).first.click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        assert_accessible(page)
        sign_out(page)


@pytest.mark.parametrize("width", [1280, 390])
def test_the_prevent_leads_navigation_is_grouped_and_keyboard_reachable(page: Page, demo, width):
    """One row of links and menus at 1280 px; the menus open by keyboard (Enter on
    the menu's button), close with Escape, and pass axe open and closed."""
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, "prevent.lead@example.ac.uk")
    nav = page.get_by_role("navigation", name="Main")
    tops = nav.locator(".site-nav__list > li")
    expect(tops).to_have_count(7)
    if width == 1280:
        rows = {round(box["y"]) for box in (li.bounding_box() for li in tops.all()) if box}
        assert len(rows) == 1, rows
    assert_accessible(page)
    summary = nav.locator("summary", has_text="Safeguarding")
    summary.focus()
    page.keyboard.press("Enter")
    cases = nav.get_by_role("link", name="Concern cases", exact=True)
    expect(cases).to_be_visible()
    assert_accessible(page)
    page.keyboard.press("Tab")
    expect(nav.get_by_role("link", name="Concern cases", exact=True)).to_be_focused()
    page.keyboard.press("Escape")
    expect(cases).to_be_hidden()
    expect(summary).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Prevent concern cases")
    expect(nav.locator(".site-nav__summary--current")).to_have_text("Safeguarding (you are here)")
    if os.environ.get("PODIUM_SCREENSHOTS"):
        path = os.path.join(os.environ["PODIUM_SCREENSHOTS"], f"prevent-lead-nav-{width}.png")
        page.screenshot(path=path)
