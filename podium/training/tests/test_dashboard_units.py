"""The dashboard by unit, a level of the tree at a time (issue 20: no page renders
every unit): the top of the person's scope, a unit's units below it on drill-down,
a page of UNIT_ROWS at a time, counts that include the units below and match the
people behind them, the whole table as CSV, and 404 outside the person's units."""

import csv
import io
from datetime import date

import pytest
import time_machine
from django.urls import reverse

from podium.testing.factories import make_unit
from podium.testing.personas import client_for
from podium.testing.training import complete, make_course, make_group, make_requirement, make_staff
from podium.training import selectors

TODAY = date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def tree(personas, faculty, other_faculty):
    """Arts (one person of its own), History below Arts (two), and Science (one)."""
    group = make_group("Academic staff")
    course = make_course("Prevent awareness", code="HO-AWARE")
    make_requirement(course, group, due_within_days=30, renew_every_months=24, window_days=60)
    history = make_unit(parent=faculty, name="Department of History")
    make_unit(parent=faculty, name="Department of Nothing")  # no staff: not shown
    arts = make_staff("A1", faculty, name="Ann Arts", group=group)
    complete(arts, course, date(2025, 6, 1))
    make_staff("H1", history, name="Hal History", group=group)
    old = make_staff("H2", history, name="Hattie History", group=group)
    complete(old, course, date(2023, 1, 1))
    make_staff("S1", other_faculty, name="Sam Science", group=group)
    return {"history": history, "course": course}


def _by_unit(response):
    return {bar.label: bar for bar in response.context["board"].by_unit}


def test_the_top_level_counts_each_unit_with_the_units_below_it(personas, tree):
    response = client_for(personas.admin).get(reverse("training:dashboard"))
    bars = _by_unit(response)
    assert list(bars) == ["Faculty of Arts", "Faculty of Science"]
    assert bars["Faculty of Arts"].counts == {
        "compliant": 1,
        "due_soon": 0,
        "overdue": 1,
        "never": 1,
    }
    assert bars["Faculty of Arts"].drill and not bars["Faculty of Science"].drill
    body = response.content.decode()
    assert f"?unit={tree['history'].parent_id}" in body  # the drill-down link
    assert "Department of History" not in body  # collapsed


def test_drilling_down_shows_the_unit_itself_and_the_units_below(personas, tree, faculty):
    response = client_for(personas.admin).get(reverse("training:dashboard"), {"unit": faculty.pk})
    assert response.status_code == 200
    bars = _by_unit(response)
    assert list(bars) == ["Faculty of Arts itself", "Department of History"]
    assert bars["Faculty of Arts itself"].counts["compliant"] == 1
    assert bars["Department of History"].counts == {
        "compliant": 0,
        "due_soon": 0,
        "overdue": 1,
        "never": 1,
    }
    assert "Department of Nothing" not in response.content.decode()


def test_a_count_including_the_units_below_matches_the_people_behind_it(personas, tree, faculty):
    client = client_for(personas.admin)
    listed = client.get(
        reverse("training:status-list"), {"unit": faculty.pk, "below": "1", "status": "never"}
    )
    assert [row.staff.full_name for row in listed.context["page"].items] == ["Hal History"]
    just_the_unit = client.get(
        reverse("training:status-list"), {"unit": faculty.pk, "status": "never"}
    )
    assert just_the_unit.context["page"].items == []


def test_units_come_a_page_at_a_time(personas, tree, faculty, monkeypatch):
    monkeypatch.setattr(selectors, "UNIT_ROWS", 1)
    client = client_for(personas.admin)
    first = client.get(reverse("training:dashboard"))
    assert list(_by_unit(first)) == ["Faculty of Arts"]
    cursor = first.context["page"].next_cursor
    second = client.get(reverse("training:dashboard"), {"after": cursor})
    assert list(_by_unit(second)) == ["Faculty of Science"]


def test_a_unit_outside_the_persons_scope_is_not_found(personas, tree, other_faculty):
    client = client_for(personas.faculty_admin)
    assert client.get(reverse("training:dashboard"), {"unit": other_faculty.pk}).status_code == 404
    assert client.get(reverse("training:dashboard"), {"unit": "x"}).status_code == 200  # ignored


def test_a_faculty_administrator_starts_at_their_faculty(personas, tree, faculty):
    response = client_for(personas.faculty_admin).get(reverse("training:dashboard"))
    board = response.context["board"]
    assert board.unit == faculty and board.at_top
    assert list(_by_unit(response)) == ["Faculty of Arts itself", "Department of History"]
    assert "Faculty of Science" not in response.content.decode()


def test_the_whole_table_by_unit_as_csv(personas, tree):
    response = client_for(personas.admin).get(reverse("training:unit-export"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0] == [
        "Unit",
        "Units above",
        "Compliant",
        "Due soon",
        "Overdue",
        "Never trained",
        "Total",
    ]
    by_name = {row[0]: row for row in rows[1:]}
    assert set(by_name) == {"Faculty of Arts", "Department of History", "Faculty of Science"}
    assert by_name["Department of History"][1].endswith("Faculty of Arts")
    assert by_name["Department of History"][2:] == ["0", "0", "1", "1", "2"]


def test_the_table_by_unit_holds_only_the_persons_units(personas, tree):
    response = client_for(personas.faculty_admin).get(reverse("training:unit-export"))
    names = {
        row[0] for row in csv.reader(io.StringIO(b"".join(response.streaming_content).decode()))
    }
    assert "Faculty of Science" not in names


def test_the_table_by_unit_needs_training_view(personas, tree):
    assert client_for(personas.organiser).get(reverse("training:unit-export")).status_code == 403
