"""The accessibility check every journey relies on (`assert_accessible`) fails on a
page with a WCAG violation, and passes a page without one, with the options the
journeys use (violations only)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from .conftest import assert_accessible

PAGE = """<!doctype html><html lang="en"><head><title>Check</title></head>
<body><main><h1>Check</h1>{body}</main></body></html>"""


def _page(browser: Browser, body: str):
    context = browser.new_context()
    page = context.new_page()
    page.set_content(PAGE.format(body=body))
    return context, page


def test_a_violation_fails_the_check(browser: Browser):
    context, page = _page(browser, '<form><input type="text" name="q"></form><img src="x.png">')
    try:
        with pytest.raises(AssertionError) as failed:
            assert_accessible(page)
        report = str(failed.value)
        assert "label" in report.lower() and "image-alt" in report
    finally:
        context.close()


def test_a_page_without_violations_passes(browser: Browser):
    context, page = _page(browser, '<label for="q">Search</label><input id="q" name="q">')
    try:
        assert_accessible(page)
    finally:
        context.close()
