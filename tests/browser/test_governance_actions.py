"""Issue 18's journeys the risk assessment test leaves out: the Prevent lead adds an
action to the plan (the empty form's errors first) and records its progress, and the
request page shows the code of practice in force for the decision. axe-core checks
every page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from podium.events.demo import create_event_demo
from podium.events.models import Decision
from podium.governance.demo import create_code_demo, create_governance_demo
from podium.governance.models import ActionItem, ActionStatus
from tests.browser.conftest import assert_accessible, nav_link
from tests.browser.test_journeys import demo, sign_in  # noqa: F401 - fixture

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def governance(demo):  # noqa: F811
    assert create_governance_demo() == 2


def test_the_prevent_lead_adds_an_action_and_records_its_progress(page: Page, governance):
    sign_in(page, "prevent.lead@example.ac.uk")
    nav_link(page, "Risk assessment").click()
    page.get_by_role("link", name="Action plan", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Prevent action plan")
    assert_accessible(page)
    page.get_by_role("link", name="Add an action").click()
    page.get_by_role("button", name="Save").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Choose the risk the action addresses.")
    expect(summary).to_contain_text("Say what is to be done.")
    expect(summary).to_contain_text("Enter the deadline.")
    assert_accessible(page)

    page.get_by_label("Risk", exact=True).select_option(index=1)
    page.get_by_label("Action", exact=True).fill("Brief the chaplaincy team on Prevent referrals.")
    page.get_by_label("Owner").select_option(index=1)
    deadline = timezone.localdate() + timedelta(days=30)
    page.get_by_label("Deadline").fill(deadline.isoformat())
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Action added.")).to_be_visible()
    item = ActionItem.objects.get(action__startswith="Brief the chaplaincy")
    assert item.deadline == deadline

    page.goto(f"/governance/actions/{item.pk}/")
    page.get_by_label("Progress note").fill("Two of three sessions held.")
    page.get_by_label("Status").select_option(ActionStatus.DONE)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Action saved.")).to_be_visible()
    assert_accessible(page)
    item.refresh_from_db()
    assert item.status == ActionStatus.DONE and item.progress == "Two of three sessions held."


def test_the_request_page_shows_the_code_of_practice_of_its_decision(page: Page, governance):
    create_code_demo()  # versions 1 and 2 of the code, before any decision
    create_event_demo()
    decision = Decision.objects.filter(is_live=True).select_related("request").first()
    assert decision is not None
    sign_in(page, "prevent.lead@example.ac.uk")
    page.goto(f"/events/requests/{decision.request.pk}/")
    section = page.locator(
        "section", has=page.get_by_role("heading", name="Free-speech code of practice")
    )
    expect(section).to_contain_text("made under code of practice version 2")
    expect(section).to_contain_text("In force now: version 2")
    assert_accessible(page)
