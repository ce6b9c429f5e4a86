"""The yearly counts (issue 17, item 4): stages by ideology in an academic year
(1 August–31 July), formal referrals, and small-number suppression as data."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse

from podium.concerns.models import Case, ConcernSettings, Ideology, ReferralRoute
from podium.concerns.selectors import yearly_counts
from podium.core import academic_year
from podium.testing.personas import client_for

pytestmark = pytest.mark.django_db


def _case(people, ideology, *, lead=None, advice=None, referral=None, route="channel"):
    return Case.objects.create(
        raised_by=people.lecturer,
        raised_at=datetime(2024, 8, 1, 9, tzinfo=UTC),
        noticed="x",
        noticed_on=date(2024, 8, 1),
        ideology=ideology,
        lead_involved_on=lead,
        advice_sought_on=advice,
        advice_from="ct_policing" if advice else "",
        referral_on=referral,
        referral_route=route if referral else "",
    )


@pytest.fixture
def year(people):
    islamist, right = (
        Ideology.objects.get(name="Islamist"),
        Ideology.objects.get(name="Extreme right-wing"),
    )
    for _ in range(6):
        _case(people, islamist, lead=date(2024, 9, 1))
    _case(people, islamist, lead=date(2024, 8, 1), advice=date(2025, 7, 31))
    _case(people, right, lead=date(2025, 1, 1), advice=date(2025, 1, 2), referral=date(2025, 1, 3))
    _case(people, right, lead=date(2024, 7, 31))  # the year before
    _case(people, right, lead=date(2025, 8, 1))  # the year after
    return 2024


def _row(counts, label):
    return next(r for r in counts.rows if r.label == label)


def test_the_academic_year_runs_from_august_to_july():
    assert academic_year.start_of(date(2024, 8, 1)) == 2024
    assert academic_year.start_of(date(2025, 7, 31)) == 2024


def test_counts_for_the_case_roles_are_whole(year):
    counts = yearly_counts(year=year, suppress=False)
    islamist = _row(counts, "Islamist")
    assert (islamist.lead_involved.value, islamist.advice_sought.value) == (7, 1)
    right = _row(counts, "Extreme right-wing")
    assert (right.lead_involved.value, right.advice_sought.value, right.referred.value) == (1, 1, 1)
    assert counts.total.lead_involved.value == 8
    routes = {label: c.value for label, c in counts.referrals_by_route}
    assert routes[ReferralRoute.CHANNEL.label] == 1


def test_small_numbers_are_suppressed_outside_the_team(year):
    counts = yearly_counts(year=year, suppress=True)
    islamist = _row(counts, "Islamist")
    assert islamist.lead_involved.value == 7
    assert islamist.advice_sought.value is None
    assert str(islamist.advice_sought) == "fewer than 5"
    assert _row(counts, "Other").lead_involved.value == 0  # zero is not suppressed
    settings = ConcernSettings.current()
    settings.suppression_threshold = 10
    settings.save()
    assert _row(yearly_counts(year=year, suppress=True), "Islamist").lead_involved.value is None


@time_machine.travel(date(2025, 9, 1))
def test_the_auditor_sees_suppressed_counts_but_no_case(people, year):
    client = client_for(people.auditor)
    page = client.get(reverse("concerns:counts"), {"year": "2024"}).content.decode()
    assert "fewer than 5" in page and "Prevent cases in 2024–25" in page
    case = Case.objects.first()
    assert client.get(reverse("concerns:case-detail", args=[case.pk])).status_code == 404
    whole = client_for(people.lead).get(reverse("concerns:counts"), {"year": "2024"})
    assert "fewer than" not in whole.content.decode()
    assert client_for(people.lecturer).get(reverse("concerns:counts")).status_code == 403
    assert client.get(reverse("concerns:counts"), {"year": "x"}).status_code == 200


@time_machine.travel(date(2025, 9, 1))
def test_each_number_opens_the_cases_behind_it_for_the_case_roles(people, year):
    islamist = Ideology.objects.get(name="Islamist")
    lead = client_for(people.lead)
    page = lead.get(reverse("concerns:counts"), {"year": "2024"}).content.decode()
    link = f"?year=2024&amp;stage=advice&amp;ideology={islamist.pk}"
    assert link in page
    behind = lead.get(
        reverse("concerns:case-list"),
        {"year": "2024", "stage": "advice", "ideology": str(islamist.pk)},
    )
    assert len(behind.context["page"].items) == 1  # the number on the counts page
    every = lead.get(reverse("concerns:case-list"), {"year": "2024", "stage": "lead"})
    assert len(every.context["page"].items) == 8  # the total: every ideology
    # The auditor's suppressed counts link nowhere, and the case list is not theirs.
    assert (
        "stage=" not in client_for(people.auditor).get(reverse("concerns:counts")).content.decode()
    )
    assert client_for(people.auditor).get(reverse("concerns:case-list")).status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        {"year": "2024", "stage": "nonsense"},
        {"year": "x", "stage": "lead"},
        {"year": "2024", "stage": "lead", "ideology": "drop table"},
    ],
)
def test_a_malformed_drill_down_shows_the_open_cases(people, year, query):
    response = client_for(people.lead).get(reverse("concerns:case-list"), query)
    assert response.status_code == 200
    assert response.context["counted_in"] is None
