"""An event that has taken place (its start has passed) cannot be cancelled: the
request page offers no cancel button, the cancel page shows why instead of the
form, and the page's POST, the API and the service all refuse, with one message
from one rule (`lifecycle.cancel_refusal`)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from podium.accounts.roles import Role
from podium.audit.models import AuditEntry
from podium.core.errors import DomainError
from podium.events import services
from podium.events.models import EventRequest, Status
from podium.testing.api import ApiClient, token_for
from podium.testing.events import approval, make_request
from podium.testing.factories import make_person_with_role
from podium.testing.personas import client_for

pytestmark = pytest.mark.django_db

TAKEN_PLACE = "This event has already taken place; it cannot be cancelled."
TWO_YEARS = timedelta(days=730)


@pytest.fixture
def officer(faculty):
    return make_person_with_role(Role.EVENTS_OFFICER, faculty, full_name="Eve Officer")


@pytest.fixture
def approved(personas, faculty, officer) -> EventRequest:
    event = make_request(organiser=personas.organiser, unit=faculty, submit=True)
    services.decide(acting_user=officer, event_request=event, facts=approval())
    return EventRequest.objects.get(pk=event.pk)


def _after_start(event: EventRequest, by: timedelta = TWO_YEARS) -> time_machine.travel:
    assert event.starts_at is not None
    return time_machine.travel(event.starts_at + by, tick=False)


def _cancellations() -> int:
    return AuditEntry.objects.filter(action="events.request.cancelled").count()


def test_the_service_refuses_to_cancel_an_event_that_took_place(personas, approved):
    with _after_start(approved), pytest.raises(DomainError) as refused:
        services.cancel_event(
            acting_user=personas.organiser, event_request=approved, reason="Speaker ill."
        )
    assert refused.value.message == TAKEN_PLACE
    assert EventRequest.objects.get(pk=approved.pk).status == Status.APPROVED
    assert _cancellations() == 0


def test_the_event_has_taken_place_from_the_moment_it_starts(personas, officer, approved):
    with _after_start(approved, by=timedelta(0)), pytest.raises(DomainError) as refused:
        services.cancel_event(acting_user=officer, event_request=approved, reason="Too late.")
    assert refused.value.message == TAKEN_PLACE


def test_an_event_can_still_be_cancelled_a_minute_before_it_starts(personas, approved):
    with _after_start(approved, by=-timedelta(minutes=1)):
        services.cancel_event(
            acting_user=personas.organiser, event_request=approved, reason="Speaker ill."
        )
    assert EventRequest.objects.get(pk=approved.pk).status == Status.CANCELLED


@pytest.mark.parametrize("who", ["organiser", "officer"])
def test_the_request_page_offers_no_cancel_button_after_the_event(who, personas, officer, approved):
    user = personas.organiser if who == "organiser" else officer
    url = reverse("events:request-detail", args=[approved.pk])
    before = client_for(user).get(url).content.decode()
    assert "Cancel the event" in before
    with _after_start(approved):
        after = client_for(user).get(url).content.decode()
    assert "Cancel the event" not in after


def test_the_cancel_page_says_why_instead_of_showing_the_form(personas, approved):
    url = reverse("events:request-cancel", args=[approved.pk])
    with _after_start(approved):
        response = client_for(personas.organiser).get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert TAKEN_PLACE in html
    assert "<form" not in html[html.index("<main") :]
    assert 'name="reason"' not in html


def test_the_cancel_pages_post_is_refused_after_the_event(personas, approved):
    url = reverse("events:request-cancel", args=[approved.pk])
    with _after_start(approved):
        response = client_for(personas.organiser).post(url, {"reason": "Speaker ill."})
    assert response.status_code == 200
    assert TAKEN_PLACE in response.content.decode()
    assert EventRequest.objects.get(pk=approved.pk).status == Status.APPROVED
    assert _cancellations() == 0


def test_the_api_refuses_to_cancel_an_event_that_took_place(personas, approved):
    with _after_start(approved):
        api = ApiClient(token_for(personas.organiser))
        response = api.post(f"/api/v1/event-requests/{approved.pk}/cancel", {"reason": "Ill."})
    assert response.status_code == 409, response.content
    assert response.json()["errors"] == [{"field": None, "message": TAKEN_PLACE}]
    assert EventRequest.objects.get(pk=approved.pk).status == Status.APPROVED
    assert _cancellations() == 0
