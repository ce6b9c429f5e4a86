"""The resources library in real Chromium: the administrator adds a link tagged for
the decision page (after a refused empty form), a reviewer sees it there beside the
demo's code of practice and OfS Regulatory advice 24, and a visitor who is not
signed in opens the public code of practice from the footer. axe-core checks every
page visited."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from podium.accounts.models import OrgUnit, User
from podium.accounts.roles import Role
from podium.resources.demo import RESOURCES, create_resources_demo
from podium.testing import factories
from podium.testing.events import make_request
from tests.browser.conftest import assert_accessible, nav_link
from tests.browser.test_journeys import demo, sign_in  # noqa: F401 - fixture

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    # Before the demo writes the code of practice PDF.
    settings.PODIUM_PRIVATE_DIR = tmp_path / "private"


@pytest.fixture
def library(demo):  # noqa: F811
    assert create_resources_demo() == len(RESOURCES)


UUK = "UUK: external speakers in higher education institutions (2024 update)"


def test_an_administrator_adds_a_link_a_reviewer_sees_it_and_the_public_reads_the_code(
    page: Page,
    library,
    tmp_path,
):
    # The administrator adds a link for the decision page, from the navigation.
    sign_in(page, "admin@example.ac.uk")
    nav_link(page, "Keep the library").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Keep the library")
    expect(page.get_by_role("link", name="Code of practice on freedom of speech")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Add a link").click()
    page.get_by_label("Only the roles chosen below").check()
    page.get_by_role("button", name="Add to the library").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Enter a title.")
    expect(summary).to_contain_text("Enter the link's address.")
    expect(summary).to_contain_text("Choose the roles that may read it")
    assert_accessible(page)
    page.get_by_label("Title").fill(UUK)
    page.get_by_label("Web address").fill("https://www.universitiesuk.ac.uk/external-speakers")
    page.get_by_label("Deciding an event request").check()
    page.get_by_label("Events and bookings officer").check()
    page.get_by_role("button", name="Add to the library").click()
    expect(page.locator(".banner")).to_contain_text(f"Added {UUK} to the library.")
    assert_accessible(page)
    page.get_by_role("button", name="Sign out").click()

    # A reviewer sees it on the decision page, with the code and Regulatory advice 24.
    organiser = User.objects.get(email="organiser@example.ac.uk")
    request = make_request(
        organiser=organiser, unit=OrgUnit.objects.get(name="Department of History"), submit=True
    )
    assert request.waiting_unit is not None
    reviewer = factories.make_person_with_role(
        Role(request.waiting_role), request.waiting_unit, email="reviewer@example.ac.uk"
    )
    reviewer.set_password("demo-password-for-tests")
    reviewer.save(update_fields=["password"])
    sign_in(page, reviewer.email)
    page.goto(f"/events/requests/{request.pk}/decide/")
    panel = page.get_by_role("region", name="Guidance and contacts")
    expect(panel.get_by_role("link", name=UUK)).to_be_visible()
    expect(panel.get_by_role("link", name="Code of practice on freedom of speech")).to_be_visible()
    expect(panel.get_by_role("link", name="OfS Regulatory advice 24", exact=False)).to_be_visible()
    assert_accessible(page)
    page.screenshot(path=str(tmp_path / "decision.png"), full_page=True)
    page.get_by_role("button", name="Sign out").click()

    # A visitor who is not signed in opens the public code of practice.
    page.context.clear_cookies()
    page.goto("/accounts/sign-in/")
    page.get_by_role("link", name="Public documents").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Public documents and links")
    expect(page.get_by_role("link", name=UUK)).to_have_count(0)
    assert_accessible(page)
    page.get_by_role("link", name="Code of practice on freedom of speech").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Code of practice on freedom of speech"
    )
    assert_accessible(page)
    href = page.get_by_role("link", name="Download the PDF").get_attribute("href")
    assert href
    pdf = page.request.get(href)
    assert pdf.status == 200
    assert pdf.body().startswith(b"%PDF")
