"""The data protection officer takes the demo's subject access request (from the
recurring speaker, under another spelling of his name) from receipt to release in
real Chromium: sees it due on the home page, decides the search results, redacts a
field under an exemption, reviews, releases and opens the printable document. axe-core
checks every page visited."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from podium.audit.models import AuditEntry
from podium.core.registry import DEMO_STEPS
from podium.subject_access.models import Status, SubjectAccessRequest
from tests.browser.conftest import assert_accessible, nav_link
from tests.browser.test_journeys import PASSWORD, demo, sign_in  # noqa: F401 - fixture

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def whole_demo(demo, settings, tmp_path):  # noqa: F811
    """Every app's demo step, as `podium demo` runs them: the speakers and the request."""
    settings.PODIUM_PRIVATE_DIR = tmp_path / "private"
    for step in DEMO_STEPS:
        step.run(PASSWORD)


def test_the_dpo_answers_a_subject_access_request_with_a_redaction(page: Page, whole_demo):
    sign_in(page, "dpo@example.ac.uk")
    expect(page.get_by_role("region", name="Subject access requests")).to_be_visible()
    assert_accessible(page)
    nav_link(page, "Subject access").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Subject access requests")
    assert_accessible(page)
    # The demo's request (its number depends on what earlier tests created).
    reference = SubjectAccessRequest.objects.get().reference
    page.get_by_role("link", name=reference).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"{reference}: Mohamed Al-Hassan")
    assert_accessible(page)

    # Reviewing before every search result is decided is refused, with the reason.
    page.get_by_role("link", name="Review the export").click()
    assert_accessible(page)
    page.get_by_role("button", name="Mark the export reviewed").click()
    expect(page.get_by_role("alert")).to_contain_text("Decide every search result first")
    assert_accessible(page)

    page.get_by_role("link", name=reference).click()
    # The register's own spelling is confirmed (the demo did it); the rest are others.
    undecided = page.get_by_role("row").filter(has_text="Not decided")
    while undecided.count():
        undecided.first.locator("button", has_text="is someone else").click()
        expect(page.get_by_text("Decision recorded.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Review the export").click()
    record = page.locator(
        "section", has=page.get_by_role("heading", name=re.compile("^Your speaker record, record"))
    )
    record.locator("summary").click()
    record.get_by_label("Field").select_option("notes")
    record.get_by_label("Exemption").select_option("crime")
    record.get_by_label("Reason (shown in the export)").fill(
        "Shared by the police for a live investigation"
    )
    record.get_by_role("button", name="Withhold").click()
    expect(page.get_by_text("Withheld. The export notes the exemption")).to_be_visible()
    expect(
        page.get_by_role("cell", name="Shared by the police for a live investigation")
    ).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Mark the export reviewed").click()
    expect(page.get_by_text("Reviewed. Release it")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Release to the requester").click()
    expect(page.get_by_text("Released. Send the requester")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="The document, for print").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your personal data held in Podium")
    expect(page.get_by_text("Shared by the police for a live investigation")).to_be_visible()
    assert_accessible(page)

    sar = SubjectAccessRequest.objects.get()
    assert sar.status == Status.RELEASED
    assert AuditEntry.objects.filter(action="subject_access.request.released").exists()


def test_the_dpo_is_asked_to_consider_exemptions_for_a_concerns_subject(page: Page, whole_demo):
    """The subject of one of the demo's Prevent concerns asks: the search finds the
    case by number (showing only its reference), and the export asks the DPO to
    consider the crime and national security exemptions."""
    from podium.concerns.models import SubjectIdentity
    from podium.subject_access import services
    from podium.subject_access.models import IdentityMethod

    identity = SubjectIdentity.objects.order_by("pk").first()
    assert identity is not None
    dpo = SubjectAccessRequest.objects.get().logged_by
    sar = services.log_request(
        acting_user=dpo,
        requester_name="Someone Else Entirely",
        staff_number=identity.number,
        received_on=SubjectAccessRequest.objects.get().received_on,
    )
    services.check_identity(acting_user=dpo, sar=sar, method=IdentityMethod.PHOTO_ID)
    sign_in(page, "dpo@example.ac.uk")
    page.goto(f"/subject-access/{sar.pk}/")
    page.get_by_role("button", name="Search").click()
    found = page.get_by_role("row").filter(has_text="The subject of Prevent concern")
    expect(found).to_contain_text(identity.case.reference)
    expect(found).not_to_contain_text(identity.full_name)
    assert_accessible(page)
    # Only the reference and why it matched: never the name as stored.
    expect(found).to_contain_text("student or staff number")
    found.locator("button", has_text="is the requester").click()
    expect(page.get_by_text("Decision recorded.")).to_be_visible()
    page.get_by_role("link", name="Review the export").click()
    prompt = page.get_by_role("region", name="Consider an exemption before release")
    expect(prompt).to_contain_text("National security (DPA 2018 s 26)")
    expect(page.get_by_text(identity.full_name).first).to_be_visible()
    assert_accessible(page)
