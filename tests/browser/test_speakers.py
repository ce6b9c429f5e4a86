"""The speaker register in real Chromium: an organiser typing a near-duplicate name
is offered the existing speaker; the speaker accepts the code of conduct through
their link; a reviewer sees the history on the request, records a check and merges
two duplicates. Every page is checked with axe-core."""

from __future__ import annotations

import os
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from podium.accounts.demo import create_demo
from podium.accounts.models import User
from podium.events import services as events
from podium.events.models import Campus, EventRequest
from podium.events.speakers import acknowledgements
from podium.events.speakers.history import APPEARANCES_PAGE_SIZE, LATEST_APPEARANCES
from podium.events.speakers.models import Acknowledgement
from podium.speakers import services
from podium.speakers.models import Speaker
from podium.speakers.selectors import LATEST_CHECKS
from podium.testing.events import make_request
from podium.testing.speakers import add_appearances, add_checks, restore_default_sources
from tests.browser.conftest import assert_accessible
from tests.browser.test_journeys import PASSWORD, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

ORGANISER = "organiser@example.ac.uk"
OFFICER = "events.officer@example.ac.uk"
PREVENT = "prevent.lead@example.ac.uk"


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    create_demo(password=PASSWORD)
    Campus.objects.get_or_create(name="City campus")
    restore_default_sources()
    admin = User.objects.get(email="admin@example.ac.uk")
    prevent = User.objects.get(email="prevent.lead@example.ac.uk")
    services.publish_code_of_conduct(
        acting_user=admin, text="Stay within the law. Take questions from the floor."
    )
    existing = services.create_speaker(
        acting_user=prevent,
        facts=services.SpeakerFacts(
            name="Muhammad al-Hasan",
            affiliations="University of Northshire",
            email="m.alhasan@northshire.example",
        ),
    )
    duplicate = services.create_speaker(
        acting_user=prevent,
        facts=services.SpeakerFacts(name="Mohammed Al-Hasan", affiliations="Northshire University"),
    )
    organiser = User.objects.get(email=ORGANISER)
    draft = make_request(
        organiser=organiser,
        unit=organiser.role_assignments.get().unit,
        title="Medieval Baghdad: a house of wisdom",
    )
    return {"existing": existing, "duplicate": duplicate, "draft": draft}


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


