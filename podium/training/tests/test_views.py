import csv
import io
from datetime import date

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from podium.testing.personas import client_for
from podium.testing.training import (
    COMPLETION_HEADER,
    complete,
    csv_upload,
    make_course,
    make_group,
    make_requirement,
    make_staff,
)
from podium.training.models import (
    Completion,
    Course,
    ImportStatus,
    ReturnCategory,
    StaffMember,
    TrainingImport,
)

TODAY = date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def world(personas, faculty, other_faculty):
    group = make_group("Security")
    course = make_course("Prevent awareness", code="HO-AWARE")
    make_requirement(course, group, due_within_days=30, renew_every_months=24, window_days=60)
    fine = make_staff("F1", faculty, name="Fi Fine", group=group)
    complete(fine, course, date(2025, 6, 1))
    soon = make_staff("D1", faculty, name="=HYPERLINK(evil)", group=group)
    complete(soon, course, date(2024, 4, 1))
    late = make_staff("O1", other_faculty, name="Oz Over", group=group)
    complete(late, course, date(2023, 1, 1))
    never = make_staff("N1", other_faculty, name="Ned Never", group=group)
    return {
        "course": course,
        "group": group,
        "fine": fine,
        "soon": soon,
        "late": late,
        "never": never,
    }


def test_the_dashboard_counts_by_unit_and_group(personas, world):
    response = client_for(personas.admin).get(reverse("training:dashboard"))
    board = response.context["board"]
    assert board.total.counts == {"compliant": 1, "due_soon": 1, "overdue": 1, "never": 1}
    by_unit = {bar.label: bar.counts for bar in board.by_unit}
    assert by_unit["Faculty of Arts"] == {"compliant": 1, "due_soon": 1, "overdue": 0, "never": 0}
    assert by_unit["Faculty of Science"] == {
        "compliant": 0,
        "due_soon": 0,
        "overdue": 1,
        "never": 1,
    }
    assert [bar.label for bar in board.by_group] == ["Security"]


def test_a_faculty_administrator_sees_only_their_units(personas, world):
    response = client_for(personas.faculty_admin).get(reverse("training:dashboard"))
    assert response.context["board"].total.counts["never"] == 0
    assert (
        client_for(personas.faculty_admin)
        .get(reverse("training:staff-detail", args=[world["never"].pk]))
        .status_code
        == 404
    )


def test_drill_down_lists_the_people(personas, world):
    response = client_for(personas.admin).get(reverse("training:status-list"), {"status": "never"})
    assert [row.staff.full_name for row in response.context["page"].items] == ["Ned Never"]


@pytest.mark.parametrize("value", ["\u00b2", "-1", "x", "9" * 30])
def test_drill_down_ignores_a_filter_that_is_not_a_number(personas, world, value):
    url = reverse("training:status-list")
    assert client_for(personas.admin).get(url, {"course": value, "unit": value}).status_code == 200


def test_a_staff_page_shows_each_status(personas, world):
    response = client_for(personas.admin).get(
        reverse("training:staff-detail", args=[world["soon"].pk])
    )
    assert [row.status for row in response.context["statuses"]] == ["due_soon"]
    assert "Due soon" in response.content.decode()


def test_csv_export_neutralises_formulas(personas, world):
    response = client_for(personas.admin).get(reverse("training:status-export"), {"format": "csv"})
    assert response["Content-Disposition"].startswith("attachment;")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][0] == "Staff number"
    assert rows[1 + [r[0] for r in rows[1:]].index("D1")][:2] == ["D1", "'=HYPERLINK(evil)"]
    assert len(rows) == 5


def test_xlsx_export(personas, world):
    response = client_for(personas.admin).get(
        reverse("training:status-export"), {"format": "xlsx", "status": "overdue"}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][:2] == ("O1", "Oz Over")
    assert rows[1][5] == "Overdue"


def test_xlsx_export_keeps_formula_like_text_as_text(personas, world):
    response = client_for(personas.admin).get(
        reverse("training:status-export"), {"format": "xlsx", "status": "due_soon"}
    )
    cells = list(load_workbook(io.BytesIO(response.content)).active.iter_rows())
    name = cells[1][1]
    assert (cells[1][0].value, name.value) == ("D1", "=HYPERLINK(evil)")  # as entered
    assert name.data_type == "s"  # a string cell: the spreadsheet never runs it


