"""The Prevent lead finds the dashboards in the menu, chooses a year and reads each
chart and its table; the head of security sees the events dashboards only. axe-core
checks every page, charts included."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from podium.events.demo import create_event_demo
from podium.training.demo import create_training_demo
from tests.browser.conftest import assert_accessible, nav_link
from tests.browser.test_journeys import demo, sign_in  # noqa: F401 - fixture

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

# Where to save screenshots for a person to look at (unset: none are taken).
SCREENSHOTS = os.environ.get("PODIUM_SCREENSHOTS", "")


@pytest.fixture
def year(demo):  # noqa: F811
    create_event_demo()
    create_training_demo()


def _shot(page: Page, name: str) -> None:
    if SCREENSHOTS:
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)


def test_the_prevent_lead_reads_every_dashboard(page: Page, year):
    sign_in(page, "prevent.lead@example.ac.uk")
    card = page.locator(".card", has=page.get_by_role("heading", name="Prevent dashboards"))
    expect(card).to_contain_text("event requests submitted")
    nav_link(page, "Dashboards").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Prevent dashboards")
    assert_accessible(page)
    for title in (
        "Event requests by outcome",
        "Notice and late submissions",
        "Review turnaround",
        "Appeals and their outcomes",
        "Training compliance by unit",
    ):
        page.get_by_role("main").get_by_role("link", name=title, exact=True).first.click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(title)
        charts = page.get_by_role("img")
        expect(charts.first).to_be_visible()
        # Every chart has its table of figures beside it.
        assert page.locator("figure.chart table").count() == page.locator("figure.chart").count()
        assert_accessible(page)
        _shot(page, title.split()[0].lower())

    # Printed: the charts and their tables, without the menus and the year form.
    page.emulate_media(media="print")
    expect(page.get_by_role("img").first).to_be_visible()
    expect(page.locator("figure.chart table").first).to_be_visible()
    expect(page.get_by_role("button", name="Show")).to_be_hidden()
    _shot(page, "printed")
    page.emulate_media(media="screen")

    # The year before: chosen with the form, no JavaScript needed.
    page.get_by_label("Academic year").select_option(index=1)
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Training compliance by unit")
    assert "year=" in page.url
    assert_accessible(page)


def test_the_head_of_security_reads_the_events_dashboards_only(page: Page, year):
    sign_in(page, "security@example.ac.uk")
    nav_link(page, "Dashboards").click()
    links = page.get_by_role("main").get_by_role("listitem").get_by_role("link")
    expect(links).to_have_text(
        [
            "Event requests by outcome",
            "Notice and late submissions",
            "Review turnaround",
            "Appeals and their outcomes",
        ]
    )
    page.get_by_role("link", name="Event requests by outcome").first.click()
    expect(page.get_by_role("img").first).to_be_visible()
    assert_accessible(page)
