"""Real Chromium for browser tests (Playwright driving the system browser).

No browser is downloaded: Playwright launches Debian's /usr/bin/chromium, or the
one PODIUM_CHROMIUM names. Without one, these tests are skipped with a notice —
except under CI=true, where a missing browser fails the run.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.cache import cache
from playwright.sync_api import Browser, Locator, Page, sync_playwright
from playwright.sync_api import Error as PlaywrightError

CHROMIUM = os.environ.get("PODIUM_CHROMIUM", "/usr/bin/chromium")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        message = (
            f"Chromium not found at {CHROMIUM}: browser and accessibility tests did not run. "
            "Install Debian's `chromium` package or set PODIUM_CHROMIUM."
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    # Playwright's sync API runs an event loop in this thread; the ORM calls the
    # tests make between browser steps are still synchronous.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Browser, live_server) -> Iterator[Page]:
    # Sign-in rate limits are counted in the database cache, which the flush between
    # transactional tests leaves alone: start each journey with none counted.
    cache.clear()
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1200, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


_axe = Axe()
# Only the violations come back: without `resultTypes` (which passing our own options
# replaces in axe_playwright_python's defaults) axe also returns every passing and
# inapplicable rule with its nodes, about 150 KB a page to move out of Chromium and
# parse, and twice the time of each check (docs/performance.md, "Test suite time").
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}


# What Chromium says when axe starts on a document that a click has just replaced.
_NAVIGATED_AWAY = ("Execution context was destroyed", "reading 'documentElement'")


def assert_accessible(page: Page) -> None:
    """axe-core finds no WCAG 2.2 A/AA violation on the page as it is now.

    A click that follows a link returns once the navigation has started, not once
    the new page has loaded: axe waits for the load and, when the old document is
    swapped out under it, starts again on the new one (seen once in CI, after
    "Correct the disclosure").
    """
    for attempt in range(3):
        page.wait_for_load_state("load")
        try:
            results = _axe.run(page, options=AXE_OPTIONS)
        except PlaywrightError as error:
            if attempt == 2 or not any(sign in str(error) for sign in _NAVIGATED_AWAY):
                raise
            continue
        break
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


PASSWORD = "demo-password-for-tests"


def sign_in(page: Page, email: str, password: str = PASSWORD) -> None:
    """Sign in through the form, and return once the page it leads to has loaded:
    a click returns when navigation starts, and a step that reads the page before it
    ends reads the sign-in page (stop 28's CI failed on that)."""
    page.goto("/accounts/sign-in/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in", exact=True).click()


def nav_link(page: Page, name: str) -> Locator:
    """A link of the main navigation, as a person reaches it: when it sits in a
    closed menu, the menu is opened first (by its button, as a person would)."""
    nav = page.get_by_role("navigation", name="Main")
    link = nav.get_by_role("link", name=name, exact=True)
    if link.count():
        return link
    menus = nav.locator("details")
    for index in range(menus.count()):
        menu = menus.nth(index)
        if menu.get_attribute("open") is None:
            menu.locator("summary").click()
        if link.count():
            return link
    return link
