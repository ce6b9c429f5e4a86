"""A training administrator keeps staff training in real Chromium, by the pages
alone: imports an HR file and a completions file with deliberate errors, sees each
error, fixes the files, watches a background import's progress, and finds the
right statuses on the dashboard and a staff member's page. Then a reviewer whose
training lapsed is stopped from deciding. axe-core checks every page visited."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from podium.accounts.models import OrgUnit, User
from podium.accounts.roles import Role
from podium.testing.events import make_request
from podium.training import services
from podium.training.models import (
    Completion,
    Course,
    ImportStatus,
    Requirement,
    ReturnCategory,
    StaffGroup,
    StaffMember,
    TrainingImport,
)
from tests.browser.conftest import assert_accessible, nav_link
from tests.browser.test_journeys import demo, sign_in  # noqa: F401 - fixture

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

HR_HEADER = "Staff number,Name,Work e-mail,Unit,Staff group,Line manager's staff number,Start date,Leaving date\n"


def write(path: Path, text: str) -> str:
    path.write_text(text)
    return str(path)


def upload(page: Page, kind: str, file: str) -> None:
    page.goto("/training/imports/")
    page.get_by_label(kind).check()
    page.get_by_label("File", exact=True).set_input_files(file)
    page.get_by_role("button", name="Upload").click()
    expect(page.get_by_role("heading", name="Which column is which?")).to_be_visible()
    assert_accessible(page)


@pytest.fixture
def training(demo, settings, tmp_path):  # noqa: F811
    settings.PODIUM_PRIVATE_DIR = tmp_path / "private"
    security = StaffGroup.objects.create(name="Security")
    StaffGroup.objects.create(name="Academic")
    awareness = Course.objects.create(
        name="Prevent awareness",
        code="HO-AWARE",
        provider="Home Office",
        category=ReturnCategory.INDUCTION,
        validity_months=24,
        required_to_decide=True,
    )
    for group in StaffGroup.objects.all():
        Requirement.objects.create(
            course=awareness, group=group, due_within_days=30, renew_every_months=24, window_days=60
        )
    return SimpleNamespace(security=security, awareness=awareness)


def test_a_training_administrator_imports_staff_and_completions(
    page: Page, training, tmp_path, monkeypatch
):
    today = timezone.localdate()
    iso = lambda days: (today - timedelta(days=days)).isoformat()  # noqa: E731
    sign_in(page, "training@example.ac.uk")
    nav_link(page, "Training").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Prevent training compliance")
    assert_accessible(page)

    # An HR file with two bad rows: nothing is imported, each problem is listed.
    bad_hr = write(
        tmp_path / "hr.csv",
        HR_HEADER
        + "T1,Tom Gallagher,events.officer@example.ac.uk,Campus Security,Security,,2019-09-02,\n"
        + "T2,Ann Able,ann@example.ac.uk,Nowhere,Security,T1,2019-09-02,\n"
        + "T3,Bob Bell,bob@example.ac.uk,Campus Security,Security,T1,31/02/2020,\n"
        + "T4,Cat Cole,cat@example.ac.uk,Department of History,Academic,,2020-01-06,\n",
    )
    upload(page, "Staff directory (HR export)", bad_hr)
    page.get_by_role("button", name="Check and import").click()
    expect(page.get_by_role("heading", name="Nothing was imported: 2 problems")).to_be_visible()
    expect(page.get_by_role("row", name="3 Unit Unknown unit “Nowhere”.")).to_be_visible()
    expect(
        page.get_by_role("row", name="4 Start date “31/02/2020” is not a date (use 2025-03-31).")
    ).to_be_visible()
    assert_accessible(page)
    assert not StaffMember.objects.exists()

    # Fixed, it imports, and Tom is linked to his Podium account.
    good_hr = write(
        tmp_path / "hr-fixed.csv",
        Path(bad_hr)
        .read_text()
        .replace("Nowhere", "Campus Security")
        .replace("31/02/2020", "2020-02-28"),
    )
    upload(page, "Staff directory (HR export)", good_hr)
    page.get_by_role("button", name="Check and import").click()
    expect(page.get_by_role("status")).to_contain_text("Imported 4 rows.")
    assert_accessible(page)
    tom = StaffMember.objects.get(staff_number="T1")
    assert tom.user == User.objects.get(email="events.officer@example.ac.uk")

    # A completions file with their own column names and four bad rows.
    bad = write(
        tmp_path / "lms.csv",
        "Employee ID,Module,Finished\n"
        f"T1,HO-AWARE,{iso(800)}\n"  # Tom: over two years ago, so lapsed
        f"T2,HO-AWARE,{iso(680)}\n"  # Ann: due within the window: due soon
        f"T9,HO-AWARE,{iso(10)}\n"
        f"T3,Basket weaving,{iso(10)}\n"
        f"T3,HO-AWARE,{(today + timedelta(days=5)).isoformat()}\n"
        f"T2,HO-AWARE,{iso(680)}\n",
    )
    upload(page, "Completions (learning-system export)", bad)
    page.get_by_label("Staff number").select_option("Employee ID")
    page.get_by_label("Course").select_option("Module")
    page.get_by_label("Completed on").select_option("Finished")
    assert_accessible(page)
    page.get_by_role("button", name="Check and import").click()
    expect(page.get_by_role("heading", name="Nothing was imported: 4 problems")).to_be_visible()
    for row in [
        "4 Staff number Unknown staff number “T9”.",
        "5 Course Unknown course “Basket weaving”.",
        "6 Completed on The completion date is in the future.",
        "7 Completed on Duplicate of row 3.",
    ]:
        expect(page.get_by_role("row", name=row)).to_be_visible()
    assert_accessible(page)
    assert not Completion.objects.exists()

    # Fixed, and run in the background: a progress bar until the worker has run it.
    fixed = write(
        tmp_path / "lms-fixed.csv",
        "Employee ID,Module,Finished\n"
        f"T1,HO-AWARE,{iso(800)}\nT2,HO-AWARE,{iso(680)}\nT3,HO-AWARE,{iso(10)}\n",
    )
    queued: list[int] = []
    monkeypatch.setattr(services, "INLINE_BYTES", 0)
    monkeypatch.setattr(
        "podium.training.tasks.run_import",
        SimpleNamespace(enqueue=lambda import_id: queued.append(import_id)),
    )
    upload(page, "Completions (learning-system export)", fixed)
    page.get_by_label("Staff number").select_option("Employee ID")
    page.get_by_label("Course").select_option("Module")
    page.get_by_label("Completed on").select_option("Finished")
    page.get_by_role("button", name="Check and import").click()
    progress = page.get_by_role("progressbar")
    expect(progress).to_be_visible()
    expect(page.locator("#import-status")).to_have_text("Waiting to run")
    assert_accessible(page)
    # The worker runs it; the page notices by itself and shows the result.
    assert services.run_import(import_id=queued[0]) == ImportStatus.APPLIED
    expect(page.get_by_role("status")).to_contain_text("Imported 3 rows.", timeout=15_000)
    assert_accessible(page)
    assert TrainingImport.objects.filter(status=ImportStatus.APPLIED).count() == 2

    # The dashboard: one compliant, one due soon, one overdue, one never trained.
    page.get_by_role("link", name="Go to the dashboard").click()
    overall = page.locator(".summary-list")
    for label, count in [("Compliant", 1), ("Due soon", 1), ("Overdue", 1), ("Never trained", 1)]:
        expect(overall.get_by_role("definition").filter(has_text=f"{count} (25%)")).to_have_count(4)
        expect(overall.get_by_text(label, exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="1 overdue in Campus Security").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Training status: overdue")
    assert_accessible(page)
    page.get_by_role("link", name="Tom Gallagher").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tom Gallagher")
    expect(page.get_by_role("row", name="Prevent awareness Overdue")).to_be_visible()
    assert_accessible(page)
    page.goto(f"/training/staff/{StaffMember.objects.get(staff_number='T2').pk}/")
    expect(page.get_by_role("row", name="Prevent awareness Due soon")).to_be_visible()
    page.goto(f"/training/staff/{StaffMember.objects.get(staff_number='T4').pk}/")
    expect(page.get_by_role("row", name="Prevent awareness Never trained")).to_be_visible()
    assert_accessible(page)

    # Tom reviews events; with his Prevent awareness lapsed he may not decide.
    history = OrgUnit.objects.get(name="Department of History")
    request = make_request(
        organiser=User.objects.get(email="organiser@example.ac.uk"), unit=history, submit=True
    )
    assert request.waiting_role == Role.EVENTS_OFFICER
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "events.officer@example.ac.uk")
    page.goto("/events/queue/")
    refusal = (
        "You cannot decide until your Prevent training is in date. Lapsed or never "
        "completed: Prevent awareness."
    )
    expect(page.get_by_text(refusal)).to_be_visible()
    expect(page.get_by_role("link", name=request.title)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=request.title).click()
    expect(page.get_by_text(refusal)).to_be_visible()
    expect(page.get_by_role("link", name="Decide", exact=True)).to_have_count(0)
    assert_accessible(page)
