"""The events policy can require an in-date student event-organiser briefing
(podium.training) before a student submits a request: per event type and per risk
level, as data. Only new submissions are checked; a draft can always be saved."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from podium.accounts.models import UnitKind
from podium.accounts.roles import Role
from podium.core.errors import DomainError
from podium.events import services
from podium.events.models import EventType, RiskLevel, Status
from podium.testing.api import api_client_for
from podium.testing.events import make_request
from podium.testing.factories import make_person_with_role, make_unit
from podium.testing.personas import client_for
from podium.training.briefings import services as briefings

NOT_BRIEFED = (
    "You have not completed the student event-organiser briefing, which Talk or lecture "
    "events need before you can submit. Complete the briefing, then submit. Your request "
    "is saved as a draft."
)


@pytest.fixture
def society(institution):
    union = make_unit(parent=institution, name="Union", kind=UnitKind.STUDENTS_UNION)
    return make_unit(parent=union, name="Debating Society", kind=UnitKind.SOCIETY)


@pytest.fixture
def student(society):
    return make_person_with_role(Role.ORGANISER, society, full_name="Sam Student")


@pytest.fixture
def published(personas):
    return briefings.publish_version(
        acting_user=personas.admin,
        title="Briefing",
        body="Free speech comes first.",
        valid_for_months=12,
        remind_days_before=30,
    )


def _require_for_talks() -> None:
    EventType.objects.filter(name="Talk or lecture").update(requires_briefing=True)


def test_a_student_without_a_briefing_cannot_submit_a_type_that_needs_one(
    student, society, published
):
    _require_for_talks()
    draft = make_request(organiser=student, unit=society)
    with pytest.raises(DomainError) as refused:
        services.submit_request(acting_user=student, event_request=draft)
    assert refused.value.problems == [("briefing", NOT_BRIEFED)]
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    briefings.confirm_briefing(acting_user=student, version_number=published.number)
    submitted = services.submit_request(acting_user=student, event_request=draft)
    assert submitted.status == Status.IN_REVIEW


def test_a_type_without_the_rule_needs_no_briefing(student, society, published):
    submitted = make_request(organiser=student, unit=society, submit=True)
    assert submitted.status == Status.IN_REVIEW


def test_the_rule_per_risk_level(student, society, published):
    RiskLevel.objects.filter(name="High").update(requires_briefing=True)
    low = make_request(organiser=student, unit=society, submit=True, level="Low")
    assert low.status == Status.IN_REVIEW
    high = make_request(organiser=student, unit=society, level="High")
    with pytest.raises(DomainError, match="which requests at the high risk level need"):
        services.submit_request(acting_user=student, event_request=high)


def test_an_expired_briefing_is_refused_with_the_day_it_lapsed(student, society, published):
    _require_for_talks()
    with time_machine.travel(timezone.now() - timedelta(days=400)):
        completion = briefings.confirm_briefing(acting_user=student, version_number=1)
    draft = make_request(organiser=student, unit=society)
    lapsed = completion.valid_until
    with pytest.raises(DomainError) as refused:
        services.submit_request(acting_user=student, event_request=draft)
    assert refused.value.message.startswith(
        f"Your student event-organiser briefing lapsed on {lapsed.day} {lapsed:%B %Y}, "
    )


def test_staff_organisers_are_not_asked(personas, faculty, published):
    _require_for_talks()
    submitted = make_request(organiser=personas.organiser, unit=faculty, submit=True)
    assert submitted.status == Status.IN_REVIEW


def test_a_student_answering_for_a_society_elsewhere_is_asked(personas, faculty, published):
    _require_for_talks()
    draft = make_request(organiser=personas.organiser, unit=faculty, organiser_kind="student")
    with pytest.raises(DomainError, match="student event-organiser briefing"):
        services.submit_request(acting_user=personas.organiser, event_request=draft)


def test_requests_already_submitted_are_not_rechecked(student, society, published):
    submitted = make_request(organiser=student, unit=society, submit=True)
    _require_for_talks()
    submitted.refresh_from_db()
    assert submitted.status == Status.IN_REVIEW
    assert services.briefing_refusal(submitted) == NOT_BRIEFED  # would apply to a new one


def test_the_check_page_links_to_the_briefing_and_keeps_the_draft(student, society, published):
    _require_for_talks()
    draft = make_request(organiser=student, unit=society)
    client = client_for(student)
    url = reverse("events:request-check", kwargs={"pk": draft.pk})
    page = client.get(url).content.decode()
    assert f'href="/training/briefing/?next=/events/requests/{draft.pk}/check/"' in page
    refused = client.post(url, {"version": ""})
    body = refused.content.decode()
    assert "There is a problem" in body
    assert NOT_BRIEFED in body
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_the_api_refuses_submission_the_same_way(student, society, published):
    _require_for_talks()
    draft = make_request(organiser=student, unit=society)
    response = api_client_for(student).post(f"/api/v1/event-requests/{draft.pk}/submit", {})
    assert response.status_code == 400
    assert response.json() == {"errors": [{"field": "briefing", "message": NOT_BRIEFED}]}


def test_the_policy_pages_edit_the_rule(personas):
    talk = EventType.objects.get(name="Talk or lecture")
    client = client_for(personas.admin)
    response = client.post(
        reverse("events:policy-event-type-edit", kwargs={"pk": talk.pk}),
        {
            "name": talk.name,
            "description": talk.description,
            "is_active": "on",
            "requires_briefing": "on",
        },
    )
    assert response.status_code == 302
    talk.refresh_from_db()
    assert talk.requires_briefing
    high = RiskLevel.objects.get(name="High")
    client.post(
        reverse("events:policy-risk-level-edit", kwargs={"pk": high.pk}),
        {"name": "High", "rank": high.rank, "description": "", "requires_briefing": "on"},
    )
    high.refresh_from_db()
    assert high.requires_briefing
