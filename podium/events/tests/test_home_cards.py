"""Each events role's home page shows its work: the organiser's requests by state,
the reviewer's queue with what is due soon or overdue, security's next 14 days."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from podium.accounts import permissions
from podium.accounts.roles import Capability, Role
from podium.events import services
from podium.events.models import APPROVED_STATUSES, Condition, EventRequest
from podium.events.selectors import CALENDAR_STATUSES, security_figures
from podium.testing.events import approval, make_request
from podium.testing.factories import make_person_with_role
from podium.testing.personas import client_for


@pytest.fixture
def people(institution, faculty, other_faculty):
    return {
        "officer": make_person_with_role(Role.EVENTS_OFFICER, faculty, full_name="Eve Officer"),
        "security": make_person_with_role(Role.HEAD_OF_SECURITY, faculty, full_name="Sid Security"),
        "other_security": make_person_with_role(
            Role.HEAD_OF_SECURITY, other_faculty, full_name="Oz Other"
        ),
    }


def cards_of(user):
    response = client_for(user).get(reverse("core:home"))
    assert response.status_code == 200
    return {card.title: card for card in response.context["cards"]}


def figures(card):
    return {figure.label: figure.count for figure in card.figures}


def test_the_organiser_sees_their_requests_by_state_and_a_button_to_request(personas, faculty):
    make_request(organiser=personas.organiser, unit=faculty)
    make_request(organiser=personas.organiser, unit=faculty, submit=True, late_reason="Late.")
    card = cards_of(personas.organiser)["Your event requests"]
    assert figures(card) == {"Draft": 1, "In review": 1}
    assert [action.text for action in card.actions] == ["Request an event"]
    body = client_for(personas.organiser).get(reverse("core:home")).text
    assert "Request an event" in body
    assert f"{reverse('events:request-list')}?scope=mine&amp;status=draft" in body


def test_a_person_who_organises_nothing_gets_no_organiser_card(people):
    assert "Your event requests" not in cards_of(people["security"])


def test_the_reviewer_sees_waiting_due_soon_and_overdue(personas, faculty, people):
    first = make_request(organiser=personas.organiser, unit=faculty, submit=True, late_reason="L")
    second = make_request(organiser=personas.organiser, unit=faculty, submit=True, late_reason="L")
    today = timezone.localdate()
    EventRequest.objects.filter(pk=first.pk).update(due_on=today - timedelta(days=1))
    EventRequest.objects.filter(pk=second.pk).update(due_on=today + timedelta(days=1))
    card = cards_of(people["officer"])["Reviewing event requests"]
    assert figures(card) == {"waiting for you": 2, "due in the next 3 days": 1, "overdue": 1}
    overdue = next(f for f in card.figures if f.label == "overdue")
    assert overdue.attention
    body = client_for(people["officer"]).get(reverse("core:home")).text
    assert "Needs action" in body

    client = client_for(people["officer"])
    listed = client.get(overdue.url)
    assert first.reference in listed.text and second.reference not in listed.text
    soon = client.get(reverse("events:queue"), {"due": "soon"})
    assert second.reference in soon.text and first.reference not in soon.text
    # An unknown filter shows everything rather than failing.
    both = client.get(reverse("events:queue"), {"due": "someday"})
    assert first.reference in both.text and second.reference in both.text


def test_a_person_who_reviews_nothing_gets_no_reviewer_card(personas):
    assert "Reviewing event requests" not in cards_of(personas.organiser)


def test_security_sees_the_next_14_days_and_unconfirmed_conditions(personas, faculty, people):
    soon = make_request(
        organiser=personas.organiser,
        unit=faculty,
        submit=True,
        starts_at=timezone.now() + timedelta(days=5),
        late_reason="Arranged at short notice.",
    )
    services.decide(
        acting_user=people["officer"], event_request=soon, facts=approval(conditions=True)
    )
    make_request(  # approved later, or far off: not in the next 14 days
        organiser=personas.organiser,
        unit=faculty,
        submit=True,
        starts_at=timezone.now() + timedelta(days=40),
    )
    card = cards_of(people["security"])["Events in the next 14 days"]
    assert figures(card) == {
        "events on the calendar": 1,
        "conditions not yet confirmed in place": 1,
    }
    # Another faculty's security sees none of it.
    other = cards_of(people["other_security"])["Events in the next 14 days"]
    assert figures(other) == {
        "events on the calendar": 0,
        "conditions not yet confirmed in place": 0,
    }

    condition = soon.decisions.get(is_live=True).conditions.get()
    services.confirm_condition(acting_user=people["security"], condition=condition)
    card = cards_of(people["security"])["Events in the next 14 days"]
    assert figures(card)["conditions not yet confirmed in place"] == 0


def test_security_figures_count_what_the_two_counts_did(personas, faculty, people):
    """The card's one query counts the same as counting the events, then the live
    decisions' unconfirmed conditions: two approved with conditions in the fortnight
    (one confirmed), one waiting for review in it, one approved with conditions after
    it."""
    for days in (2, 9, 30):
        request = make_request(
            organiser=personas.organiser,
            unit=faculty,
            submit=True,
            starts_at=timezone.now() + timedelta(days=days),
            late_reason="Arranged at short notice.",
        )
        services.decide(
            acting_user=people["officer"], event_request=request, facts=approval(conditions=True)
        )
        if days == 9:
            condition = request.decisions.get(is_live=True).conditions.get()
            services.confirm_condition(acting_user=people["security"], condition=condition)
    make_request(
        organiser=personas.organiser,
        unit=faculty,
        submit=True,
        starts_at=timezone.now() + timedelta(days=4),
        late_reason="Arranged at short notice.",
    )
    for viewer in (people["security"], people["other_security"]):
        now = timezone.now()
        window = Q(starts_at__gte=now, starts_at__lt=now + timedelta(days=14))
        scope = permissions.unit_scope(viewer, Capability.VIEW_EVENT_CALENDAR, "unit__")
        events = EventRequest.objects.filter(scope, window, status__in=CALENDAR_STATUSES)
        conditions = Condition.objects.filter(
            decision__request__in=events.filter(status__in=APPROVED_STATUSES),
            decision__is_live=True,
            confirmed_at__isnull=True,
        )
        figures_now = security_figures(user=viewer)
        assert figures_now is not None
        assert (figures_now.events, figures_now.unconfirmed_conditions) == (
            events.count(),
            conditions.count(),
        )
    mine = security_figures(user=people["security"])
    assert mine is not None and (mine.events, mine.unconfirmed_conditions) == (3, 1)


def test_a_figure_of_one_reads_in_the_singular(personas, faculty, people):
    make_request(
        organiser=personas.organiser,
        unit=faculty,
        submit=True,
        starts_at=timezone.now() + timedelta(days=3),
        late_reason="Arranged at short notice.",
    )
    body = client_for(people["security"]).get(reverse("core:home")).text
    assert "event on the calendar" in body and "events on the calendar" not in body
    assert "conditions not yet confirmed in place" in body  # none: the plural
