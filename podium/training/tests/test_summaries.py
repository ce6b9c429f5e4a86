"""Training's summary rows (podium/training/summaries.py) equal a recount after every
kind of change: completions recorded one at a time and in bulk (either side of 31
July), a course's category, a staff group's name, a unit moved in the tree, a
requirement added, and retention deleting completions and staff."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.db.models import Count
from django.utils import timezone

from podium.accounts import services as accounts
from podium.accounts.models import User
from podium.core import summaries
from podium.core.models import SummaryMark
from podium.privacy import retention
from podium.testing.factories import make_unit
from podium.testing.training import make_course, make_group, make_requirement, make_staff
from podium.training import selectors, services
from podium.training.models import RequirementStatus, ReturnCategory
from podium.training.rules import Status
from podium.training.summaries import COMPLIANCE, HOME, STATUS, YEARLY

TODAY = datetime(2025, 9, 15, 12, 0, tzinfo=UTC)
KINDS = (YEARLY, STATUS, COMPLIANCE, HOME)
MONTH_ENDS = [date(2025, 8, 31), date(2025, 9, 15)]


def live_home_figures() -> dict[str, int]:
    """The training home card's figures counted from the status rows themselves."""
    today = timezone.localdate()
    shown = (Status.OVERDUE, Status.DUE_SOON, Status.NEVER)
    return RequirementStatus.objects.aggregate(
        **{s.value: Count("pk", filter=selectors.status_q(s, today)) for s in shown}
    )


def assert_exact(lead: User) -> None:
    for name in KINDS:
        assert summaries.differences(name) == [], name
    # The home card of an institution-wide viewer reads the status rows' summary.
    assert selectors.home_figures(user=lead) == live_home_figures()
    reads = (
        selectors.return_counts(year=2024),
        selectors.return_counts(year=2025),
        selectors.compliance_by_top_unit(user=lead, month_ends=MONTH_ENDS),
        selectors.dashboard(user=lead).total.counts,
        selectors.home_figures(user=lead),
    )
    summaries.refresh_marked()
    assert not SummaryMark.objects.exists()
    for name in KINDS:
        assert summaries.differences(name) == [], name
    assert reads == (
        selectors.return_counts(year=2024),
        selectors.return_counts(year=2025),
        selectors.compliance_by_top_unit(user=lead, month_ends=MONTH_ENDS),
        selectors.dashboard(user=lead).total.counts,
        selectors.home_figures(user=lead),
    )
    assert selectors.home_figures(user=lead) == live_home_figures()


@pytest.fixture
def lead(institution):
    from podium.testing.governance import make_lead

    return make_lead(institution)


def test_the_training_rows_equal_a_recount_after_every_kind_of_change(
    institution, faculty, lead, personas
):
    administrator = personas.admin
    with time_machine.travel(TODAY, tick=False):
        group = make_group()
        course = make_course()
        other = make_course("Safeguarding", category=ReturnCategory.BROADER)
        make_requirement(course, group)
        department = make_unit(parent=faculty, name="Department of Tests")
        first = make_staff("S1", faculty, group=group)
        second = make_staff("S2", department, group=group)
        summaries.rebuild(KINDS)
        for day in MONTH_ENDS:  # today's keys, counted by the first read
            summaries.read(COMPLIANCE, [day.isoformat()])
        summaries.read(STATUS, [TODAY.date().isoformat()])
        summaries.read(HOME, [TODAY.date().isoformat()])
        assert_exact(lead)

        # One completion each side of 31 July.
        for staff, day in ((first, date(2025, 7, 31)), (second, date(2025, 8, 1))):
            services.record_completion(
                acting_user=administrator, staff=staff, course=course, completed_on=day
            )
            assert_exact(lead)
        assert selectors.return_counts(year=2024)["induction"] == 1
        assert selectors.return_counts(year=2025)["induction"] == 1

        # Completions in bulk (the API's path, and the import's).
        checked, created = services.record_completions(
            acting_user=administrator,
            rows=[
                {"staff_number": "S1", "course": "Safeguarding", "completed_on": "2025-09-01"},
                {"staff_number": "S2", "course": "Prevent awareness", "completed_on": "2024-09-01"},
            ],
        )
        assert created == 2, checked
        assert_exact(lead)

        # A course's category changes; a staff group is renamed; a requirement added.
        services.save_course(
            acting_user=administrator,
            course=other,
            name=other.name,
            code=other.code,
            provider=other.provider,
            category=ReturnCategory.REFRESHER,
            validity_months=other.validity_months,
            required_to_decide=False,
            is_active=True,
        )
        assert_exact(lead)
        services.save_group(acting_user=administrator, group=group, name="Renamed", is_active=True)
        assert_exact(lead)
        make_requirement(other, group)
        assert_exact(lead)

        # A unit moves in the tree (its staff with it, to another top-level unit).
        accounts.update_unit(
            acting_user=administrator,
            unit=department,
            name=department.name,
            kind=department.kind,
            parent=institution,
            is_active=True,
        )
        assert_exact(lead)

    # Retention: a rule deleting completions, then staff (with their rows in cascade).
    later = datetime(2040, 1, 1, tzinfo=UTC)
    for label, runs_from in (("training.completion", "completed_on"),):
        rt = retention.record_type(label)
        assert rt is not None
        rule = retention.Rule(1, runs_from, "delete", (), (), changed=True)
        with time_machine.travel(later, tick=False):
            assert retention.apply(rt, rule, later, {})["done"] >= 1
        with time_machine.travel(TODAY, tick=False):
            assert_exact(lead)


@pytest.mark.django_db(transaction=True)
def test_the_status_rows_rebuilt_outside_a_transaction_are_counted_after_they_are_written(
    institution, faculty, lead
):
    """Outside a transaction the eager recount runs as soon as the rows are marked:
    marked before the rows were written, the home's figures kept the old count."""
    with time_machine.travel(TODAY, tick=False):
        group = make_group()
        make_requirement(make_course(), group)
        summaries.read(HOME, [TODAY.date().isoformat()])  # counted, with no staff
        make_staff("S1", faculty, group=group)  # refresh_status, in no transaction
        assert selectors.home_figures(user=lead) == live_home_figures()
        assert live_home_figures()["never"] == 1
        assert summaries.differences(HOME) == []