def test_did_you_mean_acknowledgement_check_history_and_merge(page: Page, demo):
    existing, duplicate, draft = demo["existing"], demo["duplicate"], demo["draft"]
    # The organiser types a spelling of a speaker already in the register.
    sign_in(page, ORGANISER)
    page.goto(f"/events/requests/{draft.pk}/edit/speakers/")
    assert_accessible(page)
    page.locator("#id_speakers-0-name").fill("Mohamed Al Hassan")
    page.locator("#id_speakers-0-affiliation").fill("University of Northshire")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator(".error-summary")).to_contain_text(
        "Choose whether this is a speaker already in the register, or someone new."
    )
    offered = page.get_by_role("group", name="Is this one of these speakers already")
    expect(offered).to_contain_text("Muhammad al-Hasan (University of Northshire)")
    assert_accessible(page)
    offered.get_by_label(re.compile(rf"^Muhammad al-Hasan .*record {existing.pk}\. ")).check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Screening questions")
    assert draft.speakers.get().speaker_id == existing.pk
    events.submit_request(
        acting_user=draft.organiser, event_request=EventRequest.objects.get(pk=draft.pk)
    )

    # The organiser sends the speaker the code of conduct from the request.
    page.goto(f"/events/requests/{draft.pk}/")
    page.get_by_role("link", name="Send link to Mohamed Al Hassan").click()
    assert_accessible(page)
    # The link goes to the address on record: the organiser need not know it.
    page.get_by_role("button", name="Send link").click()
    expect(page.locator(".banner--success")).to_contain_text("The code of conduct link was sent")
    expect(page.get_by_text("Waiting for the speaker")).to_be_visible()
    sign_out(page)

    # The speaker, not signed in, opens the link and accepts.
    ack = Acknowledgement.objects.get(request=draft)
    page.goto(f"/speakers/acknowledge/{acknowledgements.acknowledgement_token(ack)}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Code of conduct for speakers")
    expect(page.get_by_text("Stay within the law.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Send my answer").click()
    expect(page.locator(".error-summary")).to_contain_text(
        "Choose whether you accept the code of conduct."
    )
    assert_accessible(page)
    page.get_by_label("I accept the code of conduct").check()
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you")
    assert_accessible(page)

    # The reviewer sees the speaker's history and check state on the request.
    sign_in(page, OFFICER)
    page.goto(f"/events/requests/{draft.pk}/")
    register = page.locator(
        "section", has=page.get_by_role("heading", name="Speakers in the register")
    )
    expect(register).to_contain_text("Has not spoken here before, no incidents")
    expect(register).to_contain_text("Never checked")
    expect(register).to_contain_text("Accepted")
    assert_accessible(page)

    # ... records a check on the speaker ...
    register.get_by_role("link", name="Mohamed Al Hassan", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Muhammad al-Hasan")
    assert_accessible(page)
    page.get_by_role("link", name="Record a check").click()
    expect(page.get_by_text("Lawful views, however controversial, are not grounds")).to_be_visible()
    page.get_by_role("button", name="Record check").click()
    expect(page.locator(".error-summary")).to_contain_text(
        "Choose at least one source you checked."
    )
    assert_accessible(page)
    page.get_by_label("Search engines and news").check()
    page.get_by_label("The proscribed organisations list").check()
    page.get_by_label("Date checked").fill(timezone.localdate().isoformat())
    page.get_by_label("What you found").fill(
        "Academic work on medieval philosophy; nothing adverse."
    )
    page.get_by_role("button", name="Record check").click()
    expect(page.locator(".banner--success")).to_contain_text("Check recorded.")
    expect(page.get_by_text("Academic work on medieval philosophy")).to_be_visible()
    assert_accessible(page)

    # The Prevent lead, who keeps the register institution-wide, merges the duplicate
    # (on no request the officer reviews, so outside the officer's sight) into it.
    sign_out(page)
    sign_in(page, PREVENT)
    page.goto(f"/speakers/{existing.pk}/")
    page.get_by_role("link", name="Merge a duplicate").click()
    expect(page.get_by_role("table")).to_contain_text("Mohammed Al-Hasan")
    assert_accessible(page)
    page.get_by_label("Record number of the duplicate").fill(str(duplicate.pk))
    page.get_by_label("Why these are the same person").fill("Same person: same university page.")
    page.get_by_role("button", name="Merge into this record").click()
    expect(page.locator(".banner--success")).to_contain_text(
        "Mohammed Al-Hasan merged into this record."
    )
    expect(
        page.get_by_text(re.compile(r"Merged from Mohammed Al-Hasan .* by Fatima Rahman"))
    ).to_be_visible()
    assert_accessible(page)
    assert Speaker.objects.get(pk=duplicate.pk).merged_into_id == existing.pk


def test_a_reviewer_sees_a_likely_duplicate_with_its_facts_and_merges_it(page: Page, demo):
    """Issue 14, item 12: the request names a fresh duplicate; the reviewer's panel
    shows the record with the history (events here, last check, current) and its
    merge link leads to the merge, with the record number filled in."""
    existing, duplicate = demo["existing"], demo["duplicate"]
    prevent = User.objects.get(email=PREVENT)
    today = timezone.localdate()
    services.record_check(
        acting_user=prevent,
        speaker=existing,
        sources=restore_default_sources()[:1],
        checked_on=today,
        findings="Academic work; nothing adverse.",
    )
    organiser = User.objects.get(email=ORGANISER)
    request = make_request(
        organiser=organiser,
        unit=organiser.role_assignments.get().unit,
        submit=True,
        title="Philosophy in Baghdad",
        speakers=[events.SpeakerFacts(name="Mohammed Al-Hasan", speaker_id=duplicate.pk)],
    )
    sign_in(page, PREVENT)
    # The record's own page lists the same likely duplicate, with a step to merge it.
    page.goto(f"/speakers/{existing.pk}/")
    own = page.get_by_role("table", name="Likely duplicates")
    expect(own).to_contain_text(f"Mohammed Al-Hasan (record {duplicate.pk})")
    expect(
        own.get_by_role("link", name=f"Merge record {duplicate.pk} into this record")
    ).to_have_attribute("href", f"/speakers/{existing.pk}/merge/?other={duplicate.pk}")
    assert_accessible(page)
    page.goto(f"/events/requests/{request.pk}/")
    panel = page.get_by_role("table", name=re.compile("Likely duplicates of Mohammed Al-Hasan"))
    expect(panel).to_contain_text(f"Muhammad al-Hasan (record {existing.pk})")
    expect(panel).to_contain_text(f"last checked {today.day} {today:%B %Y}, current until")
    assert_accessible(page)
    if os.environ.get("PODIUM_SCREENSHOTS"):
        shot = os.path.join(os.environ["PODIUM_SCREENSHOTS"], "request-duplicates.png")
        page.screenshot(path=shot, full_page=True)
    panel.get_by_role("link", name=f"Merge record {duplicate.pk} into record {existing.pk}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Merge a duplicate into this record")
    expect(page.get_by_label("Record number of the duplicate")).to_have_value(str(duplicate.pk))
    assert_accessible(page)
    page.get_by_label("Why these are the same person").fill("Same person: same university page.")
    page.get_by_role("button", name="Merge into this record").click()
    expect(page.locator(".banner--success")).to_contain_text(
        "Mohammed Al-Hasan merged into this record."
    )
    assert_accessible(page)
    assert Speaker.objects.get(pk=duplicate.pk).merged_into_id == existing.pk
    # The request now shows the speaker's history and check, and no duplicate.
    page.goto(f"/events/requests/{request.pk}/")
    expect(page.get_by_text("Likely duplicates of")).to_have_count(0)
    expect(page.get_by_text("Current check")).to_be_visible()


def test_a_busy_speakers_page_shows_the_latest_and_links_to_all(page: Page, demo):
    """Issue 20: the speaker page lists the latest requests and checks; the reviewer
    reaches every request and every check through the full lists, a page at a time."""
    existing = demo["existing"]
    prevent = User.objects.get(email=PREVENT)
    organiser = User.objects.get(email=ORGANISER)
    add_appearances(
        speaker=existing,
        organiser=organiser,
        unit=organiser.role_assignments.get().unit,
        n=APPEARANCES_PAGE_SIZE + 10,
    )
    add_checks(speaker=existing, checked_by=prevent, n=LATEST_CHECKS + 2)
    total = APPEARANCES_PAGE_SIZE + 10
    sign_in(page, PREVENT)
    page.goto(f"/speakers/{existing.pk}/")
    events_section = page.locator("section", has=page.get_by_role("heading", name="Events"))
    expect(events_section).to_contain_text(
        f"The latest {LATEST_APPEARANCES} of {total} event requests."
    )
    expect(events_section.locator("tbody tr")).to_have_count(LATEST_APPEARANCES)
    expect(
        page.get_by_text(f"The latest {LATEST_CHECKS} of {LATEST_CHECKS + 2} checks.")
    ).to_be_visible()
    assert_accessible(page)

    events_section.get_by_role("link", name=f"All {total} event requests").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Event requests: Muhammad al-Hasan")
    expect(page.locator("tbody tr")).to_have_count(APPEARANCES_PAGE_SIZE)
    assert_accessible(page)
    page.get_by_role("link", name="Next page").click()
    expect(page.locator("tbody tr")).to_have_count(10)
    expect(page.get_by_role("link", name="Previous page")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Muhammad al-Hasan").click()
    page.get_by_role("link", name=f"All {LATEST_CHECKS + 2} checks").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Checks: Muhammad al-Hasan")
    expect(page.get_by_role("heading", level=3)).to_have_count(LATEST_CHECKS + 2)
    assert_accessible(page)
