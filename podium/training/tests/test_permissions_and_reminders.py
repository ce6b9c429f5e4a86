from datetime import date

import pytest
import time_machine
from django.core import mail
from django.db import IntegrityError
from django.urls import reverse

from podium.accounts.roles import Role
from podium.core.errors import DomainError
from podium.events import services as events
from podium.events.models import Status as EventStatus
from podium.testing import factories
from podium.testing.api import ApiClient, token_for
from podium.testing.events import approval, make_request, rejection
from podium.testing.personas import client_for
from podium.testing.training import complete, make_course, make_group, make_requirement, make_staff
from podium.training import services
from podium.training.models import ReminderKind, ReminderSent
from podium.training.selectors import training_lapsed_for

TODAY = date(2026, 3, 2)
LAPSED = (
    "You cannot decide until your Prevent training is in date. Lapsed or never completed: "
    "Prevent awareness. Ask your training administrator to record it."
)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def reviewers(institution, faculty):
    return {
        "officer": factories.make_person_with_role(
            Role.EVENTS_OFFICER, faculty, email="officer@example.ac.uk"
        ),
        "appeals": factories.make_person_with_role(
            Role.APPEAL_DECIDER, institution, email="appeals@example.ac.uk"
        ),
    }


@pytest.fixture
def awareness(db):
    return make_course("Prevent awareness", validity_months=24, required_to_decide=True)


def test_no_course_required_means_anyone_may_decide(personas):
    make_course("Prevent awareness", required_to_decide=False)
    assert training_lapsed_for(personas.organiser) == []


def test_a_user_without_a_staff_record_counts_as_never_trained(personas, awareness):
    assert training_lapsed_for(personas.organiser) == [awareness]


def test_in_date_training_allows_and_lapsed_training_refuses(personas, faculty, awareness):
    staff = make_staff("R1", faculty, user=personas.organiser)
    complete(staff, awareness, date(2024, 3, 10))
    assert training_lapsed_for(personas.organiser) == []
    complete(staff, awareness, date(2023, 1, 1))  # an older one changes nothing
    assert training_lapsed_for(personas.organiser) == []
    with time_machine.travel(date(2026, 3, 11), tick=False):
        assert training_lapsed_for(personas.organiser) == [awareness]


def test_a_reviewer_whose_training_lapsed_cannot_decide(personas, faculty, reviewers, awareness):
    request = make_request(organiser=personas.organiser, unit=faculty, submit=True)
    with pytest.raises(DomainError) as refused:
        events.decide(acting_user=reviewers["officer"], event_request=request, facts=approval())
    assert refused.value.message == LAPSED
    # The queue still shows the work, with the reason.
    response = client_for(reviewers["officer"]).get(reverse("events:queue"))
    assert response.status_code == 200
    assert LAPSED in response.content.decode()
    assert request.title in response.content.decode()
    # The page refuses too, and the API.
    response = client_for(reviewers["officer"]).get(
        reverse("events:request-detail", args=[request.pk])
    )
    assert LAPSED in response.content.decode()
    api = ApiClient(token_for(reviewers["officer"]))
    answer = api.send(
        "post",
        f"/api/v1/event-requests/{request.pk}/decision",
        {"outcome": "approved", "rationale": "Fine."},
    )
    assert answer.status_code == 409
    assert answer.json()["errors"][0]["message"] == LAPSED
    # Once trained, they may.
    complete(make_staff("R2", faculty, user=reviewers["officer"]), awareness, date(2026, 1, 5))
    events.decide(acting_user=reviewers["officer"], event_request=request, facts=approval())
    request.refresh_from_db()
    assert request.status == EventStatus.APPROVED


def test_an_appeal_decider_whose_training_lapsed_cannot_decide(
    personas, faculty, reviewers, awareness
):
    complete(make_staff("R2", faculty, user=reviewers["officer"]), awareness, date(2026, 1, 5))
    request = make_request(organiser=personas.organiser, unit=faculty, submit=True)
    events.decide(acting_user=reviewers["officer"], event_request=request, facts=rejection())
    events.lodge_appeal(acting_user=personas.organiser, event_request=request, grounds="Unfair.")
    with pytest.raises(DomainError) as refused:
        events.decide_appeal(
            acting_user=reviewers["appeals"], event_request=request, upheld=True, facts=approval()
        )
    assert refused.value.message == LAPSED


