"""Issue 20: the speaker page of a very busy speaker is bounded. It shows the latest
`LATEST_APPEARANCES` event requests and `LATEST_CHECKS` checks with how many there are
in all, at a fixed number of queries, and links to the full lists, which page through
every row (keyset pagination) and are open only to who may see the speaker's history."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from podium.accounts.roles import Role
from podium.events.speakers.history import APPEARANCES_PAGE_SIZE, LATEST_APPEARANCES
from podium.speakers import services
from podium.speakers.selectors import CHECKS_PAGE_SIZE, LATEST_CHECKS
from podium.testing.factories import make_person_with_role
from podium.testing.personas import client_for
from podium.testing.queries import assert_constant_queries
from podium.testing.speakers import add_appearances, add_checks, restore_default_sources

pytestmark = pytest.mark.django_db

BUSY = 300


@pytest.fixture
def reviewer(institution):
    return make_person_with_role(Role.PREVENT_LEAD, institution)


@pytest.fixture
def speaker(reviewer):
    restore_default_sources()
    return services.create_speaker(
        acting_user=reviewer, facts=services.SpeakerFacts(name="Ines Adeyemi")
    )


def _rows(html: str, caption: str) -> list[str]:
    """The request links in the table captioned `caption`."""
    table = html.split(caption, 1)[1].split("</table>", 1)[0]
    return re.findall(r'href="/events/requests/(\d+)/"', table)


def _checks(html: str) -> int:
    return html.count("<h3>Checked ")


def test_the_speaker_page_shows_the_latest_with_counts_of_all(personas, faculty, reviewer, speaker):
    ids = add_appearances(speaker=speaker, organiser=personas.organiser, unit=faculty, n=BUSY)
    add_checks(speaker=speaker, checked_by=reviewer, n=LATEST_CHECKS + 5)
    html = client_for(reviewer).get(reverse("speakers:speaker-detail", args=[speaker.pk]))
    text = html.content.decode()
    shown = _rows(text, "Event requests this speaker was on")
    assert len(shown) == LATEST_APPEARANCES
    # Newest first: the requests were made each starting a day before the last, and
    # one in ten has no date (sorted by its creation, an hour before that day).
    assert [int(pk) for pk in shown] == ids[:LATEST_APPEARANCES]
    assert f"The latest {LATEST_APPEARANCES} of {BUSY} event requests." in text
    assert reverse("speakers:speaker-events", args=[speaker.pk]) in text
    assert f"Spoke here {BUSY} times" in text
    assert f"{BUSY // 5} incidents" in text
    assert _checks(text) == LATEST_CHECKS
    assert f"The latest {LATEST_CHECKS} of {LATEST_CHECKS + 5} checks." in text
    assert reverse("speakers:speaker-checks", args=[speaker.pk]) in text


def test_the_speaker_page_costs_the_same_queries_however_busy(personas, faculty, reviewer, speaker):
    def add_rows(n):
        # 1 then 49 more: 6 requests and a check for each, 300 requests in the end.
        add_appearances(speaker=speaker, organiser=personas.organiser, unit=faculty, n=6 * n)
        add_checks(speaker=speaker, checked_by=reviewer, n=n)

    client = client_for(reviewer)
    url = reverse("speakers:speaker-detail", args=[speaker.pk])
    assert_constant_queries(
        get_page=lambda: client.get(url),
        add_rows=add_rows,
        # 15 on SQLite, as before this page was bounded (when it also read and
        # rendered every row); PostgreSQL adds one (the likely duplicates' nearest
        # words, speakers.selectors). The summary is one aggregate query now, and an
        # institution-wide reviewer's access to the history needs none of its own.
        ceiling=16,
    )
    text = client.get(url).content.decode()
    assert len(_rows(text, "Event requests this speaker was on")) == LATEST_APPEARANCES
    assert _checks(text) == LATEST_CHECKS


def test_the_full_list_pages_through_every_request(personas, faculty, reviewer, speaker):
    ids = add_appearances(speaker=speaker, organiser=personas.organiser, unit=faculty, n=BUSY)
    client = client_for(reviewer)
    url = reverse("speakers:speaker-events", args=[speaker.pk])
    seen: list[int] = []
    pages = []
    next_url = url
    while next_url:
        text = client.get(next_url).content.decode()
        rows = [int(pk) for pk in _rows(text, "Event requests Ines Adeyemi was on")]
        assert 0 < len(rows) <= APPEARANCES_PAGE_SIZE
        seen += rows
        pages.append(next_url)
        found = re.search(r'href="\?after=([^"]+)" rel="next"', text)
        next_url = f"{url}?after={found.group(1)}" if found else ""
    assert seen == ids  # every request once, newest first
    assert len(pages) == -(-BUSY // APPEARANCES_PAGE_SIZE)
    # Back from the last page: the page before it.
    last = client.get(pages[-1]).content.decode()
    back = re.search(r'href="\?before=([^"]+)" rel="prev"', last)
    assert back
    previous = client.get(f"{url}?before={back.group(1)}").content.decode()
    expected = ids[
        -(BUSY % APPEARANCES_PAGE_SIZE or APPEARANCES_PAGE_SIZE) - APPEARANCES_PAGE_SIZE :
    ]
    assert [int(pk) for pk in _rows(previous, "Event requests Ines Adeyemi was on")] == expected[
        :APPEARANCES_PAGE_SIZE
    ]


def test_the_full_lists_cost_the_same_queries_however_long(personas, faculty, reviewer, speaker):
    def add_rows(n):
        add_appearances(speaker=speaker, organiser=personas.organiser, unit=faculty, n=n)
        add_checks(speaker=speaker, checked_by=reviewer, n=n)

    client = client_for(reviewer)
    for name in ("speakers:speaker-events", "speakers:speaker-checks"):
        url = reverse(name, args=[speaker.pk])

        def get_page(url: str = url) -> object:
            return client.get(url)

        assert_constant_queries(get_page=get_page, add_rows=add_rows)


def test_the_full_list_of_checks_pages_through_every_check(reviewer, speaker):
    add_checks(speaker=speaker, checked_by=reviewer, n=CHECKS_PAGE_SIZE + 7)
    client = client_for(reviewer)
    url = reverse("speakers:speaker-checks", args=[speaker.pk])
    first = client.get(url).content.decode()
    assert _checks(first) == CHECKS_PAGE_SIZE
    found = re.search(r'href="\?after=([^"]+)" rel="next"', first)
    assert found
    second = client.get(f"{url}?after={found.group(1)}").content.decode()
    assert _checks(second) == 7
    assert 'rel="next"' not in second


@pytest.mark.parametrize("name", ["speakers:speaker-events", "speakers:speaker-checks"])
def test_the_full_lists_are_for_who_may_see_the_history(personas, faculty, reviewer, speaker, name):
    add_appearances(speaker=speaker, organiser=personas.organiser, unit=faculty, n=3)
    url = reverse(name, args=[speaker.pk])
    # The organiser sees the speaker's public fields, never the history or checks.
    assert client_for(personas.organiser).get(url).status_code == 403
    assert client_for(personas.outsider).get(url).status_code == 403
    assert client_for(reviewer).get(url).status_code == 200
    assert client_for(reviewer).get(reverse(name, args=[speaker.pk + 1000])).status_code == 404
    organiser_page = client_for(personas.organiser).get(
        reverse("speakers:speaker-detail", args=[speaker.pk])
    )
    assert url not in organiser_page.content.decode()