def test_a_course_two_requirements_ask_for_is_one_status_the_strictest(personas, world, faculty):
    """The demo showed "Megan Hughes, D0004, Prevent awareness, Compliant" twice: her
    staff group and her reviewing role each require the course."""
    from podium.accounts.roles import Role
    from podium.testing.factories import make_person_with_role
    from podium.training.models import RequirementStatus
    from podium.training.services import refresh_status

    course, group = world["course"], world["group"]
    make_requirement(course, role=Role.SU_REVIEWER, due_within_days=7, renew_every_months=12)
    reviewer = make_person_with_role(Role.SU_REVIEWER, faculty, email="rae@example.ac.uk")
    person = make_staff("R1", faculty, name="Rae Reviewer", group=group, user=reviewer)
    complete(person, course, date(2025, 6, 1))
    refresh_status([person.pk])

    statuses = RequirementStatus.objects.filter(staff=person)
    assert statuses.count() == 1
    assert statuses.get().due_on == date(2026, 6, 1)  # yearly (the role's), not two-yearly
    response = client_for(personas.admin).get(reverse("training:status-list"), {"unit": faculty.pk})
    assert response.content.decode().count("Rae Reviewer") == 1


def test_recording_a_completion_with_evidence(personas, world):
    pdf = SimpleUploadedFile("certificate.pdf", b"%PDF-1.4 ok", content_type="application/pdf")
    response = client_for(personas.admin).post(
        reverse("training:completion-create", args=[world["never"].pk]),
        {"course": world["course"].pk, "completed_on": "2026-03-01", "evidence": pdf},
    )
    assert response.status_code == 302
    completion = Completion.objects.get(staff=world["never"])
    assert completion.evidence.name.startswith("evidence/")
    assert "certificate" not in completion.evidence.name  # a generated name
    download = client_for(personas.auditor).get(reverse("training:evidence", args=[completion.pk]))
    assert download["Content-Disposition"].startswith("attachment;")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in download["Content-Security-Policy"]
    assert b"".join(download.streaming_content) == b"%PDF-1.4 ok"


