"""The Prevent lead opens last year's return from home, follows a number to the
requests behind it; a governor finds the return awaiting sign-off on their home
page and signs it off. axe-core checks every page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from podium.core import academic_year
from podium.events.demo import create_event_demo, create_last_year_demo
from podium.reporting import selectors
from podium.reporting.models import ReturnSignOff
from tests.browser.conftest import assert_accessible
from tests.browser.test_journeys import demo, sign_in  # noqa: F401 - fixture

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def last_year(demo):  # noqa: F811
    create_event_demo()
    assert create_last_year_demo() == 7


def test_the_lead_follows_a_number_and_a_governor_signs_off(page: Page, last_year):
    year = selectors.latest_complete_year()
    label = academic_year.label(year)
    sign_in(page, "prevent.lead@example.ac.uk")
    page.get_by_role("link", name=f"The {label} return", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Prevent accountability and data return {label}"
    )
    assert_accessible(page)
    page.get_by_role(
        "link", name="2: Approved without conditions, event requests", exact=True
    ).click()
    expect(page.get_by_text(f"The requests behind a number of the {label} return")).to_be_visible()
    expect(page.locator("tbody tr")).to_have_count(2)
    assert_accessible(page)
    page.goto("/reports/definitions/")
    expect(page.get_by_role("heading", level=1)).to_have_text("How the return is counted")
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "governor@example.ac.uk")
    page.get_by_role("link", name=f"The {label} Prevent return awaits your sign-off").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Sign off the {label} return")
    assert_accessible(page)
    page.get_by_role("button", name="Sign off").click()
    expect(page.locator(".error-summary")).to_contain_text("Enter the reference of the minute")
    assert_accessible(page)
    page.get_by_label("Minute reference").fill("GB 26/12")
    page.get_by_role("button", name="Sign off").click()
    expect(page.get_by_text(f"The {label} return is signed off.")).to_be_visible()
    expect(page.get_by_text("No number has changed since the sign-off.")).to_be_visible()
    assert_accessible(page)
    assert ReturnSignOff.objects.get(year=year).minute_reference == "GB 26/12"
