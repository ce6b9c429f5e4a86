"""The events' summary rows (podium/events/summaries.py) equal a recount after every
kind of change: each service marks the months it can move, in its own transaction.

After each step: every stored row no mark names equals a recount (so no change
went unmarked), the pages' figures read through the rows equal the live counts,
and once the marks are counted again (as after the commit) nothing is left marked
and the rows still equal a recount."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import time_machine

from podium.accounts.roles import Role
from podium.core import summaries
from podium.core.models import SummaryMark
from podium.events import selectors, services
from podium.events.models import EventRequest
from podium.events.services import RequestFacts, SpeakerFacts
from podium.events.summaries import KINDS, RETURN, months_of_year
from podium.privacy import retention
from podium.testing.events import approval, make_request, rejection
from podium.testing.factories import make_person_with_role

NOW = datetime(2025, 12, 1, 9, 0, tzinfo=UTC)


def at(day: date, hour: int = 18, minute: int = 0) -> datetime:
    from zoneinfo import ZoneInfo

    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo("Europe/London"))


def live_return(year: int) -> dict[str, dict[str, int]]:
    """The return's counts recounted live, as before the summaries."""
    starts, ends = (at(date(year, 8, 1), 0), at(date(year + 1, 8, 1), 0))
    from django.db.models import Q

    counts: dict[str, dict[str, int]] = {
        "requests": dict.fromkeys(selectors.RETURN_BUCKETS, 0),
        "speakers": dict.fromkeys(selectors.RETURN_BUCKETS, 0),
    }
    window = Q(starts_at__gte=starts, starts_at__lt=ends)
    for month in selectors.return_counts_by_month(window).values():
        for unit in ("requests", "speakers"):
            for bucket, n in month[unit].items():
                counts[unit][bucket] += n
    return counts


def assert_exact() -> None:
    for name in KINDS:
        assert summaries.differences(name) == [], name
    for year in (2025, 2026):
        got, want = selectors.return_counts(year=year), live_return(year)
        assert got == want, (
            year,
            {u: {k: (v, want[u][k]) for k, v in got[u].items() if v != want[u][k]} for u in got},
        )
    summaries.refresh_marked()
    assert not SummaryMark.objects.exists()
    for name in KINDS:
        assert summaries.differences(name) == [], name
    for year in (2025, 2026):
        assert selectors.return_counts(year=year) == live_return(year)


@pytest.fixture
def people(personas, institution, faculty):
    return {
        "organiser": personas.organiser,
        "officer": make_person_with_role(Role.EVENTS_OFFICER, faculty),
        "appeals": make_person_with_role(Role.APPEAL_DECIDER, institution),
        "faculty": faculty,
    }


def submitted(people: dict[str, Any], starts: datetime, **kw: Any) -> EventRequest:
    return make_request(
        organiser=people["organiser"],
        unit=people["faculty"],
        submit=True,
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        **kw,
    )


