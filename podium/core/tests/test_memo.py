"""The per-request memo (`podium.core.memo`): figures the navigation and the home
page both show are read once per page view, and never carried into the next one
(issue 20, item 2)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from podium.accounts.roles import Role
from podium.core.memo import per_request, request_memo
from podium.events import selectors as events_selectors
from podium.notify import selectors as notify_selectors
from podium.notify.models import Message
from podium.testing import factories
from podium.testing.personas import client_for
from podium.testing.queries import count_queries

calls: list[tuple[object, ...]] = []


@per_request
def _answer(x: int, *, y: int = 0) -> int:
    calls.append((x, y))
    return x + y


def test_outside_a_request_every_call_is_answered_afresh():
    calls.clear()
    assert _answer(1) == _answer(1) == 1
    assert len(calls) == 2


def test_within_a_request_the_same_question_is_answered_once():
    calls.clear()
    with request_memo():
        assert _answer(1, y=2) == _answer(1, y=2) == 3
        assert _answer(2) == 2
    assert calls == [(1, 2), (2, 0)]
    with request_memo():  # the next page view starts empty
        _answer(1, y=2)
    assert calls == [(1, 2), (2, 0), (1, 2)]


@pytest.mark.django_db
def test_the_navigation_count_is_read_once_per_page(personas, institution):
    """The unread count is in the navigation and on the home page: one query."""
    Message.objects.create(recipient=personas.organiser, subject="Hello", body="x")
    with request_memo():
        first = count_queries(lambda: notify_selectors.unread_count(user=personas.organiser))
        again = count_queries(lambda: notify_selectors.unread_count(user=personas.organiser))
    assert (first, again) == (1, 0)
    # The queue figures and the queue count of the navigation share one query too.
    lead = factories.make_person_with_role(Role.PREVENT_LEAD, institution)
    with request_memo():
        both = count_queries(
            lambda: (
                events_selectors.queue_figures(user=lead),
                events_selectors.queue_count(user=lead),
            )
        )
        assert count_queries(lambda: events_selectors.queue_count(user=lead)) == 0
    assert both > 0


@pytest.mark.django_db
def test_a_change_shows_on_the_next_page(personas):
    """Nothing is kept between requests: a new message counts on the very next page,
    and marking it read (a POST, which opens no memo) drops it there."""
    client = client_for(personas.organiser)
    unread = '<span class="count">{}<span class="visually-hidden"> unread</span></span>'
    home = reverse("core:home")
    assert unread.format(1) not in client.get(home).content.decode()
    message = Message.objects.create(recipient=personas.organiser, subject="Hi", body="x")
    assert unread.format(1) in client.get(home).content.decode()
    Message.objects.create(recipient=personas.organiser, subject="Again", body="x")
    assert unread.format(2) in client.get(home).content.decode()
    client.post(reverse("events:inbox-read"), {"message": [message.pk]})
    assert unread.format(1) in client.get(home).content.decode()
