"""Event pages cost the same number of queries with 1 row as with 50 (QUALITY.md,
performance): the reviewer's queue, the organiser's list, a request's page and the
security calendar.

The request list, queue and detail templates are written on main and are not on
this branch yet: the page tests skip until they exist (after the merge they run),
and the selectors behind them are counted directly meanwhile.
"""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone

from podium.accounts.models import User
from podium.accounts.roles import Role
from podium.events import access, selectors, services
from podium.events.models import EventSpeaker
from podium.testing.events import approval, make_request
from podium.testing.factories import make_person_with_role
from podium.testing.personas import client_for
from podium.testing.queries import assert_constant_queries

counter = itertools.count()


def _template_exists(name: str) -> bool:
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return False
    return True


def needs_template(name: str) -> pytest.MarkDecorator:
    return pytest.mark.skipif(
        not _template_exists(name), reason=f"{name} is not on this branch yet (written on main)."
    )


@pytest.fixture
def reviewers(institution, faculty):
    return {
        "officer": make_person_with_role(Role.EVENTS_OFFICER, faculty),
        "prevent": make_person_with_role(Role.PREVENT_LEAD, institution),
        "security": make_person_with_role(Role.HEAD_OF_SECURITY, institution),
    }


def _fresh(user: User) -> User:
    # A new object each time, as each web request has: nothing cached on it.
    return User.objects.get(pk=user.pk)


def _submit(personas, faculty, n: int, *, level: str = "Medium", days: int = 30) -> list:
    return [
        make_request(
            organiser=personas.organiser,
            unit=faculty,
            submit=True,
            level=level,
            title=f"Event {next(counter)}",
            starts_at=timezone.now() + timedelta(days=days, hours=n),
        )
        for n in range(n)
    ]


def _approve_with_conditions(personas, faculty, reviewers, n: int) -> None:
    for request in _submit(personas, faculty, n, days=20):
        services.decide(
            acting_user=reviewers["prevent"], event_request=request, facts=approval(conditions=True)
        )


# --- Selectors (run on this branch) --------------------------------------------------


def test_review_queue_selector(personas, faculty, reviewers):
    assert_constant_queries(
        get_page=lambda: selectors.review_queue(user=_fresh(reviewers["prevent"])),
        add_rows=lambda n: _submit(personas, faculty, n),
    )


def test_organiser_list_selector(personas, faculty, reviewers):
    assert_constant_queries(
        get_page=lambda: selectors.my_requests(user=_fresh(personas.organiser)),
        add_rows=lambda n: _submit(personas, faculty, n),
    )


def test_request_view_selector(personas, faculty, reviewers):
    [request] = _submit(personas, faculty, 1)

    def add_rows(n):
        for _ in range(n):
            EventSpeaker.objects.create(request=request, name=f"Speaker {next(counter)}")
            services.add_note(acting_user=reviewers["prevent"], event_request=request, text="Seen.")

    def get_page():
        user = _fresh(reviewers["prevent"])
        return selectors.request_view(
            user=user, request=access.get_request_or_404(user, request.pk)
        )

    # Constant, but 15 with the user and the request fetched as the view does: over
    # the page bar of 12 before the page's own session queries (noted for main).
    assert_constant_queries(get_page=get_page, add_rows=add_rows, ceiling=16)


def test_calendar_selector(personas, faculty, reviewers):
    assert_constant_queries(
        get_page=lambda: selectors.calendar_events(
            user=_fresh(reviewers["security"]), start=timezone.localdate(), days=60
        ),
        add_rows=lambda n: _approve_with_conditions(personas, faculty, reviewers, n),
    )


# --- Pages ---------------------------------------------------------------------------


def test_calendar_page(personas, faculty, reviewers):
    client = client_for(reviewers["security"])
    assert_constant_queries(
        get_page=lambda: client.get(reverse("events:calendar")),
        add_rows=lambda n: _approve_with_conditions(personas, faculty, reviewers, n),
    )


@pytest.mark.parametrize("view", ["week", "month"])
def test_calendar_week_and_month_pages(personas, faculty, reviewers, view):
    client = client_for(reviewers["security"])
    on = (timezone.localdate() + timedelta(days=20)).isoformat()
    assert_constant_queries(
        get_page=lambda: client.get(reverse("events:calendar"), {"view": view, "on": on}),
        add_rows=lambda n: _approve_with_conditions(personas, faculty, reviewers, n),
    )


@needs_template("events/queue.html")
def test_queue_page(personas, faculty, reviewers):
    client = client_for(reviewers["prevent"])
    assert_constant_queries(
        get_page=lambda: client.get(reverse("events:queue")),
        add_rows=lambda n: _submit(personas, faculty, n),
    )


@needs_template("events/request_list.html")
def test_organiser_list_page(personas, faculty, reviewers):
    client = client_for(personas.organiser)
    assert_constant_queries(
        get_page=lambda: client.get(reverse("events:request-list")),
        add_rows=lambda n: _submit(personas, faculty, n),
    )


@needs_template("events/request_detail.html")
def test_request_page(personas, faculty, reviewers):
    [request] = _submit(personas, faculty, 1)
    client = client_for(reviewers["prevent"])

    def add_rows(n):
        for _ in range(n):
            EventSpeaker.objects.create(request=request, name=f"Speaker {next(counter)}")
            services.add_note(acting_user=reviewers["prevent"], event_request=request, text="Seen.")

    assert_constant_queries(
        get_page=lambda: client.get(reverse("events:request-detail", args=[request.pk])),
        add_rows=add_rows,
        # Known gap: the request page shows a dozen related lists (speakers, answers,
        # questions, notes, decisions with conditions, appeals, incidents, report,
        # history) plus the navigation counts. Constant, but over the usual 12.
        # Whether the reviewer's training is in date adds one (podium.training); the
        # speaker register adds three (podium/speakers): every speaker's history and
        # check summary in one query, the acknowledgements, the register settings.
        # Information sharing adds two (podium/sharing): partners' answers and open
        # requests about the speakers in one query, incoming disclosures in another.
        # The code of practice adds one (podium/governance): the versions in force at
        # the decisions and today, in one query. The reviewer's likely duplicates
        # of the speakers add one here (the candidate names; three more when there
        # are duplicates: tests/test_query_counts_speakers.py), and on PostgreSQL one
        # more before it (the names' nearest words, podium/speakers/selectors.py).
        # The route panel adds three (podium/events/route.py): the rule's steps, the
        # recommendations and their conditions (the step the request waits at is one
        # of the steps read). Issue 20 took two off (SQLite 26 -> 24, PostgreSQL
        # 27 -> 25): the post-event report comes with the request (a join), and
        # appeals are read only when there is a decision to appeal against (the
        # code-of-conduct acknowledgements, likewise, only when a speaker is linked
        # to the register).
        ceiling=25,
    )
