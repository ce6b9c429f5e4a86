"""A student registers security-sensitive research in real Chromium; their
supervisor and the research governance officer approve it from their home pages;
the head of security finds it by a misspelt name with a reason, and the reason's
purpose appears in the audit log (the written reason on the lookup log). axe-core
checks every page visited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from podium.research.demo import ensure_lists
from tests.browser.conftest import assert_accessible, nav_link
from tests.browser.test_journeys import demo, sign_in  # noqa: F401 - fixture

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

REASON = "Counter Terrorism Policing asked whether this student is registered (CTP-0412)."


def as_person(page: Page, email: str) -> None:
    page.context.clear_cookies()
    sign_in(page, email)


def test_a_student_registers_and_security_finds_it_by_a_misspelt_name(page: Page, demo):  # noqa: F811
    ensure_lists()
    today = timezone.localdate()

    # The student registers, from the main navigation.
    as_person(page, "student.organiser@example.ac.uk")
    nav_link(page, "Research").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Security-sensitive research")
    expect(page.get_by_text("It is not an ethics review", exact=False).first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Register a project").click()
    assert_accessible(page)
    # Sent empty first: every problem named by its field.
    page.get_by_role("button", name="Register the project").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Register security-sensitive research"
    )
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Project title").fill("Online recruitment narratives: a corpus study")
    page.get_by_label("Student", exact=True).check()
    page.get_by_label("Your staff or student number").fill("20244242")
    page.get_by_label("Supervisor (students only)").select_option(
        label="Dr Priya Natarajan (organiser@example.ac.uk)"
    )
    page.get_by_label("Department").select_option(
        label="Department of Politics and International Relations"
    )
    page.get_by_label("Ethics reference").fill("ETH-2026-777")
    page.get_by_label("Terrorist or extremist propaganda").check()
    page.get_by_label("Where the material will be held").select_option(
        label="Trusted Research Environment"
    )
    page.get_by_label("I confirm that the material will be held only").check()
    page.get_by_label("Start date").fill(today.isoformat())
    page.get_by_label("End date").fill((today + timedelta(days=300)).isoformat())
    page.get_by_role("button", name="Register the project").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Research registration RR-")
    expect(page.get_by_text("waiting for the supervisor and the approver")).to_be_visible()
    assert_accessible(page)
    reference = page.get_by_role("heading", level=1).inner_text().rsplit(" ", 1)[1]

    # The supervisor approves from their home page.
    as_person(page, "organiser@example.ac.uk")
    page.get_by_role("link", name="1 research registration awaiting your approval").click()
    assert_accessible(page)
    page.get_by_role("link", name=reference).click()
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_text("waiting for the approver")).to_be_visible()
    assert_accessible(page)

    # The research governance officer (the department's approver) approves.
    as_person(page, "research@example.ac.uk")
    page.get_by_role("link", name="1 research registration awaiting your approval").click()
    page.get_by_role("link", name=reference).click()
    page.get_by_role("button", name="Approve").click()
    expect(page.locator(".summary-list").get_by_text("Registered", exact=True)).to_be_visible()
    assert_accessible(page)

    # The head of security looks the student up by a misspelt name: a reason first.
    as_person(page, "security@example.ac.uk")
    nav_link(page, "Research lookup").click()
    assert_accessible(page)
    page.get_by_label("Name, or staff or student number").fill("Sam Okafur")
    page.get_by_role("button", name="Look up").click()
    expect(page.locator(".error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Why are you looking this person up?").select_option("police")
    page.get_by_label("The reason, in a sentence").fill(REASON)
    page.get_by_role("button", name="Look up").click()
    expect(page.get_by_role("heading", name="1 registration found", exact=False)).to_be_visible()
    expect(page.get_by_text("ETH-2026-777")).to_be_visible()
    expect(page.get_by_text("Trusted Research Environment", exact=False)).to_be_visible()
    expect(page.get_by_text("Dr Priya Natarajan", exact=False).first).to_be_visible()
    assert_accessible(page)

    # The audit log says who looked up, and why; the lookup log has the reason's words.
    as_person(page, "admin@example.ac.uk")
    page.goto("/audit/?action=research.lookup.made")
    expect(
        page.get_by_text(
            "looked up a person's research registrations (reason: enquiry from the police"
        )
    ).to_be_visible()
    assert_accessible(page)
    as_person(page, "research@example.ac.uk")
    page.goto("/research/lookups/")
    expect(page.get_by_text(REASON, exact=False)).to_be_visible()
    expect(page.get_by_text("Sam Okafur", exact=False)).to_be_visible()
    assert_accessible(page)
