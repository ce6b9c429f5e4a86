"""The student event-organiser briefing in real Chromium: a student organiser
without a briefing is stopped at submission (a linked error and a link to the
briefing), reads and confirms it, comes back and submits; the students' union
reviewer sees who is briefed and records a session. Every page is checked with
axe-core."""

from __future__ import annotations

import os

import pytest
from playwright.sync_api import Page, expect

from podium.accounts.demo import create_demo
from podium.accounts.models import OrgUnit, User
from podium.events.models import Campus, EventRequest, EventType, Status
from podium.testing.events import make_request
from podium.training.briefings import services as briefings
from tests.browser.conftest import assert_accessible, nav_link
from tests.browser.test_journeys import PASSWORD, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

STUDENT = "student.organiser@example.ac.uk"
SU_REVIEWER = "su.events@example.ac.uk"


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    create_demo(password=PASSWORD)
    Campus.objects.get_or_create(name="City campus")
    EventType.objects.filter(name="Talk or lecture").update(requires_briefing=True)
    briefings.publish_version(
        acting_user=User.objects.get(email=SU_REVIEWER),
        title="Organising student events: your briefing",
        body="Free speech comes first.\n\nNotice, Check, Share.",
        valid_for_months=12,
        remind_days_before=30,
    )
    return make_request(
        organiser=User.objects.get(email=STUDENT),
        unit=OrgUnit.objects.get(name="Debating Society"),
        title="This house would abolish exams",
    )


def test_a_student_without_a_briefing_is_stopped_completes_it_and_submits(page: Page, demo):
    sign_in(page, STUDENT)
    # The home page says what is waiting: the briefing.
    expect(
        page.get_by_role("link", name="Complete the student event-organiser briefing")
    ).to_be_visible()
    page.goto(f"/events/requests/{demo.pk}/check/")
    expect(page.locator("#briefing")).to_contain_text(
        "Complete the student event-organiser briefing first"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".error-summary")).to_contain_text(
        "You have not completed the student event-organiser briefing"
    )
    assert_accessible(page)
    if os.environ.get("PODIUM_SCREENSHOTS"):
        page.screenshot(
            path=os.environ["PODIUM_SCREENSHOTS"] + "/briefing-stopped.png", full_page=True
        )
    demo.refresh_from_db()
    assert demo.status == Status.DRAFT  # still saved as a draft
    page.get_by_role("link", name="Read and confirm the briefing").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Student event-organiser briefing")
    assert_accessible(page)
    # Confirming without ticking the box is refused, naming the field.
    page.get_by_role("button", name="Confirm and record my briefing").click()
    expect(page.locator(".error-summary")).to_contain_text(
        "Confirm that you have read and understood the briefing."
    )
    assert_accessible(page)
    page.get_by_label("I have read and understood this briefing").check()
    page.get_by_role("button", name="Confirm and record my briefing").click()
    # Back on the request's check page, with nothing in the way.
    expect(page).to_have_url(f"{page.url.split('/events/')[0]}/events/requests/{demo.pk}/check/")
    expect(page.locator("#briefing")).to_have_count(0)
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_text("submitted. It is with the")).to_be_visible()
    assert_accessible(page)
    assert EventRequest.objects.get(pk=demo.pk).status == Status.IN_REVIEW


def test_the_union_sees_who_is_briefed_and_records_a_session(page: Page, demo):
    sign_in(page, SU_REVIEWER)
    nav_link(page, "Student briefings").click()
    expect(page.get_by_role("row", name="Sam Okafor")).to_contain_text("Not briefed")
    assert_accessible(page)
    page.get_by_role("link", name="Record a session's attendance").click()
    page.get_by_role("button", name="Record attendance").click()
    expect(page.locator(".error-summary")).to_contain_text("Enter the student's e-mail address.")
    assert_accessible(page)
    page.get_by_label("Student's e-mail address").fill(STUDENT)
    page.get_by_label("Date of the session").fill("2020-01-01")
    page.get_by_role("button", name="Record attendance").click()
    expect(page.get_by_text("Recorded the session for Sam Okafor.")).to_be_visible()
    page.get_by_label("Show").select_option("not_briefed")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("row", name="Sam Okafor")).to_contain_text("Lapsed")
    assert_accessible(page)
