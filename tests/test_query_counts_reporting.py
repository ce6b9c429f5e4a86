"""The return costs the same number of queries whatever the year holds (QUALITY.md,
performance), and the request list behind one of its numbers is flat too."""

from __future__ import annotations

import itertools
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from podium.accounts.roles import Role
from podium.core import summaries
from podium.events import services
from podium.reporting import selectors
from podium.reporting.models import ReportingSettings
from podium.testing.events import approval, make_request, rejection
from podium.testing.factories import make_person_with_role
from podium.testing.governance import make_lead
from podium.testing.personas import client_for
from podium.testing.queries import as_committed, assert_constant_queries

counter = itertools.count()


def _decided(personas, faculty, officer, n: int) -> None:
    for i in range(n):
        request = make_request(
            organiser=personas.organiser,
            unit=faculty,
            submit=True,
            title=f"Event {next(counter)}",
            starts_at=timezone.now() + timedelta(days=30, hours=i),
        )
        facts = rejection() if i % 3 == 0 else approval(conditions=i % 3 == 1)
        services.decide(acting_user=officer, event_request=request, facts=facts)


def test_the_return_page_is_flat(personas, institution, faculty):
    # 17 at most: the return reads five apps (events 1, concerns 3, training 1,
    # governance 1, reporting 3 with the events policy) besides the layout's 7.
    ReportingSettings.current()
    officer = make_person_with_role(Role.EVENTS_OFFICER, faculty)
    client = client_for(make_lead(institution))
    year = selectors.current_year()
    client.get(reverse("reporting:return-detail"))  # the settings rows are made once
    summaries.rebuild()  # as the worker does once after install (podium/core/summaries.py)
    assert_constant_queries(
        get_page=lambda: client.get(f"{reverse('reporting:return-detail')}?year={year}"),
        add_rows=as_committed(lambda n: _decided(personas, faculty, officer, n)),
        ceiling=17,
    )


def test_the_requests_behind_a_number_are_flat(personas, institution, faculty):
    officer = make_person_with_role(Role.EVENTS_OFFICER, faculty)
    client = client_for(make_lead(institution))
    year = selectors.current_year()
    assert_constant_queries(
        get_page=lambda: client.get(
            f"{reverse('events:request-list')}?year={year}&bucket=conditions_prevent"
        ),
        add_rows=lambda n: _decided(personas, faculty, officer, n),
    )
