"""Event requests in real Chromium, as the demo personas: the organiser's form, the
reviewer's queue and actions, the decision with conditions, the appeal. Every page
is checked with axe-core."""

from __future__ import annotations

import os
import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from podium.accounts.demo import create_demo
from podium.accounts.models import User
from podium.events import services
from podium.events.models import Campus, EventRequest, Status
from podium.testing.events import make_request, rejection
from tests.browser.conftest import assert_accessible, nav_link
from tests.browser.test_journeys import PASSWORD, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

ORGANISER = "organiser@example.ac.uk"
OFFICER = "events.officer@example.ac.uk"
PREVENT = "prevent.lead@example.ac.uk"
APPEALS = "appeals@example.ac.uk"


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    create_demo(password=PASSWORD)
    Campus.objects.get_or_create(name="City campus")


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


def test_request_review_and_decision_with_conditions(page: Page, demo):
    sign_in(page, ORGANISER)
    nav_link(page, "Event requests").click()
    assert_accessible(page)
    page.get_by_role("link", name="Request an event").click()
    # Step 1: an empty title is refused with a linked summary.
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator(".error-summary")).to_contain_text("Enter the event's title.")
    assert_accessible(page)
    page.get_by_label("Title").fill("Borders and belonging")
    page.get_by_label("Description").fill("A public lecture with questions.")
    page.get_by_label("Type of event").select_option(label="Talk or lecture")
    page.get_by_role("button", name="Save and continue").click()
    # Step 2: when and where.
    expect(page.get_by_role("heading", level=1)).to_have_text("When and where")
    assert_accessible(page)
    starts = timezone.localtime() + timedelta(days=45)
    page.get_by_label("Starts").fill(starts.strftime("%Y-%m-%dT18:00"))
    page.get_by_label("Ends").fill(starts.strftime("%Y-%m-%dT20:00"))
    page.get_by_label("In person").check()
    page.get_by_label("On campus").check()
    page.get_by_label("Venue name or address").fill("Lecture Theatre 1")
    page.get_by_role("button", name="Save and continue").click()
    # Step 3: audience (a bad number first).
    page.get_by_label("Expected audience size").fill("lots")
    page.get_by_label("Open to the public").check()
    page.get_by_label("Neither recorded nor streamed").check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator(".error-summary")).to_contain_text("Enter the audience size as a number")
    assert_accessible(page)
    page.get_by_label("Expected audience size").fill("200")
    page.get_by_role("button", name="Save and continue").click()
    # Step 4: speakers.
    expect(page.get_by_role("heading", level=1)).to_have_text("Speakers")
    assert_accessible(page)
    page.locator("#id_speakers-0-name").fill("Dr Layla Haddad")
    page.locator("#id_speakers-0-affiliation").fill("Institute of Migration Studies")
    page.get_by_role("button", name="Save and continue").click()
    # Step 5: screening.
    expect(page.get_by_role("heading", level=1)).to_have_text("Screening questions")
    assert_accessible(page)
    for group in page.locator("fieldset").all():
        group.get_by_label("No").check()
    page.get_by_role("button", name="Save and continue").click()
    # Check your answers: the campus is still missing.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before submitting"
    )
    expect(page.locator(".panel--warning")).to_contain_text("Choose the campus.")
    # "Open to the public" contradicts the "no" to "Is the event open to the public?".
    expect(page.locator(".panel--warning")).to_contain_text(
        "You chose “Open to the public” for who can attend, but answered “no”"
    )
    assert_accessible(page)
    page.get_by_role("link", name="Change when and where").click()
    page.get_by_label("Campus (optional)").select_option(label="City campus")
    page.get_by_role("button", name="Save and check answers").click()
    page.get_by_role("link", name="Change the audience").click()
    page.get_by_label("Members only").check()
    page.get_by_role("button", name="Save and check answers").click()
    expect(page.locator(".panel--warning")).to_have_count(0)
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".banner")).to_contain_text("submitted")
    assert_accessible(page)
    event = EventRequest.objects.get(title="Borders and belonging")
    assert event.status == Status.IN_REVIEW
    sign_out(page)

    # The faculty events officer: the count in the navigation, the queue, a question.
    sign_in(page, OFFICER)
    expect(page.get_by_role("link", name=re.compile(r"Waiting for me 1"))).to_be_visible()
    page.get_by_role("link", name=re.compile("Waiting for me")).click()
    assert_accessible(page)
    page.get_by_role("link", name="Borders and belonging").click()
    expect(page.get_by_text("Advisory")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Ask the organiser").click()
    page.get_by_label("Your question for the organiser").fill("Will there be a chair?")
    page.get_by_role("button", name="Send the question").click()
    expect(page.locator(".banner")).to_contain_text("review clock is paused")
    sign_out(page)

    sign_in(page, ORGANISER)
    page.get_by_role("link", name=re.compile("Inbox")).click()
    expect(page.get_by_text("Will there be a chair?").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Mark these as read").click()
    expect(page.locator(".banner")).to_contain_text("Marked as read.")
    expect(page.get_by_role("button", name="Mark these as read")).to_have_count(0)
    expect(page.get_by_role("link", name="Inbox", exact=True)).to_be_visible()
    page.get_by_role("link", name=f"Open {event.reference}").first.click()
    page.get_by_label("Your answer").fill("Yes, Prof Jones from Law.")
    page.get_by_role("button", name="Send your answer").click()
    expect(page.locator(".banner")).to_contain_text("review has restarted")
    sign_out(page)

    sign_in(page, OFFICER)
    page.goto(f"/events/requests/{event.pk}/")
    page.get_by_label("Add a note").fill("Speaker known to the faculty.")
    page.get_by_role("button", name="Add note").click()
    page.get_by_role("link", name="Escalate").click()
    assert_accessible(page)
    page.get_by_label("Reason").fill("Expected media interest.")
    page.get_by_role("button", name="Escalate").click()
    sign_out(page)

    # The Prevent lead decides with a condition from the catalogue.
    sign_in(page, PREVENT)
    page.goto(f"/events/requests/{event.pk}/")
    page.get_by_role("link", name="Decide").click()
    assert_accessible(page)
    page.get_by_label("Approved with conditions").check()
    page.get_by_label("Reasons for the decision").fill("A public lecture: a chair keeps Q&A open.")
    page.locator("#id_conditions-0-mitigation").select_option(label="Independent chair")
    page.get_by_role("button", name="Record the decision").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    # Every missing part of the free-speech record at once, not one per try.
    for problem in (
        "Say whether the expected speech is",
        "reasonably practicable steps",
        "why the restriction is proportionate",
        "viewpoint-neutral",
    ):
        expect(summary).to_contain_text(problem)
    assert_accessible(page)
    page.get_by_label("Is the expected speech lawful?").select_option("yes")
    page.get_by_label("What reasonably practicable steps").fill(
        "An independent chair, and time kept for questions from the floor."
    )
    page.get_by_label("Why is the restriction proportionate?").fill(
        "It limits nothing the speaker may lawfully say to the audience."
    )
    page.get_by_label("The reasons are viewpoint-neutral").check()
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator("h1 + p .tag")).to_have_text("Approved with conditions")
    assert_accessible(page)
    sign_out(page)

    sign_in(page, ORGANISER)
    page.goto(f"/events/requests/{event.pk}/")
    page.get_by_role("button", name=re.compile("Confirm in place")).click()
    expect(page.locator(".banner")).to_contain_text("Confirmed in place")
    expect(page.get_by_text("Reviewer's note added")).to_have_count(0)
    assert_accessible(page)


def test_rejection_appeal_and_appeal_upheld(page: Page, demo):
    organiser = User.objects.get(email=ORGANISER)
    officer = User.objects.get(email=OFFICER)
    event = make_request(
        organiser=organiser, unit=organiser.role_assignments.get().unit, submit=True
    )
    services.decide(acting_user=officer, event_request=event, facts=rejection())

    sign_in(page, ORGANISER)
    page.goto(f"/events/requests/{event.pk}/")
    expect(page.get_by_text("Health and safety").first).to_be_visible()
    page.get_by_role("link", name="Appeal the decision").click()
    assert_accessible(page)
    page.get_by_role("button", name="Lodge the appeal").click()
    expect(page.locator(".error-summary")).to_contain_text("Give the grounds for your appeal.")
    page.get_by_label("Grounds of appeal").fill("The Great Hall is free on the date.")
    page.get_by_role("button", name="Lodge the appeal").click()
    expect(page.locator(".banner")).to_contain_text("Appeal lodged")
    sign_out(page)

    sign_in(page, APPEALS)
    page.get_by_role("link", name=re.compile("Waiting for me")).click()
    page.get_by_role("link", name=event.title).click()
    page.get_by_role("link", name="Decide the appeal").click()
    assert_accessible(page)
    page.get_by_label("Uphold the appeal").check()
    page.get_by_label("Approved", exact=True).check()
    page.get_by_label("Reasons for the appeal decision").fill("The larger hall is safe.")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator("h1 + p .tag")).to_have_text("Approved")
    expect(page.get_by_text("Appeal decided")).to_be_visible()
    assert_accessible(page)


