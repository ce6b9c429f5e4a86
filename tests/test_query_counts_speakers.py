"""Speaker register pages cost the same number of queries with 1 row as with 50
(QUALITY.md, performance): search results, a speaker's page with its events and
checks, and the re-checks list."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from podium.accounts.roles import Role
from podium.events.services import SpeakerFacts
from podium.speakers import services
from podium.testing.events import make_request
from podium.testing.factories import make_person_with_role
from podium.testing.personas import client_for
from podium.testing.queries import assert_constant_queries
from podium.testing.speakers import restore_default_sources

pytestmark = pytest.mark.django_db
counter = itertools.count()


@pytest.fixture
def reviewer(institution):
    return make_person_with_role(Role.PREVENT_LEAD, institution)


def _add(user, name):
    return services.create_speaker(acting_user=user, facts=services.SpeakerFacts(name=name))


def _check(reviewer, speaker, *, overdue=False):
    today = timezone.localdate()
    services.record_check(
        acting_user=reviewer,
        speaker=speaker,
        sources=restore_default_sources()[:2],
        checked_on=today - timedelta(days=400) if overdue else today,
        findings="Nothing found.",
        recheck_after=today - timedelta(days=1) if overdue else None,
    )


def test_search_results(personas):
    def add_rows(n):
        for _ in range(n):
            _add(personas.organiser, f"Muhammad al-Hasan {next(counter)}")

    client = client_for(personas.organiser)
    assert_constant_queries(
        get_page=lambda: client.get(reverse("speakers:speaker-list"), {"q": "Mohamed Al Hassan"}),
        add_rows=add_rows,
    )


@pytest.mark.parametrize(
    "query", [{}, {"check": "recheck"}, {"check": "never"}, {"merged": "on"}, {"spoke_in": "2026"}]
)
def test_register_browse(reviewer, query):
    def add_rows(n):
        for _ in range(n):
            speaker = _add(reviewer, f"Dr Browse {next(counter)}")
            _check(reviewer, speaker, overdue=True)
            _add(reviewer, f"Prof. Never {next(counter)}")

    client = client_for(reviewer)
    assert_constant_queries(
        get_page=lambda: client.get(reverse("speakers:speaker-list"), query),
        add_rows=add_rows,
    )


def test_speaker_page_with_events_and_checks(personas, faculty, reviewer):
    speaker = _add(reviewer, "Muhammad al-Hasan")

    def add_rows(n):
        for _ in range(n):
            make_request(
                organiser=personas.organiser,
                unit=faculty,
                title=f"Talk {next(counter)}",
                speakers=[SpeakerFacts(name="Muhammad al-Hasan", speaker_id=speaker.pk)],
            )
            _check(reviewer, speaker)

    client = client_for(reviewer)
    assert_constant_queries(
        get_page=lambda: client.get(reverse("speakers:speaker-detail", args=[speaker.pk])),
        add_rows=add_rows,
        # Information sharing's section (podium/sharing) adds two: partners' answers and
        # open requests in one query, incoming disclosures in another. On PostgreSQL
        # the likely duplicates' nearest words are one more (speakers.selectors).
        # Issue 20: 13 on SQLite (an institution-wide reviewer's access to the
        # restricted fields needs no query of its own: speakers.access).
        ceiling=14,
    )


def test_rechecks_page(reviewer):
    def add_rows(n):
        for _ in range(n):
            _check(reviewer, _add(reviewer, f"Speaker {next(counter)}"), overdue=True)

    client = client_for(reviewer)
    assert_constant_queries(
        get_page=lambda: client.get(reverse("speakers:rechecks")), add_rows=add_rows
    )


def test_request_page_with_each_speakers_likely_duplicates(personas, faculty, reviewer):
    """Issue 14, item 12: the reviewer's panel lists every speaker's likely duplicates
    with their facts, at a fixed cost however many speakers the request has."""
    from podium.events.models import EventSpeaker

    request = make_request(
        organiser=personas.organiser, unit=faculty, submit=True, title="Many speakers"
    )

    def add_rows(n):
        for _ in range(n):
            name = f"Speaker {next(counter)}"
            speaker = _add(reviewer, name)
            _check(reviewer, _add(reviewer, name))  # the duplicate, checked
            EventSpeaker.objects.create(request=request, name=name, speaker=speaker)

    client = client_for(reviewer)
    url = reverse("events:request-detail", args=[request.pk])
    add_rows(1)
    assert "Likely duplicates of" in client.get(url).content.decode()
    assert_constant_queries(
        get_page=lambda: client.get(url),
        add_rows=add_rows,
        # As tests/test_query_counts_events.py's request page (24), plus the likely
        # duplicates: the candidate names, their records, their facts, and which of
        # the request's speakers the reviewer may merge.
        # +3: the route panel (tests/test_query_counts_events.py); +1 on PostgreSQL:
        # the nearest words of the speakers' names (speakers.selectors). Measured: 27
        # on SQLite, 28 on PostgreSQL (issue 20: 29 and 30 before, the post-event
        # report now joined to the request and appeals read only after a decision).
        ceiling=28,
    )
