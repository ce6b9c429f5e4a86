"""The security operations calendar in real Chromium, each state checked with axe-core."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from podium.accounts.demo import create_demo
from podium.events.demo import create_event_demo
from podium.testing.events import restore_default_policy
from tests.browser.conftest import PASSWORD, assert_accessible, nav_link, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Transactional tests empty every table between them, the default events policy
    # its data migration loads included: load it again (it is idempotent).
    restore_default_policy()
    create_demo(password=PASSWORD)
    create_event_demo()


def test_security_reads_the_calendar_filters_it_and_gets_a_feed(page: Page, demo):
    sign_in(page, "security@example.ac.uk")
    nav_link(page, "Calendar").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Events calendar")
    debate = page.get_by_role("row").filter(has_text="Debate: is there a right to offend?")
    expect(debate).to_contain_text("confirmed in place")
    expect(debate).to_contain_text("not yet confirmed")
    expect(page.get_by_role("row").filter(has_text="Visiting author")).to_contain_text(
        "Not yet approved"
    )
    assert_accessible(page)

    # Filtered to a campus: only its events.
    page.get_by_text("Filter the calendar").click()
    page.get_by_label("Campus").select_option(label="Riverside campus")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_role("cell", name="Debate: is there a right to offend?")).to_have_count(0)
    assert_accessible(page)

    # A backwards date range is explained, not half-shown.
    page.get_by_label("From").fill("2030-05-02")
    page.get_by_label("To").fill("2030-05-01")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator(".error-summary")).to_contain_text("To must be the same as or after From.")
    assert_accessible(page)

    # Nothing in these dates.
    page.get_by_label("From").fill("2031-01-01")
    page.get_by_label("To").fill("2031-01-31")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_text("No events in these dates.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Add to your calendar program").click()
    expect(page.get_by_text("You have no calendar address yet.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Create an address").click()
    expect(page.locator("#feed-address")).to_contain_text("/events/calendar/feed/")
    assert_accessible(page)


def test_security_reads_the_week_and_the_month_and_prints_them(page: Page, demo):
    sign_in(page, "security@example.ac.uk")
    nav_link(page, "Calendar").click()
    views = page.get_by_role("navigation", name="Calendar views")
    # The list: one table, with the speakers and the decision.
    expect(page.locator("main table")).to_have_count(1)
    debate = page.get_by_role("row").filter(has_text="Debate: is there a right to offend?")
    expect(debate).to_contain_text("Approved with conditions")
    expect(debate).to_contain_text("Dr Jane Example")

    # The month, by keyboard: focus the view's link and press Enter.
    views.get_by_role("link", name="Month").focus()
    page.keyboard.press("Enter")
    expect(views.get_by_role("link", name="Month")).to_have_attribute("aria-current", "page")
    expect(page.locator(".calendar-grid__title")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Next month").click()
    page.get_by_role("link", name="Previous month").click()
    page.get_by_role("link", name="This month").click()
    expect(page.locator(".calendar-grid__day--today")).to_have_count(1)

    # The week: seven days from Monday, on a phone too.
    views.get_by_role("link", name="Week").click()
    expect(page.locator(".calendar-grid thead th")).to_have_count(7)
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 844})
    assert_accessible(page)

    # Printed: no navigation, the grid kept.
    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.locator(".calendar-grid")).to_be_visible()
