"""The Prevent lead opens last year's return from home, follows a number to the
requests behind it; a governor finds the return awaiting sign-off on their home
page and signs it off. axe-core checks every page."""

from __future__ import annotations

import re
from pathlib import Path

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


def test_exports_pack_a_change_after_sign_off_and_the_public_transparency_report(
    page: Page, last_year
):
    """The Prevent lead downloads the CSV and XLSX (small numbers withheld) and
    prints the pack; after the governor's sign-off a completion recorded for the year
    shows as a difference; an administrator publishes the transparency report and
    anyone reads it signed out, from the footer."""
    import io
    from datetime import date

    from openpyxl import load_workbook

    from podium.accounts.models import OrgUnit, User
    from podium.reporting import services
    from podium.testing.training import make_course, make_staff
    from podium.training import services as training

    year = selectors.latest_complete_year()
    label = academic_year.label(year)
    sign_in(page, "prevent.lead@example.ac.uk")
    page.goto(f"/reports/return/?year={year}")
    with page.expect_download() as csv_download:
        page.get_by_role("link", name="Download CSV").click()
    text = Path(csv_download.value.path()).read_text(encoding="utf-8")
    assert "(numbers below 5 withheld)" in text.splitlines()[0]
    assert "Events and speakers,Approved without conditions,Event requests,<5" in text
    with page.expect_download() as xlsx_download:
        page.get_by_role("link", name="Download XLSX").click()
    book = load_workbook(io.BytesIO(Path(xlsx_download.value.path()).read_bytes()))
    rows = {(r[0], r[1], r[2]): r[3] for r in book.active.iter_rows(min_row=3, values_only=True)}
    assert rows[("Events and speakers", "Every request submitted", "Event requests")] == 7
    page.get_by_role("link", name="Governing-body pack").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("governing-body pack")
    assert_accessible(page)
    page.emulate_media(media="print")
    # The only rejection is in a withheld number: the printed pack says why it is not listed.
    expect(page.get_by_text("are not listed here")).to_be_visible()
    expect(page.get_by_role("navigation")).to_have_count(0)
    page.emulate_media(media="screen")
    page.get_by_role("button", name="Sign out").click()

    staff = make_staff("B1", OrgUnit.objects.get(parent=None))
    course = make_course("Prevent induction (browser)", code="BIND")
    governor = User.objects.get(email="governor@example.ac.uk")
    services.sign_off_return(
        acting_user=governor,
        year=year,
        signer_name=governor.full_name,
        signed_on=date(year + 1, 9, 30),
        minute_reference="GB 26/12",
    )
    training.record_completion(  # a completion in the year, recorded after the sign-off
        acting_user=User.objects.get(email="training@example.ac.uk"),
        staff=staff,
        course=course,
        completed_on=date(year + 1, 3, 2),
    )
    sign_in(page, "governor@example.ac.uk")
    page.goto(f"/reports/return/?year={year}")
    expect(page.get_by_text("1 number changed since the sign-off.")).to_be_visible()
    expect(page.get_by_role("row", name="Staff trained: Induction (staff)")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "admin@example.ac.uk")
    page.goto(f"/reports/transparency/publish/?year={year}")
    assert_accessible(page)
    page.get_by_role("button", name=f"Publish the {label} report").click()
    expect(page.get_by_text(f"The {label} transparency report is published.")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    page.goto("/accounts/sign-in/")
    page.get_by_role("link", name="Free-speech transparency reports").click()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(label)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Free-speech transparency report {label}"
    )
    expect(page.get_by_role("row", name=re.compile("Event requests decided"))).to_be_visible()
    assert_accessible(page)
