"""Each number of the return against a hand-counted fixture: the academic year
2025–26 (1 August 2025 to 31 July 2026), decided by the event's start in UK time."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import time_machine
from django.urls import reverse

from podium.accounts.roles import Role
from podium.concerns.models import EventCategory, ReportableEvent
from podium.events import services
from podium.events.models import EventRequest
from podium.events.services import ConditionFacts, RequestFacts, SpeakerFacts
from podium.reporting import selectors
from podium.reporting.models import Jurisdiction, ReportingSettings
from podium.testing.events import approval, make_request, rejection
from podium.testing.factories import make_person_with_role
from podium.testing.governance import make_governor, make_lead
from podium.testing.personas import client_for
from podium.testing.training import complete, make_course, make_staff

NOW = datetime(2025, 9, 1, 9, 0, tzinfo=UTC)


def at(day: date, hour: int = 18, minute: int = 0) -> datetime:
    """A moment in UK local time (BST in summer)."""
    from zoneinfo import ZoneInfo  # only here: the fixture's clock

    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture
def people(personas, institution, faculty):
    return {
        "organiser": personas.organiser,
        "officer": make_person_with_role(Role.EVENTS_OFFICER, faculty, full_name="Eve Officer"),
        "appeals": make_person_with_role(Role.APPEAL_DECIDER, institution, full_name="Al Appeal"),
        "lead": make_lead(institution, full_name="Pat Prevent"),
        "governor": make_governor(institution, full_name="Gill Governor"),
    }


def request_on(people: dict[str, Any], unit: Any, starts: datetime, **kw: Any) -> EventRequest:
    return make_request(
        organiser=people["organiser"],
        unit=unit,
        submit=True,
        starts_at=starts,
        ends_at=kw.pop("ends_at", starts + timedelta(hours=2)),
        **kw,
    )


@pytest.fixture
def year_2025(people, faculty):
    """Eleven requests in 2025–26, one just after it, one draft never submitted."""
    officer, organiser = people["officer"], people["organiser"]

    def decide(request: EventRequest, facts: Any) -> None:
        services.decide(acting_user=officer, event_request=request, facts=facts)

    with time_machine.travel(NOW, tick=False):
        lapsing = request_on(people, faculty, at(date(2025, 10, 1)))  # I: lapsed
        made = {"I": lapsing}
        made["A"] = request_on(people, faculty, at(date(2026, 1, 10)))
        decide(made["A"], approval())
        two = [SpeakerFacts(name="Dr One"), SpeakerFacts(name="Dr Two")]
        made["B"] = request_on(people, faculty, at(date(2026, 1, 11)), speakers=two)
        decide(made["B"], approval(conditions=True))
        made["C"] = request_on(people, faculty, at(date(2026, 1, 12)))
        decide(
            made["C"],
            replace(
                approval(conditions=True),
                conditions=[ConditionFacts(text="Stewards", owner="Security")],
            ),
        )
        made["D"] = request_on(people, faculty, at(date(2026, 1, 13)))
        decide(made["D"], rejection())
        made["E"] = request_on(people, faculty, at(date(2026, 1, 14)))  # appeal pending
        decide(
            made["E"],
            replace(rejection(), rejection_category="procedural", rejection_reason="Late form."),
        )
        services.lodge_appeal(acting_user=organiser, event_request=made["E"], grounds="Not late.")
        made["F"] = request_on(people, faculty, at(date(2026, 1, 15)))  # appeal upheld
        decide(made["F"], replace(rejection(), rejection_category="prevent", rejection_reason="X"))
        services.lodge_appeal(acting_user=organiser, event_request=made["F"], grounds="Lawful.")
        services.decide_appeal(
            acting_user=people["appeals"],
            event_request=made["F"],
            upheld=True,
            facts=approval(),
        )
        made["G"] = request_on(people, faculty, at(date(2026, 1, 16)))  # re-approved
        decide(made["G"], approval())
        services.update_request(
            acting_user=organiser, event_request=made["G"], facts=RequestFacts(venue="Hall 2")
        )
        decide(EventRequest.objects.get(pk=made["G"].pk), approval())
        made["H"] = request_on(people, faculty, at(date(2026, 1, 17)))
        services.withdraw_request(acting_user=organiser, event_request=made["H"])
        made["J"] = request_on(people, faculty, at(date(2026, 2, 1)))  # still in review
        # K straddles 31 July: it starts in 2025–26 and counts there.
        made["K"] = request_on(
            people, faculty, at(date(2026, 7, 31), 18), ends_at=at(date(2026, 8, 1), 1)
        )
        decide(made["K"], approval())
        # L starts at 00:30 BST on 1 August (23:30 UTC on 31 July): 2026/27.
        made["L"] = request_on(people, faculty, at(date(2026, 8, 1), 0, 30))
        decide(made["L"], approval())
        make_request(organiser=organiser, unit=faculty, starts_at=at(date(2026, 3, 1)))
    assert lapsing.starts_at is not None
    services.lapse_undecided(now=lapsing.starts_at + timedelta(hours=1))
    return made


EXPECTED_REQUESTS = {
    "approved": 4,  # A, F (appeal upheld), G (re-approved, once), K (straddling)
    "conditions_prevent": 1,  # B
    "conditions_other": 1,  # C
    "rejected_health_and_safety": 1,  # D
    "rejected_procedural": 1,  # E (appeal pending: the rejection stands)
    "rejected_prevent": 0,  # F's rejection was overturned
    "rejected_other": 0,
    "rejected": 2,
    "withdrawn": 1,  # H
    "lapsed": 1,  # I
    "undecided": 1,  # J
    "all": 11,
}


def test_each_request_number_matches_the_hand_count(year_2025, people):
    report = selectors.the_return(year=2025, user=people["lead"])
    figures = report.figures
    assert {k: figures[f"events.requests.{k}"] for k in EXPECTED_REQUESTS} == EXPECTED_REQUESTS


def test_speakers_are_counted_per_appearance(year_2025, people):
    figures = selectors.the_return(year=2025, user=people["lead"]).figures
    assert figures["events.speakers.conditions_prevent"] == 2  # B names two speakers
    assert figures["events.speakers.approved"] == 4
    assert figures["events.speakers.all"] == 12


def test_the_event_start_in_uk_time_decides_the_year(year_2025, people):
    later = selectors.the_return(year=2026, user=people["lead"]).figures
    assert later["events.requests.approved"] == 1  # L only
    assert later["events.requests.all"] == 1


def test_each_rejection_is_listed_with_its_words(year_2025, people):
    rejections = selectors.the_return(year=2025, user=people["lead"]).rejections
    assert [(r.reference, r.category, r.reason) for r in rejections] == sorted(
        [
            (
                year_2025["D"].reference,
                "health_and_safety",
                "The expected audience is three times the room's capacity.",
            ),
            (year_2025["E"].reference, "procedural", "Late form."),
        ]
    )


@time_machine.travel(datetime(2026, 9, 1, 9, tzinfo=UTC), tick=False)
def test_the_export_lists_a_rejections_words_only_where_its_number_is_shown(year_2025, people):
    client = client_for(people["lead"])
    url = reverse("reporting:return-export") + "?year=2025"
    # One health-and-safety and one procedural rejection: both numbers are below
    # five and withheld, so listing their reasons would reveal them.
    withheld = client.get(url).content.decode()
    assert "Late form." not in withheld
    assert "three times the room's capacity" not in withheld
    assert "Rejections and their reasons,Withheld" in withheld
    pack = client.get(reverse("reporting:return-pack") + "?year=2025").content.decode()
    assert "Late form." not in pack and "listing them would reveal the number" in pack
    row = ReportingSettings.current()
    row.suppression_threshold = 1
    row.save()
    shown = client.get(url).content.decode()
    assert f"Rejections and their reasons,{year_2025['E'].reference},Procedural,Late form." in shown
    assert "Rejections and their reasons,Withheld" not in shown
    team = client.get(reverse("reporting:return-detail") + "?year=2025").content.decode()
    assert "Late form." in team


def test_a_number_opens_the_requests_behind_it(year_2025, people):
    response = client_for(people["lead"]).get(
        reverse("events:request-list") + "?year=2025&bucket=approved"
    )
    assert response.status_code == 200
    shown = {r.reference for r in response.context["page"].items}
    assert shown == {year_2025[k].reference for k in "AFGK"}


BEHIND = {
    "approved": "AFGK",
    "conditions_prevent": "B",
    "conditions_other": "C",
    "rejected_health_and_safety": "D",
    "rejected_procedural": "E",
    "rejected_prevent": "",
    "rejected_other": "",
    "rejected": "DE",
    "withdrawn": "H",
    "lapsed": "I",
    "undecided": "J",
    "all": "ABCDEFGHIJK",
}


@pytest.mark.parametrize("bucket", BEHIND)
def test_every_number_opens_exactly_the_requests_it_counts(year_2025, people, bucket):
    """The list behind each number holds the hand-counted requests, as many as the
    number says (so the link and the count cannot drift apart)."""
    response = client_for(people["lead"]).get(
        reverse("events:request-list") + f"?year=2025&bucket={bucket}"
    )
    shown = {r.reference for r in response.context["page"].items}
    assert shown == {year_2025[k].reference for k in BEHIND[bucket]}
    assert len(shown) == EXPECTED_REQUESTS[bucket]


def test_training_and_reportable_events_are_counted_in_the_year(people, institution):
    induction = make_course("Induction", code="IND")
    refresher = make_course("Refresher", code="REF", category="refresher")
    alice = make_staff("S1", institution)
    bob = make_staff("S2", institution)
    complete(alice, induction, date(2025, 8, 1))
    complete(alice, refresher, date(2026, 7, 31))
    complete(bob, induction, date(2025, 9, 1))
    complete(bob, induction, date(2025, 10, 1))  # the same person again: once
    complete(bob, refresher, date(2026, 8, 1))  # the next year
    for day, category in [
        (date(2025, 12, 1), EventCategory.SERIOUS_INCIDENT),
        (date(2025, 7, 31), EventCategory.SERIOUS_INCIDENT),  # the year before
        (date(2026, 3, 1), EventCategory.CHANGE_OF_CIRCUMSTANCE),
    ]:
        ReportableEvent.objects.create(
            occurred_on=day, category=category, description="x", recorded_by=people["lead"]
        )
    figures = selectors.the_return(year=2025, user=people["governor"]).figures
    assert figures["training.induction"] == 2
    assert figures["training.refresher"] == 1
    assert figures["training.broader"] == 0
    assert figures["governance.serious_incident"] == 1
    assert figures["governance.change_of_circumstance"] == 1


@pytest.mark.parametrize(
    ("chosen", "title", "words"),
    [
        ("", "Prevent accountability and data return", "Office for Students"),
        (Jurisdiction.WALES, "Prevent accountability and data return", "Medr"),
        (Jurisdiction.SCOTLAND, "Prevent summary for the governing body", "PMAP"),
    ],
)
def test_the_return_speaks_for_the_jurisdiction(people, chosen, title, words):
    row = ReportingSettings.current()
    row.jurisdiction = chosen
    row.save()
    response = client_for(people["lead"]).get(reverse("reporting:return-detail") + "?year=2025")
    assert response.context["report"].title == title
    assert words in response.content.decode()


def test_scotland_follows_the_events_policy_nation(people):
    from podium.events.models import EventsPolicy  # the setting the return follows

    policy = EventsPolicy.current()
    policy.nation = "SCT"
    policy.save()
    assert selectors.jurisdiction() == Jurisdiction.SCOTLAND


def test_a_viewer_who_may_not_drill_in_is_told_so(people):
    response = client_for(people["governor"]).get(reverse("reporting:return-detail"))
    body = response.content.decode()
    assert "Not open to you: the requests are for reviewers." in body
    assert "?year=" not in body.split("section-events")[1].split("</table>")[0]


def test_a_case_number_opens_the_cases_behind_it_for_the_case_roles(people):
    lead = selectors.the_return(year=2025, user=people["lead"])
    cases = next(t for t in lead.tables if t.slug == "cases")
    total = next(r for r in cases.rows if r.total)
    assert total.cells[0].link == (
        reverse("concerns:case-list") + "?year=2025&stage=lead&ideology="
    )
    governor = selectors.the_return(year=2025, user=people["governor"])
    for row in next(t for t in governor.tables if t.slug == "cases").rows:
        assert all("case-list" not in c.link and "/cases/" not in c.link for c in row.cells)


def test_the_return_page_has_a_fixed_number_of_queries(
    people, faculty, django_assert_max_num_queries
):
    client = client_for(people["lead"])
    client.get(reverse("reporting:return-detail") + "?year=2025")  # warm caches
    with django_assert_max_num_queries(30) as small:
        client.get(reverse("reporting:return-detail") + "?year=2025")
    with time_machine.travel(NOW, tick=False):
        for n in range(5):
            request_on(people, faculty, at(date(2026, 2, 1 + n)))
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("reporting:return-detail") + "?year=2025")


def test_the_transparency_figures_are_suppressed(year_2025):
    figures = selectors.transparency_figures(year=2025)["figures"]
    assert figures == {
        "approved": "<5",  # 4
        "conditions_prevent": "<5",
        "conditions_other": "<5",
        "rejected_health_and_safety": "<5",
        "rejected_procedural": "<5",
        "rejected_prevent": "0",
        "rejected_other": "0",
        "rejected": "<5",
        "decided": "8",  # every part is withheld already: the total reveals none
        "appeal_lodged": "<5",  # E pending, F upheld
        "appeal_upheld": "<5",
        "appeal_dismissed": "0",
        "appeal_pending": "<5",
        "complaint_upheld": "0",
        "complaint_partly_upheld": "0",
        "complaint_not_upheld": "0",
        "complaint_withdrawn": "0",
        "complaint_open": "0",
        "complaint_received": "0",
    }