@pytest.mark.parametrize(
    ("name", "content", "content_type", "message"),
    [
        (
            "cert.exe",
            b"MZ",
            "application/octet-stream",
            "Evidence must be a PDF, PNG or JPEG file.",
        ),
        (
            "cert.pdf",
            b"<html>",
            "application/pdf",
            "Evidence is not the kind of file its name says.",
        ),
        (
            "cert.pdf",
            b"%PDF" + b"x" * (5 * 1024 * 1024),
            "application/pdf",
            "Evidence must be smaller than 5 MB.",
        ),
    ],
)
def test_evidence_upload_rules(personas, world, name, content, content_type, message):
    upload = SimpleUploadedFile(name, content, content_type=content_type)
    response = client_for(personas.admin).post(
        reverse("training:completion-create", args=[world["never"].pk]),
        {"course": world["course"].pk, "completed_on": "2026-03-01", "evidence": upload},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["evidence"] == [message]
    assert not Completion.objects.filter(staff=world["never"]).exists()


def test_a_future_completion_is_refused(personas, world):
    response = client_for(personas.admin).post(
        reverse("training:completion-create", args=[world["never"].pk]),
        {"course": world["course"].pk, "completed_on": "2026-03-03"},
    )
    assert response.context["form"].errors["completed_on"] == [
        "The completion date is in the future."
    ]


def test_import_pages_from_upload_to_result(personas, world):
    client = client_for(personas.admin)
    upload = csv_upload(
        [
            ["ID", "Module", "When"],
            ["N1", "HO-AWARE", "2026-02-01"],
            ["X9", "HO-AWARE", "2026-02-01"],
        ]
    )
    response = client.post(reverse("training:import-list"), {"kind": "completions", "file": upload})
    batch = TrainingImport.objects.get()
    assert response.url == reverse("training:import-detail", args=[batch.pk])
    mapping = {"staff_number": "ID", "course": "Module", "completed_on": "When"}
    client.post(response.url, mapping)
    page = client.get(response.url).content.decode()
    assert "Nothing was imported: 1 problem" in page
    assert "Unknown staff number “X9”." in page
    batch.refresh_from_db()
    assert batch.status == ImportStatus.INVALID
    assert not Completion.objects.filter(staff=world["never"]).exists()


def test_returns_count_each_person_once_per_category(personas, world):
    complete(world["fine"], world["course"], date(2025, 9, 1))  # a second one, same year
    refresher = make_course("Refresher", category=ReturnCategory.REFRESHER)
    complete(world["late"], refresher, date(2025, 8, 1))
    complete(world["late"], refresher, date(2024, 7, 31))  # the year before
    response = client_for(personas.auditor).get(reverse("training:returns"), {"year": 2025})
    assert response.context["rows"] == [
        ("induction", "Induction", 1),
        ("refresher", "Refresher", 1),
        ("broader", "Broader safeguarding", 0),
    ]
    detail = client_for(personas.auditor).get(
        reverse("training:returns-detail"), {"year": "2025", "category": "induction"}
    )
    # 1 June 2025 belongs to 2024 to 2025.
    assert [c.completed_on for c in detail.context["page"].items] == [date(2025, 9, 1)]


def test_course_and_requirement_pages(personas, world):
    client = client_for(personas.admin)
    response = client.post(
        reverse("training:course-list"),
        {
            "name": "WRAP",
            "code": "WRAP",
            "provider": "Local Prevent team",
            "category": "induction",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert Course.objects.get(code="WRAP").validity_months is None
    response = client.post(
        reverse("training:requirement-list"),
        {"course": world["course"].pk, "due_within_days": "30", "window_days": "10"},
    )
    assert response.context["form"].errors["group"] == ["Choose a staff group or a role, not both."]


def test_a_stale_course_edit_is_refused(personas, world):
    client = client_for(personas.admin)
    url = reverse("training:course-edit", args=[world["course"].pk])
    opened = client.get(url).context["form"].initial["version"]
    data = {
        "name": "Prevent awareness (Home Office)",
        "code": "HO-AWARE",
        "provider": "Home Office",
        "category": "induction",
        "validity_months": "24",
        "is_active": "on",
    }
    assert client.post(url, {**data, "version": opened}).status_code == 302
    response = client.post(url, {**data, "name": "Another name", "version": opened})
    assert response.status_code == 200
    assert "Someone else changed this while you were editing it." in response.content.decode()
    assert Course.objects.get(pk=world["course"].pk).name == "Prevent awareness (Home Office)"


def test_bar_widths_always_add_up_to_a_full_bar():
    from podium.training.selectors import Bar

    bar = Bar(label="Unit", key=1, counts={"compliant": 1, "due_soon": 1, "overdue": 1, "never": 5})
    widths = [segment[4] for segment in bar.segments]
    assert sum(widths) == 100
    assert [segment[3] for segment in bar.segments] == [12, 12, 12, 62]


def test_a_queued_import_shows_progress_and_a_refresh_link(personas, world, monkeypatch):
    from podium.training import services

    monkeypatch.setattr(services, "INLINE_BYTES", 0)
    monkeypatch.setattr(
        "podium.training.tasks.run_import",
        type("Queue", (), {"enqueue": staticmethod(lambda import_id: None)}),
    )
    client = client_for(personas.admin)
    upload = csv_upload([COMPLETION_HEADER, ["N1", "HO-AWARE", "2026-02-01"]])
    client.post(reverse("training:import-list"), {"kind": "completions", "file": upload})
    batch = TrainingImport.objects.get()
    client.post(reverse("training:import-detail", args=[batch.pk]), batch.mapping)
    page = client.get(reverse("training:import-detail", args=[batch.pk])).content.decode()
    assert '<progress id="import-progress"' in page
    assert "Refresh to see progress" in page
    assert not Completion.objects.filter(staff=world["never"]).exists()


@pytest.mark.parametrize(
    ("search", "found"),
    [
        ("N900", ["Zed Zero"]),  # the start of a staff number
        ("n9001", ["Zed Zero"]),  # in any case
        ("N1", ["Ned Never"]),  # a whole one
        ("Nev", ["Ned Never"]),  # part of a name
        ("%", []),  # wildcards are text
    ],
)
def test_staff_search_finds_the_start_of_a_staff_number_or_part_of_a_name(
    personas, world, search, found
):
    make_staff("N9001", world["fine"].unit, name="Zed Zero")
    response = client_for(personas.admin).get(reverse("training:staff-list"), {"q": search})
    assert [person.full_name for person in response.context["page"].items] == found


def test_a_request_body_over_the_limit_is_refused_before_it_is_read(personas, world, settings):
    settings.PODIUM_MAX_REQUEST_BYTES = 10 * 1024 * 1024
    client = client_for(personas.admin)
    upload = SimpleUploadedFile("export.csv", b"x" * (11 * 1024 * 1024), content_type="text/csv")
    response = client.post(reverse("training:import-list"), {"kind": "staff", "file": upload})
    assert response.status_code == 413
    page = response.content.decode()
    assert "The upload is too large" in page
    assert "Podium accepts at most 10 MB in one request, and nothing of this one was saved." in page
    assert not TrainingImport.objects.exists()


def test_staff_rows_link_each_person_and_say_what_the_template_said(personas, world):
    """The staff list's rows are made once (`selectors.staff_rows`, issue 20): each
    link is the staff member's page; the group, the leaver's tag and the start date
    as the template wrote them."""
    group = make_group("Professional & support")
    make_staff(
        "L1", world["fine"].unit, name="Lee Leaver", group=group, started_on=date(2019, 3, 4)
    )
    StaffMember.objects.filter(staff_number="L1").update(left_on=date(2025, 1, 31))
    response = client_for(personas.admin).get(reverse("training:staff-list"), {"left": "1"})
    page, rows = response.context["page"], response.context["rows"]
    assert [row["url"] for row in rows] == [
        reverse("training:staff-detail", args=[s.pk]) for s in page.items
    ]
    leaver = next(row for row in rows if row["name"] == "Lee Leaver")
    assert (leaver["left"], leaver["group"], leaver["started"]) == (
        True,
        "Professional & support",
        "4 Mar 2019",
    )
    assert all(
        row["group"] == (s.group.name if s.group else "–")
        for row, s in zip(rows, page.items, strict=True)
    )
    assert "Professional &amp; support" in response.content.decode()
