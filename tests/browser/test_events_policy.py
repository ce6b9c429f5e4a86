"""An administrator changes the event rules in real Chromium, by the pages alone:
a notice period, a screening question, a routing rule and a mitigation, with an
axe-core check on every page visited."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from podium.accounts.models import OrgUnit
from podium.accounts.roles import Role
from podium.events import rules
from podium.events.models import Mitigation, ScreeningQuestion
from podium.events.tests.policy_setup import reset_policy
from tests.browser.conftest import assert_accessible, nav_link
from tests.browser.test_journeys import demo, sign_in  # noqa: F401 - fixture

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_an_administrator_changes_the_rules_new_requests_follow(page: Page, demo):  # noqa: F811
    policy = reset_policy()
    sign_in(page, "admin@example.ac.uk")
    nav_link(page, "Event rules").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Event rules")
    expect(page.get_by_role("heading", name="Bank holidays in the next year")).to_be_visible()
    assert_accessible(page)

    # A notice period: 10 working days becomes 15.
    page.get_by_role("link", name="Manage notice periods").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notice periods")
    assert_accessible(page)
    page.get_by_role("link", name="Edit notice for any event type in the whole institution").click()
    assert_accessible(page)
    page.get_by_label("Notice needed, in working days").fill("")
    page.get_by_role("button", name="Save changes").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Enter the notice.")
    assert_accessible(page)
    summary.get_by_role("link", name="Enter the notice.").click()
    expect(page.get_by_label("Notice needed, in working days")).to_be_focused()
    page.get_by_label("Notice needed, in working days").fill("15")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("status")).to_contain_text("saved")
    expect(page.get_by_role("cell", name="15", exact=True)).to_be_visible()
    assert_accessible(page)
    history = OrgUnit.objects.get(name="Department of History")
    assert rules.required_notice(event_type=None, unit=history) == 15

    # A screening question: a "yes" now adds 2 to likelihood and 2 to impact.
    page.goto("/events/policy/")
    page.get_by_role("link", name="Manage screening questions").click()
    assert_accessible(page)
    page.get_by_role("link", name=policy.question.text).click()
    page.get_by_label("Likelihood points for a “yes”").fill("2")
    page.get_by_label("Impact points for a “yes”").fill("2")
    assert_accessible(page)
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_role("status")).to_contain_text("saved")
    question = ScreeningQuestion.objects.get(pk=policy.question.pk)
    assert rules.assess([(question, True)]).level == policy.high

    # A routing rule: high risk goes to the Prevent lead, then the escalation panel.
    page.goto("/events/policy/")
    page.get_by_role("link", name="Manage routing rules").click()
    assert_accessible(page)
    page.get_by_role("link", name="Add a routing rule").click()
    page.get_by_label("Name").fill("High risk")
    page.get_by_label("Suggested risk level").select_option(label="High")
    page.get_by_label("Order").fill("10")
    page.locator("#id_steps-0-role").select_option(label="Prevent lead")
    page.locator("#id_steps-1-role").select_option(label="Escalation panel member")
    assert_accessible(page)
    page.get_by_role("button", name="Add routing rule").click()
    expect(page.get_by_role("status")).to_contain_text("Routing rule “High risk” saved.")
    expect(
        page.get_by_role("cell", name="Prevent lead (5 days) → Escalation panel member")
    ).to_be_visible()
    assert_accessible(page)
    route = rules.route_for(unit=history, level=policy.high)
    assert route.rule is not None and route.rule.name == "High risk"
    assert route.first_step is not None and route.first_step.role == Role.PREVENT_LEAD

    # A mitigation, offered to reviewers from now on.
    page.goto("/events/policy/mitigations/")
    assert_accessible(page)
    page.get_by_role("link", name="Add a mitigation").click()
    page.get_by_label("Name").fill("Stewarding by the students' union")
    page.get_by_label("Prevent-related").check()
    page.get_by_label("Default owner").fill("Students' union")
    assert_accessible(page)
    page.get_by_role("button", name="Add mitigation").click()
    expect(page.get_by_role("status")).to_contain_text("added")
    assert_accessible(page)
    assert Mitigation.objects.filter(
        is_active=True, name="Stewarding by the students' union", prevent_related=True
    ).exists()


def test_the_other_policy_pages_are_accessible_empty_filled_and_with_errors(
    page: Page,
    demo,  # noqa: F811
):
    reset_policy()
    sign_in(page, "admin@example.ac.uk")
    for path in [
        "/events/policy/settings/",
        "/events/policy/closure-days/",
        "/events/policy/event-types/",
        "/events/policy/event-types/add/",
        "/events/policy/campuses/",
        "/events/policy/campuses/add/",
        "/events/policy/risk/",
        "/events/policy/risk/levels/add/",
        "/events/policy/risk/matrix/",
    ]:
        page.goto(path)
        assert_accessible(page)

    page.goto("/events/policy/closure-days/add/")
    assert_accessible(page)
    page.get_by_label("Date").fill("31/02/2027")
    page.get_by_role("button", name="Add closure day").click()
    expect(page.locator(".error-summary")).to_contain_text("Enter a real date, like 29/12/2026.")
    expect(page.locator(".error-summary")).to_contain_text("Enter a description of the closure.")
    assert_accessible(page)
    page.get_by_label("Date").fill("29/12/2099")
    page.get_by_label("Description").fill("Christmas closure")
    page.get_by_role("button", name="Add closure day").click()
    expect(page.get_by_role("cell", name="Tuesday 29 December 2099")).to_be_visible()
    assert_accessible(page)

    page.goto("/events/policy/risk/matrix/")
    page.get_by_label("Level when likelihood is unlikely and impact is serious").select_option(
        label="High"
    )
    page.get_by_role("button", name="Save the matrix").click()
    expect(page.get_by_role("status")).to_contain_text("Risk matrix saved.")
    assert_accessible(page)