def test_the_review_queue_reflows_on_a_phone(page: Page, demo):
    """On a 390 px phone the queue's rows stack, each value named by its column:
    nothing (due date, level) is left off-screen to the right."""
    organiser = User.objects.get(email=ORGANISER)
    make_request(organiser=organiser, unit=organiser.role_assignments.get().unit, submit=True)
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, OFFICER)
    page.goto("/events/queue/")
    row = page.locator("table.table--stack tbody tr").first
    expect(row).to_be_visible()
    overflow = page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px"
    for column in ("Due", "Level (advisory)"):
        cell = row.locator(f'td[data-label="{column}"]')
        box = cell.bounding_box()
        assert box is not None and box["x"] + box["width"] <= 390, column
    assert_accessible(page)
    if os.environ.get("PODIUM_SCREENSHOTS"):
        page.screenshot(path=os.path.join(os.environ["PODIUM_SCREENSHOTS"], "queue-390.png"))


def test_a_form_sent_back_with_errors_opens_on_its_error_summary(page: Page, demo):
    """Issue 14: after a failed submit the page reloaded at the top with the error out
    of sight at the bottom. The summary moves to the top and takes focus; its link
    puts the cursor in the field."""
    organiser = User.objects.get(email=ORGANISER)
    draft = make_request(
        organiser=organiser,
        unit=organiser.role_assignments.get().unit,
        starts_at=timezone.now() + timedelta(days=2),
    )
    sign_in(page, ORGANISER)
    page.goto(f"/events/requests/{draft.pk}/check/")
    page.get_by_role("button", name="Submit for review").click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    expect(summary).to_contain_text("say why it is late")
    assert page.evaluate(
        "document.querySelector('#main-content .error-summary')"
        " === document.querySelector('#main-content > *:not(.banner)')"
    ), "the error summary is the first thing in the page's main content"
    assert_accessible(page)
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("Why is this request late?")).to_be_focused()


def test_a_text_box_with_a_limit_counts_what_is_left(page: Page, demo):
    sign_in(page, ORGANISER)
    page.goto("/events/requests/new/")
    description = page.get_by_label("Description (optional)")
    description.fill("A debate.")
    count = page.locator("#id_description_count")
    expect(count).to_have_text("You have 9991 characters remaining")
    expect(description).to_have_attribute("aria-describedby", re.compile("id_description_count"))
    description.fill("x" * 10_005)  # pasting too much shows by how much; the server refuses it
    expect(count).to_have_text("You have 5 characters too many")
    assert_accessible(page)
