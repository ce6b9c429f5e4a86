"""Information sharing in real Chromium, as the demo personas, by the pages alone: a
partner asks about a speaker; the Prevent lead answers with a disclosure ticking
three fields; the DPO refuses it with a reason; the Prevent lead corrects it; the
DPO approves the corrected one; it is marked sent, and its snapshot shows exactly the
three fields ticked. axe-core checks every page visited."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from podium.accounts.models import User
from podium.sharing import services
from podium.sharing.models import Disclosure, State
from podium.speakers import services as speaker_services
from tests.browser.conftest import assert_accessible
from tests.browser.test_journeys import demo, sign_in  # noqa: F401 - fixture

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def sharing(demo):  # noqa: F811
    admin = User.objects.get(email="admin@example.ac.uk")
    prevent = User.objects.get(email="prevent.lead@example.ac.uk")
    partner = services.save_partner(
        acting_user=admin,
        partner=None,
        name="University of Northshire",
        kind="university",
        contact_name="Dr Anne Blake",
        contact_route="prevent@northshire.ac.uk",
        is_active=True,
    )
    services.save_purpose(
        acting_user=admin, purpose=None, name="Assessing an external speaker", is_active=True
    )
    speaker = speaker_services.create_speaker(
        acting_user=prevent,
        facts=speaker_services.SpeakerFacts(
            name="Dr Jane Visiting",
            affiliations="University of Elsewhere",
            links="https://example.org/jane",
            email="jane@example.org",
        ),
    )
    services.receive_request(
        acting_user=prevent,
        partner=partner,
        speaker_id=speaker.pk,
        speaker_name="Dr Jane Visiting",
        question="Has she spoken with you; were there concerns?",
        due_on=None,
    )
    return speaker


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


def tick(page: Page, *labels: str) -> None:
    for label in labels:
        page.get_by_label(label, exact=True).check()


def test_the_dpo_refuses_then_approves_a_disclosure(page: Page, sharing):
    # The Prevent lead answers the partner's request with a disclosure.
    sign_in(page, "prevent.lead@example.ac.uk")
    page.get_by_role("link", name="1 speaker request from partners to answer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Speaker information requests")
    assert_accessible(page)
    page.get_by_role("link", name="R-", exact=False).first.click()
    assert_accessible(page)
    page.get_by_role("link", name="Answer with a disclosure").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record an outgoing disclosure")
    assert_accessible(page)
    # Saving with nothing filled shows every problem on its field.
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Enter necessity and proportionality.").first).to_be_visible()
    assert_accessible(page)
    tick(page, "Name", "Affiliations", "Due-diligence summary (latest check)")
    page.get_by_label("Purpose", exact=True).select_option(label="Assessing an external speaker")
    page.get_by_label("Necessity and proportionality").fill(
        "Northshire is deciding on the same speaker next month."
    )
    page.get_by_label("UK GDPR Article 6 lawful basis").select_option("public_task")
    page.get_by_label("Why a one-off").fill("No agreement with Northshire covers speakers.")
    page.get_by_label("Decision-maker").select_option(label="Fatima Rahman")
    page.get_by_label("Secure e-mail").check()
    page.get_by_label("Date of sharing").fill("2026-12-07")
    page.get_by_role("button", name="Save").click()
    expect(page.locator("#snapshot dt")).to_have_count(3)
    assert_accessible(page)
    page.get_by_role("button", name="Send for DPO sign-off").click()
    expect(page.get_by_text("Awaiting DPO sign-off").first).to_be_visible()
    sign_out(page)

    # The DPO refuses it with a reason.
    sign_in(page, "dpo@example.ac.uk")
    page.get_by_role("link", name="1 disclosure awaiting your sign-off").first.click()
    assert_accessible(page)
    page.get_by_role("link", name="D-", exact=False).first.click()
    assert_accessible(page)
    page.get_by_label("Refuse").check()
    page.get_by_label("Reasons").fill(
        "Do not share our due-diligence summary: names and links only."
    )
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_role("status").filter(has_text="Refused by Rhys Evans")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    # The Prevent lead corrects it: name, affiliations and public links.
    sign_in(page, "prevent.lead@example.ac.uk")
    page.get_by_role("link", name="1 refused disclosure to correct").first.click()
    page.get_by_role("link", name="D-", exact=False).first.click()
    page.get_by_role("link", name="Correct the disclosure").click()
    expect(page.get_by_role("button", name="Save corrections")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Due-diligence summary (latest check)", exact=True).uncheck()
    tick(page, "Public links")
    page.get_by_role("button", name="Save corrections").click()
    page.get_by_role("button", name="Send for DPO sign-off").click()
    sign_out(page)

    # The DPO approves the corrected one.
    sign_in(page, "dpo@example.ac.uk")
    page.get_by_role("link", name="1 disclosure awaiting your sign-off").first.click()
    page.get_by_role("link", name="D-", exact=False).first.click()
    page.get_by_label("Approve").check()
    page.get_by_role("button", name="Record decision").click()
    expect(page.get_by_text("Your decision is recorded.")).to_be_visible()
    sign_out(page)

    # The Prevent lead marks it sent; the snapshot holds exactly the three fields.
    sign_in(page, "prevent.lead@example.ac.uk")
    page.goto("/sharing/?state=approved")
    page.get_by_role("link", name="D-", exact=False).first.click()
    page.get_by_role("button", name="Mark sent").click()
    expect(page.get_by_text("Marked sent.")).to_be_visible()
    snapshot = page.locator("#snapshot")
    expect(snapshot.locator("dt")).to_have_text(["Name", "Affiliations", "Public links"])
    expect(snapshot).to_contain_text("https://example.org/jane")
    expect(snapshot).not_to_contain_text("jane@example.org")
    assert_accessible(page)
    disclosure = Disclosure.objects.get()
    assert disclosure.state == State.SENT
    assert set(disclosure.snapshot) == {"name", "affiliations", "links"}  # exactly those
    assert [s.approved for s in disclosure.sign_offs.all()] == [False, True]
