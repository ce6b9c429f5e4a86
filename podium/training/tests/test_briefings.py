"""The student event-organiser briefing: versions, online confirmation, session
attendance, who is briefed (scoped, filtered, paged), reminders, the API."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from podium.accounts.models import UnitKind
from podium.accounts.roles import Role
from podium.audit.models import AuditEntry
from podium.core.errors import DomainError
from podium.notify.models import Message
from podium.testing.api import api_client_for
from podium.testing.factories import make_person_with_role, make_unit
from podium.testing.personas import client_for
from podium.training.briefings import selectors, services
from podium.training.models import BriefingCompletion, BriefingMethod, BriefingVersion

TODAY = date(2026, 3, 2)


@pytest.fixture
def union(institution):
    return make_unit(parent=institution, name="Students' Union", kind=UnitKind.STUDENTS_UNION)


@pytest.fixture
def society(union):
    return make_unit(parent=union, name="Debating Society", kind=UnitKind.SOCIETY)


@pytest.fixture
def su_reviewer(union):
    return make_person_with_role(Role.SU_REVIEWER, union, full_name="Megan Union")


@pytest.fixture
def student(society):
    return make_person_with_role(
        Role.ORGANISER, society, full_name="Sam Student", email="sam@example.ac.uk"
    )


@pytest.fixture
def version(su_reviewer):
    return services.publish_version(
        acting_user=su_reviewer,
        title="Organising events",
        body="Free speech comes first.",
        valid_for_months=12,
        remind_days_before=30,
    )


def test_publishing_adds_a_version_and_keeps_the_old(su_reviewer, version):
    second = services.publish_version(
        acting_user=su_reviewer,
        title="Organising events (2026)",
        body="Free speech comes first. New: online events.",
        valid_for_months=6,
        remind_days_before=14,
    )
    assert second.number == 2
    assert selectors.current_version() == second
    version.refresh_from_db()
    assert (version.number, version.body) == (1, "Free speech comes first.")
    assert AuditEntry.objects.filter(action="training.briefing.published").count() == 2


def test_publishing_refuses_bad_values_all_at_once(su_reviewer):
    with pytest.raises(DomainError) as refused:
        services.publish_version(
            acting_user=su_reviewer, title=" ", body="", valid_for_months=0, remind_days_before=999
        )
    assert [field for field, _ in refused.value.problems] == [
        "title",
        "body",
        "valid_for_months",
        "remind_days_before",
    ]


def test_only_the_union_and_administrators_publish(student):
    with pytest.raises(DomainError, match="cannot publish"):
        services.publish_version(
            acting_user=student, title="T", body="B", valid_for_months=12, remind_days_before=30
        )


def test_confirming_online_records_the_version_and_the_date(student, version):
    with time_machine.travel(TODAY):
        completion = services.confirm_briefing(acting_user=student, version_number=1)
        assert selectors.briefing_in_date(student)
    assert (completion.method, completion.version, completion.completed_on) == (
        BriefingMethod.ONLINE,
        version,
        TODAY,
    )
    assert completion.valid_until == date(2027, 3, 2)
    entry = AuditEntry.objects.get(action="training.briefing.completed")
    assert entry.data == {
        "version": 1,
        "method": "online",
        "completed_on": "2026-03-02",
        "valid_until": "2027-03-02",
    }


def test_a_version_published_while_reading_must_be_read(student, su_reviewer, version):
    services.publish_version(
        acting_user=su_reviewer,
        title="New",
        body="New text",
        valid_for_months=12,
        remind_days_before=30,
    )
    with pytest.raises(DomainError, match="A new version of the briefing was published"):
        services.confirm_briefing(acting_user=student, version_number=1)


def test_a_briefing_lapses_after_its_validity(student, version):
    with time_machine.travel(TODAY):
        services.confirm_briefing(acting_user=student, version_number=1)
    with time_machine.travel(date(2027, 3, 2)):
        assert selectors.briefing_in_date(student)
    with time_machine.travel(date(2027, 3, 3)):
        assert not selectors.briefing_in_date(student)


def test_the_union_records_a_session_for_a_named_student(su_reviewer, student, version):
    completion = services.record_attendance(
        acting_user=su_reviewer, student_email="SAM@example.ac.uk", attended_on=date.today()
    )
    assert completion.student == student
    assert completion.method == BriefingMethod.SESSION
    assert completion.recorded_by == su_reviewer


def test_a_session_is_refused_for_someone_outside_the_union_and_for_a_future_date(
    su_reviewer, version, faculty
):
    staff = make_person_with_role(Role.ORGANISER, faculty, email="staff@example.ac.uk")
    with pytest.raises(DomainError) as refused:
        services.record_attendance(
            acting_user=su_reviewer,
            student_email=staff.email,
            attended_on=date.today() + timedelta(days=1),
        )
    assert refused.value.problems == [
        (
            "student_email",
            "Enter the e-mail address of a student organiser of a society or students' union "
            "unit you look after.",
        ),
        ("attended_on", "The session's date must be today or in the past."),
    ]


def test_the_list_filters_briefed_not_briefed_and_expiring(su_reviewer, society, version):
    briefed = make_person_with_role(Role.ORGANISER, society, full_name="A Briefed")
    expiring = make_person_with_role(Role.ORGANISER, society, full_name="B Expiring")
    lapsed = make_person_with_role(Role.ORGANISER, society, full_name="C Lapsed")
    make_person_with_role(Role.ORGANISER, society, full_name="D Never")
    for person, days_ago in [(briefed, 10), (expiring, 350), (lapsed, 400)]:
        with time_machine.travel(TODAY - timedelta(days=days_ago)):
            services.confirm_briefing(acting_user=person, version_number=1)

    def names(status: str) -> list[str]:
        with time_machine.travel(TODAY):
            page = selectors.organiser_page(viewer=su_reviewer, status=status)
        return [p.full_name for p in page.items]

    assert names("briefed") == ["A Briefed", "B Expiring"]
    assert names("expiring") == ["B Expiring"]
    assert names("not_briefed") == ["C Lapsed", "D Never"]
    assert names("") == ["A Briefed", "B Expiring", "C Lapsed", "D Never"]
    # The home card's figures (one query) count the people each filter lists.
    with time_machine.travel(TODAY), CaptureQueriesContext(connection) as captured:
        counts = selectors.counts(su_reviewer)
    assert counts == selectors.Counts(briefed=2, not_briefed=2, expiring=1)
    assert len([q for q in captured if "COUNT" in q["sql"]]) == 1


def test_the_list_is_scoped_to_the_reviewers_union(su_reviewer, institution, version):
    other_union = make_unit(parent=institution, name="Other Union", kind=UnitKind.STUDENTS_UNION)
    other_society = make_unit(parent=other_union, name="Chess", kind=UnitKind.SOCIETY)
    make_person_with_role(Role.ORGANISER, other_society, full_name="Elsewhere")
    assert selectors.organiser_page(viewer=su_reviewer).items == []


def test_the_list_page_needs_the_capability(su_reviewer, student, version):
    url = reverse("training:briefing-organisers")
    assert client_for(student).get(url).status_code == 403
    response = client_for(su_reviewer).get(url + "?status=not_briefed")
    assert response.status_code == 200
    assert "Sam Student" in response.content.decode()


def test_a_student_confirms_on_the_page_and_returns_to_their_request(student, version):
    client = client_for(student)
    url = reverse("training:briefing")
    page = client.get(url)
    assert "Free speech comes first." in page.content.decode()
    missing = client.post(url, {"version": 1})
    assert "Confirm that you have read and understood the briefing." in missing.content.decode()
    done = client.post(url, {"version": 1, "confirm": "on", "next": "/events/requests/7/check/"})
    assert done.status_code == 302
    assert done["Location"] == "/events/requests/7/check/"
    elsewhere = client.post(url, {"version": 1, "confirm": "on", "next": "https://evil.example/"})
    assert "already recorded" in elsewhere.content.decode()
    assert BriefingCompletion.objects.filter(student=student).count() == 1


def test_the_attendance_form_names_bad_fields(su_reviewer, version):
    response = client_for(su_reviewer).post(
        reverse("training:briefing-attendance"), {"student_email": "nope", "attended_on": "soon"}
    )
    body = response.content.decode()
    assert "Enter an e-mail address, like name@example.ac.uk." in body
    assert "Enter a real date, like 2026-10-05." in body


def test_reminders_go_once_before_a_briefing_lapses(student, version):
    with time_machine.travel(TODAY - timedelta(days=350)):
        services.confirm_briefing(acting_user=student, version_number=1)
    with time_machine.travel(TODAY):
        assert services.send_reminders() == {"reminders": 1}
        assert services.send_reminders() == {"reminders": 0}
    message = Message.objects.get(recipient=student)
    assert message.subject == "Your student organiser briefing is about to lapse"
    assert AuditEntry.objects.filter(action="training.briefing.reminders_sent").count() == 1


def test_no_reminder_for_someone_already_renewed(student, version):
    with time_machine.travel(TODAY - timedelta(days=350)):
        services.confirm_briefing(acting_user=student, version_number=1)
    with time_machine.travel(TODAY - timedelta(days=5)):
        services.confirm_briefing(acting_user=student, version_number=1)
    with time_machine.travel(TODAY):
        assert services.send_reminders() == {"reminders": 0}


def test_the_home_page_shows_the_card_and_the_students_line(su_reviewer, student, version):
    card = client_for(su_reviewer).get("/").content.decode()
    assert "Student organiser briefings" in card
    line = client_for(student).get("/").content.decode()
    assert "Complete the student event-organiser briefing" in line


def test_the_api_lists_organisers_and_records_attendance(su_reviewer, student, version):
    api = api_client_for(su_reviewer)
    listed = api.get("/api/v1/briefings?status=not_briefed")
    assert listed.status_code == 200
    assert [(p["full_name"], p["status"]) for p in listed.json()["items"]] == [
        ("Sam Student", "not_briefed")
    ]
    created = api.post(
        "/api/v1/briefings/attendances",
        {"student_email": "sam@example.ac.uk", "attended_on": date.today().isoformat()},
    )
    assert created.status_code == 201
    assert created.json()["method"] == "session"
    last = AuditEntry.objects.order_by("-sequence").first()
    assert last is not None and last.action == "training.briefing.completed"
    refused = api.post(
        "/api/v1/briefings/attendances",
        {"student_email": "nobody@example.ac.uk", "attended_on": date.today().isoformat()},
    )
    assert refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "student_email"
    assert api_client_for(student).get("/api/v1/briefings").status_code == 403


def test_versions_are_kept_in_the_table(su_reviewer, version):
    assert BriefingVersion.objects.count() == 1
    response = client_for(su_reviewer).post(
        reverse("training:briefing-versions"),
        {"title": "v2", "body": "New", "valid_for_months": "12", "remind_days_before": "30"},
    )
    assert response.status_code == 302
    assert list(BriefingVersion.objects.values_list("number", flat=True)) == [2, 1]
