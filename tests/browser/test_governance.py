"""The Prevent lead changes a risk in the draft risk assessment and sends it for
sign-off; a governing body member finds it on their home page, sees what changed
since the last signed version, and signs it off; the signed version shows its
sign-off and its changes, and can no longer be edited. axe-core checks every page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from podium.governance.demo import create_governance_demo
from podium.governance.models import AssessmentVersion, VersionStatus
from tests.browser.conftest import assert_accessible, nav_link
from tests.browser.test_journeys import demo, sign_in  # noqa: F401 - fixture

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def governance(demo):  # noqa: F811
    assert create_governance_demo() == 2


def test_the_prevent_lead_edits_a_risk_and_a_governor_signs_off(page: Page, governance):
    sign_in(page, "prevent.lead@example.ac.uk")
    expect(page.get_by_role("link", name="2 Prevent actions overdue", exact=True)).to_be_visible()
    assert_accessible(page)
    nav_link(page, "Risk assessment").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Prevent risk assessment")
    expect(page.get_by_role("heading", name="What changed since version 1")).to_be_visible()
    assert_accessible(page)

    # Change R-2's residual likelihood in the draft.
    page.get_by_role("link", name="Change R-2").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change R-2 in version 2")
    assert_accessible(page)
    # A residual score above the gross score is refused, clearly.
    page.get_by_label("Residual likelihood").select_option("5")
    page.get_by_label("Residual severity").select_option("5")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".error-summary")).to_contain_text("cannot be higher than the gross score")
    assert_accessible(page)
    page.get_by_label("Residual likelihood").select_option("1")
    page.get_by_label("Residual severity").select_option("3")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("R-2 saved.")).to_be_visible()
    changes = page.locator("section", has=page.get_by_role("heading", name="What changed"))
    expect(changes).to_contain_text("Residual likelihood")
    assert_accessible(page)
    page.get_by_role("button", name="Send for sign-off").click()
    expect(page.get_by_text("Sent to the governing body for sign-off.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "governor@example.ac.uk")
    page.get_by_role("link", name="Risk assessment version 2 awaits your sign-off").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Sign off version 2 of the Prevent risk assessment"
    )
    expect(page.locator("section", has_text="What changed since version 1")).to_contain_text(
        "Residual likelihood"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Sign off").click()
    expect(page.locator(".error-summary")).to_contain_text("Enter the reference of the minute")
    assert_accessible(page)
    page.get_by_label("Minute reference").fill("Council 26/031")
    page.get_by_role("button", name="Sign off").click()
    expect(page.get_by_text("Version 2 signed off.")).to_be_visible()
    expect(page.locator(".summary-list").first).to_contain_text("Council 26/031")
    expect(page.get_by_role("heading", name="What changed since version 1")).to_be_visible()
    assert_accessible(page)

    version = AssessmentVersion.objects.get(number=2)
    assert version.status == VersionStatus.SIGNED
    assert version.signer_name == "Dame Susan Whitfield"
    assert version.signed_on == timezone.localdate()
    page.get_by_role("button", name="Sign out").click()

    # The lead can no longer change it: no "Change" links, and a new draft is offered.
    sign_in(page, "prevent.lead@example.ac.uk")
    page.goto(f"/governance/risk-assessment/versions/{version.pk}/")
    expect(page.get_by_role("link", name="Change R-2")).to_have_count(0)
    page.goto("/governance/risk-assessment/")
    expect(page.get_by_role("button", name="Start a new version")).to_be_visible()
    assert_accessible(page)


def test_a_visiting_speakers_complaint_moves_through_its_stages(page: Page, demo):  # noqa: F811
    today = timezone.localdate()
    sign_in(page, "free.speech@example.ac.uk")
    nav_link(page, "Complaints").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Free-speech complaints")
    assert_accessible(page)
    page.get_by_role("link", name="Record a complaint").click()
    page.get_by_role("button", name="Record the complaint").click()
    expect(page.locator(".error-summary")).to_contain_text("no anonymous complaints")
    assert_accessible(page)
    page.get_by_label("Visiting speaker (actual or invited)").check()
    page.get_by_label("Complainant's name").fill("Dr Martin Hale")
    page.get_by_label("Complainant's e-mail address").fill("hale@example.net")
    page.get_by_label("When the matter complained of happened").fill(
        (today - timedelta(days=10)).isoformat()
    )
    page.get_by_label("Date received").fill((today - timedelta(days=3)).isoformat())
    page.get_by_label("What is complained of").fill("My invitation was withdrawn.")
    page.get_by_label("Adverse consequence claimed").fill("I could not speak.")
    page.get_by_role("button", name="Record the complaint").click()
    expect(page.get_by_text("the 30-day clock is running")).to_be_visible()
    expect(page.locator(".summary-list")).to_contain_text("Day 3 of 30")
    expect(page.locator(".summary-list")).to_contain_text("OfS free-speech complaints scheme")
    assert_accessible(page)

    page.get_by_label("Our response", exact=True).fill("We explained the decision.")
    page.get_by_role("button", name="Record the response").click()
    expect(page.get_by_text("Response recorded.")).to_be_visible()
    page.get_by_label("The scheme's reference").fill("OFS-FSC-01234")
    page.get_by_role("button", name="Record the escalation").click()
    expect(page.get_by_text("Escalation recorded.")).to_be_visible()
    expect(page.locator(".summary-list")).to_contain_text("OFS-FSC-01234")
    assert_accessible(page)
    page.get_by_label("Partly upheld").check()
    page.get_by_label("Remedies (optional)").fill("An apology and a new date.")
    page.get_by_role("button", name="Close the complaint").click()
    expect(page.get_by_text("Complaint closed.")).to_be_visible()
    expect(page.locator(".summary-list")).to_contain_text("Partly upheld")
    assert_accessible(page)
