"""The dashboards' numbers against a hand-counted year (2025–26), who sees which
dashboard, and a query count that does not grow with the number of requests."""

from __future__ import annotations

import itertools
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse

from podium.accounts.roles import Role
from podium.events.models import Appeal, Decision, EventRequest, ReminderSent, Status
from podium.reporting import dashboards
from podium.reporting.dashboards import academic_year, chosen_year
from podium.testing import factories
from podium.testing.events import make_request
from podium.testing.personas import client_for
from podium.testing.queries import assert_constant_queries
from podium.testing.training import (
    complete,
    make_course,
    make_group,
    make_requirement,
    make_staff,
)

LONDON = ZoneInfo("Europe/London")
TODAY = datetime(2026, 10, 1, 12, 0, tzinfo=LONDON)
counter = itertools.count(1)
pytestmark = pytest.mark.django_db


def at(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """A moment in the institution's time zone (BST in summer)."""
    return datetime(year, month, day, hour, minute, tzinfo=LONDON)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def people(institution, faculty):
    make = factories.make_person_with_role
    return {
        "lead": make(Role.PREVENT_LEAD, institution),
        "governor": make(Role.GOVERNOR, institution),
        "auditor": make(Role.AUDITOR, institution),
        # The head of security of the Faculty of Arts alone: its requests only.
        "security": make(Role.HEAD_OF_SECURITY, faculty),
        "organiser": make(Role.ORGANISER, institution),
    }


def submitted(people, unit, when, status, *, given=10, required=10, fast=False):
    request = make_request(organiser=people["organiser"], unit=unit, title=f"Talk {next(counter)}")
    EventRequest.objects.filter(pk=request.pk).update(
        submitted_at=when,
        status=status,
        notice_given_days=given,
        notice_required_days=required,
        fast_tracked=fast,
        starts_at=at(2026, 9, 20, 18, 0),
    )
    return request


def decided(people, request, when, outcome="approved", *, on_appeal=False):
    return Decision.objects.create(
        request=request,
        outcome=outcome,
        decided_by=people["lead"],
        decided_at=when,
        rationale="Hand-made for the dashboards.",
        on_appeal=on_appeal,
        is_live=not on_appeal,
        rejection_category="procedural" if outcome == "rejected" else "",
        rejection_reason="Hand-made." if outcome == "rejected" else "",
    )


@pytest.fixture
def year_of_requests(people, faculty, other_faculty):
    """The hand-counted year. Arts: R1, R2, R5, R6; Science: R3, R4, R10."""
    arts, science = faculty, other_faculty
    r1 = submitted(people, arts, at(2025, 8, 1, 0, 30), Status.APPROVED)  # first half-hour
    r2 = submitted(people, arts, at(2025, 8, 20, 9), Status.REJECTED, given=3)
    r3 = submitted(
        people, science, at(2025, 10, 5, 9), Status.APPROVED_WITH_CONDITIONS, given=5, fast=True
    )
    submitted(people, science, at(2026, 3, 10, 9), Status.WITHDRAWN, given=20)
    submitted(people, arts, at(2026, 3, 11, 9), Status.LAPSED, given=None, required=None)
    # Submitted on 31 July at 23:30 (22:30 UTC), for an event in September: 2025–26.
    submitted(people, arts, at(2026, 7, 31, 23, 30), Status.IN_REVIEW, given=12)
    # Half an hour into 1 August 2026 (still 31 July in UTC): the next year.
    r7 = submitted(people, arts, at(2026, 8, 1, 0, 30), Status.APPROVED)
    # 31 July 2025 at 23:30: the year before.
    r8 = submitted(people, science, at(2025, 7, 31, 23, 30), Status.APPROVED)
    make_request(organiser=people["organiser"], unit=arts, title="A draft never submitted")
    submitted(people, science, at(2026, 1, 15, 9), Status.CANCELLED)

    d1 = decided(people, r1, at(2025, 8, 5, 10))
    ReminderSent.objects.create(
        request=r1, kind="reminder", step_started=at(2025, 8, 1), sent_at=at(2025, 8, 4)
    )
    d2 = decided(people, r2, at(2025, 9, 2, 10), "rejected")
    ReminderSent.objects.create(
        request=r2, kind="timeout", step_started=at(2025, 8, 20), sent_at=at(2025, 8, 29)
    )
    d3 = decided(people, r3, at(2025, 10, 6, 10), "approved_with_conditions")
    # A deadline warning after the decision does not make it late.
    ReminderSent.objects.create(
        request=r3, kind="overdue", step_started=at(2025, 10, 5), sent_at=at(2025, 10, 10)
    )
    decided(people, r3, at(2025, 11, 1, 10), on_appeal=True)
    decided(people, r7, at(2026, 8, 3, 10))
    # A request of the year before decided in August 2025 counts in August 2025.
    d8 = decided(people, r8, at(2025, 8, 2, 10))

    def appeal(request, against, when, status):
        Appeal.objects.create(
            request=request,
            against=against,
            grounds="Hand-made.",
            lodged_by=people["organiser"],
            lodged_at=when,
            status=status,
        )

    appeal(r2, d2, at(2025, 9, 10, 9), "dismissed")
    appeal(r3, d3, at(2025, 10, 20, 9), "upheld")
    appeal(r8, d8, at(2025, 7, 31, 23, 30), "dismissed")  # the year before
    appeal(r1, d1, at(2026, 7, 31, 23, 59), "lodged")


def charts(people, who, slug, year="2025"):
    response = client_for(people[who]).get(reverse(f"reporting:dashboard-{slug}"), {"year": year})
    assert response.status_code == 200
    return {chart.id: chart for chart in response.context["charts"]}


def values(chart):
    return {s.name: list(s.values) for s in chart.series}


Z = [0] * 12


def months(**counts: int) -> list[int]:
    """Twelve monthly values, August first: months(aug=1, jul=2)."""
    names = ["aug", "sep", "oct", "nov", "dec", "jan", "feb", "mar", "apr", "may", "jun", "jul"]
    return [counts.get(name, 0) for name in names]


def test_requests_by_month_and_outcome(people, year_of_requests):
    chart = charts(people, "lead", "requests")["requests"]
    assert chart.categories[0] == "August 2025" and chart.categories[-1] == "July 2026"
    assert values(chart) == {
        "Approved": months(aug=1),
        "With conditions": months(oct=1),
        "Rejected": months(aug=1),
        "Withdrawn or cancelled": months(jan=1, mar=1),
        "Lapsed": months(mar=1),
        "Still open": months(jul=1),
    }
    assert chart.grand_total == "7"


def test_the_head_of_security_sees_the_requests_of_their_unit_only(people, year_of_requests):
    chart = charts(people, "security", "requests")["requests"]
    assert values(chart) == {
        "Approved": months(aug=1),
        "With conditions": Z,
        "Rejected": months(aug=1),
        "Withdrawn or cancelled": Z,
        "Lapsed": months(mar=1),
        "Still open": months(jul=1),
    }


def test_notice_given_against_required(people, year_of_requests):
    found = charts(people, "governor", "notice")
    assert values(found["notice"]) == {
        "Enough notice": months(aug=1, jan=1, mar=2, jul=1),
        "Late, fast-tracked": months(oct=1),
        "Late": months(aug=1),
    }
    days = values(found["notice-days"])
    # August: 10 and 3 days given, 10 required each; March: only R4 has a period.
    assert days["Given"][0] == 6.5 and days["Required"][0] == 10
    assert days["Given"][7] == 20 and days["Required"][7] == 10
    assert days["Given"][1] is None  # nothing submitted in September


def test_review_turnaround_against_the_step_deadlines(people, year_of_requests):
    found = charts(people, "auditor", "turnaround")
    assert values(found["turnaround"]) == {
        "Within the step deadlines": months(aug=2, oct=1),
        "After a step deadline passed": months(sep=1),
    }
    share = values(found["turnaround-share"])["Within the deadlines"]
    assert share[:4] == [100, 0, 100, None]


def test_appeals_and_their_outcomes(people, year_of_requests):
    chart = charts(people, "lead", "appeals")["appeals"]
    assert values(chart) == {
        "Awaiting a decision": months(jul=1),
        "Upheld": months(oct=1),
        "Dismissed": months(sep=1),
    }


def test_the_year_before_has_its_own_counts(people, year_of_requests):
    chart = charts(people, "lead", "requests", year="2024")["requests"]
    assert values(chart)["Approved"] == months(jul=1)


def test_the_current_year_stops_at_this_month(people, year_of_requests):
    chart = charts(people, "lead", "requests", year="2026")["requests"]
    assert chart.categories == ("August 2026", "September 2026", "October 2026")
    assert values(chart)["Approved"] == [1, 0, 0]


@pytest.mark.parametrize("year", ["", "abc", "1999", "2030", "２０２５"])
def test_a_year_not_offered_shows_this_year(year):
    assert chosen_year(year, date(2026, 10, 1)).start == 2026


def test_every_request_status_is_one_outcome():
    named = [status for _, statuses in dashboards.OUTCOMES for status in statuses]
    assert sorted(named) == sorted(Status.values)


def test_the_year_turns_at_midnight_on_1_august_in_london():
    year = academic_year(2025, date(2026, 10, 1))
    assert year.begins == at(2025, 8, 1) and year.ends == at(2026, 8, 1)
    assert len(year.months) == 12


@pytest.fixture
def training_year(people, institution, faculty, other_faculty):
    course, group = make_course(), make_group()
    make_requirement(course, group, renew_every_months=12)
    history = factories.make_unit(parent=faculty, name="History")
    arts = make_staff("S1", history, group=group, started_on=date(2020, 1, 6))
    complete(arts, course, date(2025, 6, 1))
    make_staff("S2", other_faculty, group=group, started_on=date(2026, 1, 10))
    science = make_staff("S3", other_faculty, group=group, started_on=date(2020, 1, 6))
    complete(science, course, date(2026, 2, 15))


def test_training_in_date_at_each_month_end_by_top_level_unit(people, training_year):
    chart = charts(people, "governor", "training")["training"]
    found = values(chart)
    assert found["Whole institution"] == [50, 50, 50, 50, 50, 33.3] + [66.7] * 4 + [33.3] * 2
    # Lowest at the end of July first: Arts (0%), then Science (50%).
    assert list(found) == ["Whole institution", "Faculty of Arts", "Faculty of Science"]
    # History's person counts towards the Faculty of Arts; due again on 1 June 2026.
    assert found["Faculty of Arts"] == [100] * 10 + [0, 0]
    # Science: S3 renewed in February; S2 started in January and never trained.
    assert found["Faculty of Science"] == [0] * 6 + [50] * 6


@pytest.mark.parametrize(
    ("bound", "drawn"), [(2, ["Faculty of Arts", "Faculty of Science"]), (1, ["Faculty of Arts"])]
)
def test_the_every_unit_chart_is_bounded_to_the_least_in_date(
    people, training_year, monkeypatch, bound, drawn
):
    monkeypatch.setattr(dashboards, "TRAINING_LINES", 1)
    monkeypatch.setattr(dashboards, "TRAINING_ALL_LINES", bound)
    chart = charts(people, "governor", "training")["training-all"]
    assert list(values(chart)) == drawn
    assert chart.title.startswith("Every top-level unit" if bound == 2 else "The 1 top-level")


def test_the_head_of_security_has_no_training_dashboard(people):
    response = client_for(people["security"]).get(reverse("reporting:dashboard-training"))
    assert response.status_code == 403
    index = client_for(people["security"]).get(reverse("reporting:dashboard-index"))
    assert [d.slug for d in index.context["dashboards"]] == [
        "requests",
        "notice",
        "turnaround",
        "appeals",
    ]


def test_an_organiser_has_no_dashboards(people):
    assert (
        client_for(people["organiser"]).get(reverse("reporting:dashboard-index")).status_code == 403
    )


def test_the_home_card_counts_this_years_requests_and_late_ones(people, year_of_requests):
    (card,) = dashboards.home_cards(people["lead"])
    assert card.title == "Prevent dashboards, 2026–27"
    assert [(f.text, f.count) for f in card.figures] == [
        ("event request submitted since 1 August (the dashboards count these)", 1),
        ("submitted late", 0),
    ]
    assert dashboards.home_cards(people["organiser"]) == []


def test_the_navigation_names_the_dashboards_for_those_who_read_them(people):
    assert [i.label for i in dashboards.navigation(people["security"])] == ["Dashboards"]
    assert dashboards.navigation(people["organiser"]) == []


# --- Query counts: the same with 1 request as with 50 -----------------------------------


@pytest.mark.parametrize("slug", [d.slug for d in dashboards.DASHBOARDS])
def test_each_dashboard_costs_the_same_queries_whatever_the_requests(
    people, faculty, other_faculty, slug
):
    course, group = make_course(), make_group()
    make_requirement(course, group, renew_every_months=12)
    client = client_for(people["lead"])

    def add_rows(n: int) -> None:
        for k in range(n):
            unit = faculty if k % 2 else other_faculty
            request = submitted(people, unit, at(2025, 8 + k % 5, 3, 9), Status.APPROVED)
            decision = decided(people, request, at(2025, 8 + k % 5, 10, 9))
            Appeal.objects.create(
                request=request,
                against=decision,
                grounds="g",
                lodged_by=people["organiser"],
                lodged_at=at(2025, 12, 1, 9),
            )
            staff = make_staff(f"Q{next(counter)}", unit, group=group)
            complete(staff, course, date(2025, 9, 1))

    assert_constant_queries(
        get_page=lambda: client.get(reverse(f"reporting:dashboard-{slug}"), {"year": "2025"}),
        add_rows=add_rows,
    )
