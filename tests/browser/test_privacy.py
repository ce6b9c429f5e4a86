"""The data protection officer in real Chromium, by the pages alone: runs the
retention dry run, places a legal hold on a person, applies the schedule and sees
the counts (the held person's messages kept); records a breach and sees the
72-hour clock; prints the record of processing. axe-core checks every page."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from podium.accounts.demo import PERSONAS
from podium.accounts.models import User
from podium.accounts.roles import Role
from podium.notify.models import Message
from tests.browser.conftest import assert_accessible, nav_link
from tests.browser.test_journeys import demo, sign_in  # noqa: F401 - fixture

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def persona(role: Role) -> User:
    email = next(p.email for p in PERSONAS if p.role == role)
    return User.objects.get(email=email)


def test_the_dpo_runs_retention_with_a_hold_and_prints_the_record(page: Page, demo):  # noqa: F811
    long_ago = timezone.now() - timedelta(days=3 * 365)
    kept_for = persona(Role.GOVERNOR)
    for user in (kept_for, persona(Role.AUDITOR), persona(Role.AUDITOR)):
        Message.objects.create(recipient=user, subject="Old", body="Old", sent_at=long_ago)

    sign_in(page, persona(Role.DATA_PROTECTION_OFFICER).email)
    nav = page.get_by_role("navigation", name="Data protection")
    nav_link(page, "Data protection").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Data protection")
    assert_accessible(page)

    nav.get_by_role("link", name="Retention schedule").click()
    expect(page.get_by_role("cell", name="No automatic rule").first).to_be_visible()
    assert_accessible(page)

    nav.get_by_role("link", name="Overview").click()
    page.get_by_role("button", name="Run a dry run").click()
    expect(page.get_by_text("Dry run finished: nothing was changed.")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Message")
    expect(row.get_by_role("cell").last).to_have_text("3")
    assert_accessible(page)

    nav.get_by_role("link", name="Legal holds").click()
    page.get_by_label("A person with an account").check()
    page.get_by_label("Record number").fill(str(kept_for.pk))
    page.get_by_label("Reason").fill("Employment tribunal claim: keep their messages.")
    page.get_by_role("button", name="Place hold").click()
    expect(page.get_by_text("In force")).to_be_visible()
    assert_accessible(page)

    nav.get_by_role("link", name="Overview").click()
    page.get_by_role("button", name="Apply the schedule now").click()
    # The run goes to the worker (run at once by the tests' task backend); the runs
    # list shows it, and its page the counts.
    expect(page.get_by_text("The retention run has started.")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(r"^Run ")).first.click()
    row = page.get_by_role("row").filter(has_text="Message")
    expect(row.get_by_role("cell").nth(3)).to_have_text("1")  # kept by the hold
    expect(row.get_by_role("cell").last).to_have_text("2")  # deleted
    assert_accessible(page)
    assert Message.objects.filter(recipient=kept_for, subject="Old").count() == 1

    nav.get_by_role("link", name="Breaches").click()
    page.get_by_role("link", name="Record a breach").click()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("link", name="Enter what happened.")).to_be_visible()
    assert_accessible(page)
    discovered = (timezone.localtime() - timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    page.get_by_label("When it was discovered").fill(discovered)
    page.get_by_label("What happened").fill("A list of speakers was sent to the wrong address.")
    page.get_by_label("Whose data").fill("Four speakers: names and affiliations.")
    page.get_by_label("A risk to people's rights and freedoms (report to the ICO)").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("hours left to report")).to_be_visible()
    assert_accessible(page)

    nav.get_by_role("link", name="Record of processing").click()
    expect(page.get_by_role("heading", name="Record of processing activities")).to_be_visible()
    assert_accessible(page)
    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Data protection")).to_be_hidden()
    expect(page.get_by_role("heading", name="Events and external speakers")).to_be_visible()
