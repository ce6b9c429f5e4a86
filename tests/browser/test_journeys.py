"""Core journeys in real Chromium, each page checked with axe-core."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from podium.accounts.demo import PERSONAS, create_demo
from podium.accounts.models import OrgUnit, RoleAssignment, User
from tests.browser.conftest import PASSWORD, assert_accessible, nav_link, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def demo(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    create_demo(password=PASSWORD)


def test_every_persona_signs_in_lands_on_home_and_signs_out(page: Page, demo):
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/sign-in/\?next=/$"))
    assert_accessible(page)
    for persona in PERSONAS:
        sign_in(page, persona.email)
        expect(page.get_by_role("heading", level=1)).to_have_text(
            f"Hello, {User(email=persona.email, full_name=persona.full_name).get_short_name()}"
        )
        expect(page.get_by_role("heading", name="Waiting for you")).to_be_visible()
        expect(page.locator(".summary-list")).to_contain_text(persona.role.label)
        assert_accessible(page)
        page.get_by_role("button", name="Sign out").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to Podium")


def test_sign_in_errors_are_summarised_and_linked_to_their_fields(page: Page, demo):
    page.goto("/accounts/sign-in/")
    page.get_by_role("button", name="Sign in").click()
    summary = page.locator(".error-summary")
    expect(summary).to_contain_text("Enter your e-mail address.")
    expect(summary).to_contain_text("Enter your password.")
    assert_accessible(page)
    summary.get_by_role("link", name="Enter your e-mail address.").click()
    expect(page.get_by_label("E-mail address")).to_be_focused()

    page.get_by_label("E-mail address").fill("admin@example.ac.uk")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(summary).to_contain_text("Enter a correct e-mail address and password.")
    assert_accessible(page)


def test_the_skip_link_is_the_first_stop_and_reaches_the_content(page: Page, demo):
    page.goto("/accessibility/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("#main-content")).to_be_focused()
    assert_accessible(page)


def test_an_administrator_manages_units_roles_and_people_by_keyboard(page: Page, demo, mailoutbox):
    sign_in(page, "admin@example.ac.uk")

    nav_link(page, "Units").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Organisational units")
    assert_accessible(page)

    page.get_by_role("link", name="Add a unit").click()
    assert_accessible(page)
    page.get_by_role("button", name="Add unit").press("Enter")
    expect(page.locator(".error-summary")).to_contain_text("Enter the unit's name.")
    assert_accessible(page)  # with validation errors
    page.get_by_label("Name").fill("Department of Music")
    page.get_by_label("Kind").select_option(label="Department")
    arts = OrgUnit.objects.get(name="Faculty of Arts and Humanities")
    page.get_by_label("Belongs to").select_option(value=str(arts.pk))
    page.get_by_role("button", name="Add unit").press("Enter")
    expect(page.get_by_role("status")).to_have_text("Department of Music added.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Department of Music")
    assert_accessible(page)
    music = OrgUnit.objects.get(name="Department of Music")
    assert music.parent.name == "Faculty of Arts and Humanities"

    page.get_by_role("link", name="Grant a role").click()
    assert_accessible(page)
    page.get_by_label("Person's e-mail address").fill("organiser@example.ac.uk")
    page.get_by_label("Role").select_option(label="Events and bookings officer")
    page.get_by_role("button", name="Grant role").press("Enter")
    expect(page.get_by_role("status")).to_have_text(
        "Dr Priya Natarajan is now Events and bookings officer, Department of Music."
    )
    assert RoleAssignment.objects.current().filter(unit=music, role="events_officer").count() == 1

    nav_link(page, "People").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("People")
    assert_accessible(page)
    page.get_by_role("link", name="Add a person").click()
    page.get_by_label("Full name").fill("Nia Newcomer")
    page.get_by_label("E-mail address").fill("not-an-address")
    page.get_by_role("button", name="Add person").press("Enter")
    expect(page.locator(".error-summary")).to_contain_text(
        "Enter an e-mail address in the correct format"
    )
    assert_accessible(page)
    page.get_by_label("E-mail address").fill("nia.newcomer@example.ac.uk")
    page.get_by_role("button", name="Add person").press("Enter")
    expect(page.get_by_role("status")).to_contain_text("Nia Newcomer added.")
    assert_accessible(page)
    # The Prevent lead was told of the grant of a deciding role (issue 13, item 15);
    # the newcomer is sent their invitation.
    assert [m.to for m in mail.outbox] == [
        ["prevent.lead@example.ac.uk"],
        ["nia.newcomer@example.ac.uk"],
    ]


def test_error_pages_are_accessible(page: Page, demo):
    sign_in(page, "organiser@example.ac.uk")
    response = page.goto("/accounts/units/")
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("You do not have access to this page")
    assert_accessible(page)
    response = page.goto("/no-such-page/")
    assert response is not None and response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    assert_accessible(page)


def test_an_auditor_reads_and_filters_the_audit_log(page: Page, demo):
    sign_in(page, "auditor@example.ac.uk")
    nav_link(page, "Audit log").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Audit log")
    expect(page.locator("table")).to_contain_text("accounts.session.signed_in")
    assert_accessible(page)
    page.get_by_text("Filter the log").click()
    page.get_by_label("Action begins with").fill("accounts.role")
    page.get_by_label("Record").fill("not a record")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator(".error-summary")).to_contain_text(
        "Enter a record like accounts.orgunit:12."
    )
    assert_accessible(page)  # with validation errors
    page.get_by_label("Record").fill("")
    page.get_by_role("button", name="Apply filters").click()
    rows = page.locator("tbody tr")
    expect(rows.first).to_contain_text("accounts.role.granted")
    page.get_by_text("Details").first.click()
    expect(page.locator(".entry-data pre").first).to_contain_text("include_descendants")
    assert_accessible(page)

    # The units tree a level at a time: the institution, a faculty, its departments.
    page.goto("/accounts/units/")
    page.get_by_role("link", name=re.compile(r"units? below University of Exampleshire$")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Units below University of Exampleshire"
    )
    page.get_by_role(
        "link", name=re.compile(r"units? below Faculty of Arts and Humanities$")
    ).click()
    page.get_by_role("link", name="Department of History").click()
    expect(page.get_by_role("heading", name="History", exact=True)).to_be_visible()
    assert_accessible(page)
