"""Prevent concerns in real Chromium: a lecturer shares a concern and sees only
that it was received; the safeguarding officer triages it, involves the Prevent
lead, records external advice and a referral; the head of security uses
break-glass with a reason and the Prevent lead is told; an auditor sees the
yearly counts but gets 404 on the case. axe-core checks every page visited."""

from __future__ import annotations

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from podium.accounts.models import User
from podium.concerns.models import Case, ReportableEvent
from podium.notify.models import Message
from podium.testing.concerns import ensure_lists
from tests.browser.conftest import assert_accessible, nav_link
from tests.browser.test_journeys import demo, sign_in  # noqa: F401 - fixture

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


SAFEGUARDING_NAME = "Claire Donnelly"  # the demo's safeguarding officer


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


def test_a_concern_from_sharing_to_referral(page: Page, demo):  # noqa: F811
    ensure_lists()
    today = timezone.localdate().isoformat()

    # A lecturer shares a concern from the navigation.
    sign_in(page, "organiser@example.ac.uk")
    page.get_by_role("link", name="Share a concern").first.click()
    expect(
        page.get_by_role("heading", name="If anyone is in immediate danger, call 999 first")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Share the concern").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Yes").check()
    page.get_by_label("What did you notice?").fill("A student shared a proscribed group's video.")
    page.get_by_label("When did you notice it?").fill(today)
    page.get_by_label("Sharing extremist material online").check()
    page.get_by_role("button", name="Share the concern").click()
    expect(page.get_by_role("heading", name="Concerns you shared")).to_be_visible()
    expect(page.get_by_text("Received", exact=False).first).to_be_visible()
    expect(page.get_by_text("proscribed")).to_have_count(0)
    assert_accessible(page)
    case = Case.objects.get()
    assert case.urgent
    page.goto(f"/concerns/cases/{case.pk}/")
    expect(page.get_by_role("heading", level=1)).not_to_contain_text(case.reference)
    sign_out(page)

    # The safeguarding officer triages it from their home page.
    sign_in(page, "safeguarding@example.ac.uk")
    page.get_by_role("link", name="1 urgent concern open").click()
    assert_accessible(page)
    page.get_by_role("link", name=case.reference).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(case.reference)
    assert_accessible(page)
    page.get_by_label("Ideology category").select_option(label="Islamist")
    page.get_by_label("Prevent lead involved on").fill(today)
    page.get_by_label("External advice sought on").fill(today)
    page.get_by_label("Advice sought from").select_option(label="Counter-terrorism policing")
    page.get_by_label("Formal referral made on").fill(today)
    page.get_by_role("button", name="Save the case").click()
    expect(page.get_by_text("The case was updated.")).to_be_visible()
    expect(page.locator(".summary-list")).to_contain_text("Formal referral")
    expect(page.locator(".summary-list")).to_contain_text("Channel")
    assert_accessible(page)
    page.get_by_label("Add a note").fill("Called the lecturer back.")
    page.get_by_role("button", name="Add the note").click()
    expect(page.get_by_text("Called the lecturer back.")).to_be_visible()
    sign_out(page)

    # The head of security breaks glass with a reason; the Prevent lead is told.
    sign_in(page, "security@example.ac.uk")
    nav_link(page, "Break-glass access").click()
    assert_accessible(page)
    page.get_by_label("Case reference").fill(case.reference)
    page.get_by_label("Why must you see this case?").fill("Threat reported at the library.")
    page.get_by_role("button", name="See the case").click()
    expect(page.get_by_text("break-glass access until")).to_be_visible()
    assert_accessible(page)
    sign_out(page)
    lead = User.objects.get(email="prevent.lead@example.ac.uk")
    assert Message.objects.filter(recipient=lead, subject__startswith="Break-glass").exists()

    # The Prevent lead sees who looked and why.
    sign_in(page, "prevent.lead@example.ac.uk")
    page.goto(f"/concerns/cases/{case.pk}/")
    expect(page.get_by_text("Threat reported at the library.")).to_be_visible()
    # ... and reviews every break-glass use after the fact, from the home card.
    page.goto("/")
    page.get_by_role("link", name="Review break-glass uses").click()
    expect(page.get_by_role("heading", name="Break-glass uses")).to_be_visible()
    use = page.get_by_role("row").filter(has_text=case.reference)
    expect(use).to_contain_text("Threat reported at the library.")
    expect(use).to_contain_text("The case")
    assert_accessible(page)

    # A reportable event gets follow-up actions with owners.
    ReportableEvent.objects.create(
        occurred_on=timezone.localdate(),
        category="serious_incident",
        description="Threat reported at the library.",
        case=case,
        recorded_by=lead,
    )
    nav_link(page, "Reportable events").click()
    page.get_by_role("link", name="serious incident").first.click()
    page.get_by_role("button", name="Add the action").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Action", exact=True).fill("Brief the library staff")
    page.get_by_label("Owner", exact=True).select_option(label=SAFEGUARDING_NAME)
    page.get_by_label("Due on").fill(today)
    page.get_by_role("button", name="Add the action").click()
    expect(page.get_by_text("The follow-up action was added.")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Brief the library staff")).to_contain_text(
        SAFEGUARDING_NAME
    )
    assert_accessible(page)
    page.get_by_role("button", name="Mark done").click()
    expect(page.get_by_text("The follow-up action was marked done.")).to_be_visible()
    sign_out(page)

    # The auditor sees the yearly counts, and 404 on the case.
    sign_in(page, "auditor@example.ac.uk")
    nav_link(page, "Concern counts").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Prevent cases in")
    expect(page.get_by_text("fewer than 5").first).to_be_visible()
    assert_accessible(page)
    response = page.goto(f"/concerns/cases/{case.pk}/")
    assert response is not None and response.status == 404
