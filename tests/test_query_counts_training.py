"""Training pages cost the same number of queries with 1 row as with 50
(QUALITY.md, performance): the dashboard, its drill-down, the staff list, a staff
member's page and the records behind a yearly count."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

import pytest
from django.urls import reverse

from podium.accounts.models import User
from podium.testing.factories import make_unit
from podium.testing.personas import client_for
from podium.testing.queries import assert_constant_queries
from podium.testing.training import make_course, make_group, make_requirement
from podium.training.models import Completion, Source, StaffMember
from podium.training.services import refresh_status

counter = itertools.count()


@pytest.fixture
def setup(personas, faculty):
    group = make_group("Security")
    course = make_course("Prevent awareness")
    make_requirement(course, group)
    return {"group": group, "course": course, "unit": faculty}


def _staff(setup, n: int, *, new_units: bool = False) -> list[StaffMember]:
    people = []
    for _ in range(n):
        i = next(counter)
        unit = make_unit(parent=setup["unit"], name=f"Dept {i}") if new_units else setup["unit"]
        person = StaffMember.objects.create(
            staff_number=f"Q{i}",
            full_name=f"Person {i:05d}",
            unit=unit,
            group=setup["group"],
            started_on=date(2020, 1, 1),
        )
        Completion.objects.create(
            staff=person,
            course=setup["course"],
            completed_on=date(2025, 9, 1) - timedelta(days=i % 300),
            source=Source.SEED,
        )
        people.append(person)
    refresh_status([p.pk for p in people])
    return people


def _get(user: User, url: str, params: dict | None = None):
    client = client_for(user)

    def get():
        response = client.get(url, params or {})
        assert response.status_code == 200

    return get


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("training:dashboard", {}),
        ("training:status-list", {"status": "compliant"}),
        ("training:staff-list", {}),
        ("training:returns", {"year": 2025}),
        ("training:returns-detail", {"year": 2025, "category": "induction"}),
    ],
)
def test_list_pages(personas, setup, name, params):
    assert_constant_queries(
        get_page=_get(personas.admin, reverse(name), params),
        add_rows=lambda n: _staff(setup, n, new_units=name == "training:dashboard"),
    )


def test_a_units_units_on_the_dashboard(personas, setup):
    """Drill-down: the units below the faculty, each with staff, as they grow."""
    assert_constant_queries(
        get_page=_get(personas.admin, reverse("training:dashboard"), {"unit": setup["unit"].pk}),
        add_rows=lambda n: _staff(setup, n, new_units=True),
    )


def test_staff_page(personas, setup):
    [person] = _staff(setup, 1)

    def add_rows(n):
        for k in range(n):
            Completion.objects.create(
                staff=person,
                course=setup["course"],
                completed_on=date(2010, 1, 1) + timedelta(days=next(counter) + k),
                source=Source.SEED,
            )

    assert_constant_queries(
        get_page=_get(personas.admin, reverse("training:staff-detail", args=[person.pk])),
        add_rows=add_rows,
    )