def test_the_monthly_rows_equal_a_recount_after_every_kind_of_change(people):
    officer, organiser = people["officer"], people["organiser"]
    with time_machine.travel(NOW, tick=False):
        first = submitted(people, at(date(2026, 1, 10)))
        summaries.rebuild(KINDS)
        assert summaries.read(RETURN, months_of_year(2025))  # built, read from the rows
        assert_exact()

        # Submit (with speakers), decide (approve, conditions, reject).
        two = [SpeakerFacts(name="Dr One"), SpeakerFacts(name="Dr Two")]
        a = submitted(people, at(date(2026, 3, 1)), speakers=two)
        assert_exact()
        services.decide(acting_user=officer, event_request=a, facts=approval(conditions=True))
        assert_exact()
        services.decide(acting_user=officer, event_request=first, facts=rejection())
        assert_exact()

        # Appeal lodged, then upheld with a new decision.
        services.lodge_appeal(acting_user=organiser, event_request=first, grounds="Lawful.")
        assert_exact()
        services.decide_appeal(
            acting_user=people["appeals"],
            event_request=EventRequest.objects.get(pk=first.pk),
            upheld=True,
            facts=approval(),
        )
        assert_exact()

        # A date change straddling 31 July on an approved event: from 2025-26 to
        # 2026-27, back for re-approval, then re-approved.
        b = submitted(people, at(date(2026, 7, 31), 18))
        services.decide(acting_user=officer, event_request=b, facts=approval())
        assert_exact()
        services.update_request(
            acting_user=organiser,
            event_request=EventRequest.objects.get(pk=b.pk),
            facts=RequestFacts(
                starts_at=at(date(2026, 8, 1), 0, 30), ends_at=at(date(2026, 8, 1), 2)
            ),
        )
        assert_exact()
        services.decide(
            acting_user=officer,
            event_request=EventRequest.objects.get(pk=b.pk),
            facts=replace(rejection(), rejection_category="prevent"),
        )
        assert_exact()

        # Speakers changed on an approved request (back for re-approval); withdrawn.
        c = submitted(people, at(date(2026, 5, 5)))
        services.decide(acting_user=officer, event_request=c, facts=approval())
        services.update_request(
            acting_user=organiser,
            event_request=EventRequest.objects.get(pk=c.pk),
            facts=RequestFacts(speakers=[SpeakerFacts(name="Dr Three")]),
        )
        assert_exact()
        services.withdraw_request(
            acting_user=organiser, event_request=EventRequest.objects.get(pk=c.pk)
        )
        assert_exact()

        # Lapsed undecided.
        d = submitted(people, at(date(2026, 7, 25)))
    assert d.starts_at is not None
    services.lapse_undecided(now=d.starts_at + timedelta(hours=1))
    assert_exact()

    # Retention: the declared anonymisation of requests and their speakers, then a
    # rule (the DPO's) deleting the speakers named on requests.
    later = datetime(2033, 1, 1, tzinfo=UTC)
    for label in ("events.eventrequest", "events.eventspeaker"):
        rt = retention.record_type(label)
        assert rt is not None
        rule = retention.effective_rule(rt, None)
        assert rule is not None
        with time_machine.travel(later, tick=False):
            retention.apply(rt, rule, later, {})
        assert_exact()
    rt = retention.record_type("events.eventspeaker")
    assert rt is not None
    deleting = retention.Rule(1, "request__starts_at", "delete", (), (), changed=True)
    with time_machine.travel(later, tick=False):
        assert retention.apply(rt, deleting, later, {})["done"] >= 1
    assert SummaryMark.objects.filter(name=RETURN, key=summaries.ALL).exists()
    assert_exact()
    assert selectors.return_counts(year=2025)["speakers"] == dict.fromkeys(
        selectors.RETURN_BUCKETS, 0
    )


def test_a_read_is_exact_while_a_mark_stands_and_writes_nothing(people):
    with time_machine.travel(NOW, tick=False):
        summaries.rebuild(KINDS)
        request = submitted(people, at(date(2026, 3, 1)))
        assert SummaryMark.objects.filter(name=RETURN).exists()  # not yet counted again
        counts = selectors.return_counts(year=2025)
        assert counts["requests"]["undecided"] == 1
        assert SummaryMark.objects.filter(name=RETURN).exists()  # the read wrote nothing
        services.decide(acting_user=people["officer"], event_request=request, facts=approval())
        assert selectors.return_counts(year=2025)["requests"]["approved"] == 1


def test_the_command_rebuilds_and_checks(people, capsys):
    from django.core.management import call_command

    with time_machine.travel(NOW, tick=False):
        submitted(people, at(date(2026, 3, 1)))
    call_command("summaries", *KINDS)
    call_command("summaries", "--check")
    assert f"{RETURN}: exact" in capsys.readouterr().out
    # A change that bypassed the services (a bulk load) is found by the check.
    EventRequest.objects.update(status="withdrawn")
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("summaries", "--check", *KINDS)
    call_command("summaries", *KINDS)
    call_command("summaries", "--check", *KINDS)