# --- Reminders -------------------------------------------------------------------------


@pytest.fixture
def team(faculty):
    group = make_group("Security")
    course = make_course("Prevent awareness", validity_months=24)
    make_requirement(course, group, due_within_days=30, renew_every_months=24, window_days=60)
    boss = make_staff("B1", faculty, name="Bo Boss", email="boss@example.ac.uk")
    due_soon = make_staff(
        "D1", faculty, name="Di Soon", group=group, line_manager=boss, email="di@example.ac.uk"
    )
    complete(due_soon, course, date(2024, 4, 1))  # due 1 April 2026: inside the window
    overdue = make_staff(
        "O1", faculty, name="Oz Over", group=group, line_manager=boss, email="oz@example.ac.uk"
    )
    complete(overdue, course, date(2023, 1, 1))
    never = make_staff("N1", faculty, name="Ned Never", group=group, email="ned@example.ac.uk")
    fine = make_staff("F1", faculty, name="Fi Fine", group=group, email="fi@example.ac.uk")
    complete(fine, course, date(2025, 6, 1))
    return {
        "course": course,
        "boss": boss,
        "due_soon": due_soon,
        "overdue": overdue,
        "never": never,
    }


def test_reminders_go_to_staff_and_a_summary_to_their_manager(team):
    sent = services.send_reminders()
    assert sent == {"staff": 3, "managers": 1}
    to = sorted(m.to[0] for m in mail.outbox)
    assert to == ["boss@example.ac.uk", "di@example.ac.uk", "ned@example.ac.uk", "oz@example.ac.uk"]
    summary = next(m for m in mail.outbox if m.to == ["boss@example.ac.uk"])
    assert "Di Soon: Prevent awareness, due by 1 April 2026" in summary.body
    assert "Oz Over: Prevent awareness, overdue since 1 January 2025" in summary.body
    di = next(m for m in mail.outbox if m.to == ["di@example.ac.uk"])
    assert di.subject == "Due soon: Prevent awareness"


def test_no_one_receives_the_same_reminder_twice(team):
    services.send_reminders()
    first = len(mail.outbox)
    assert services.send_reminders() == {"staff": 0, "managers": 0}
    assert len(mail.outbox) == first
    # Once overdue, a due-soon person gets the overdue reminder, once.
    with time_machine.travel(date(2026, 4, 2), tick=False):
        assert services.send_reminders() == {"staff": 1, "managers": 1}
        assert services.send_reminders() == {"staff": 0, "managers": 0}


def test_the_database_refuses_a_duplicate_reminder(team):
    row = {
        "recipient": team["due_soon"],
        "subject": team["due_soon"],
        "course": team["course"],
        "kind": ReminderKind.DUE_SOON,
        "due_on": date(2026, 4, 1),
    }
    ReminderSent.objects.create(**row)
    with pytest.raises(IntegrityError):
        ReminderSent.objects.create(**row)


def test_the_daily_job_picks_up_a_new_role_then_reminds(personas, faculty):
    from podium.testing.factories import grant
    from podium.training.models import RequirementStatus
    from podium.training.tasks import send_training_reminders

    course = make_course("Prevent referrals")
    make_requirement(course, role=Role.PREVENT_LEAD)
    staff = make_staff("P1", faculty, user=personas.organiser, email="oli@example.ac.uk")
    assert not RequirementStatus.objects.filter(staff=staff).exists()
    grant(personas.organiser, Role.PREVENT_LEAD, faculty)
    assert send_training_reminders.call() == {"staff": 1, "managers": 0}
    assert RequirementStatus.objects.filter(staff=staff, course=course).exists()


def test_the_prevent_lead_reads_training_compliance_and_changes_nothing(personas, institution):
    """Issue 14: the Prevent lead got 403 on training compliance and the yearly counts."""
    from podium.testing.factories import make_person_with_role

    lead = make_person_with_role(Role.PREVENT_LEAD, institution, email="lead@example.ac.uk")
    client = client_for(lead)
    for name in (
        "training:dashboard",
        "training:status-list",
        "training:staff-list",
        "training:returns",
    ):
        assert client.get(reverse(name)).status_code == 200, name
    assert client.get(reverse("training:import-list")).status_code == 403
    assert client.get(reverse("training:course-list")).status_code == 403
