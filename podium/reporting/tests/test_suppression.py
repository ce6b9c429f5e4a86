"""Small-number suppression: primary (0 < n < threshold) and secondary (a total must
not reveal a withheld cell), in exports, the pack and the transparency report."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse
from openpyxl import load_workbook

from podium.reporting.models import ReportingSettings
from podium.reporting.suppression import Group, shown, withheld
from podium.testing.governance import make_lead
from podium.testing.personas import client_for
from podium.testing.training import complete, make_course, make_staff


def test_a_small_count_is_withheld_and_zero_is_not():
    assert withheld({"a": 3, "b": 0, "c": 5}, [], 5) == {"a"}


def test_a_total_cannot_reveal_a_single_withheld_part():
    values = {"a": 3, "b": 20, "c": 7, "all": 30}
    # Only "a" is small; "c" (the smallest other count) goes too, so 30 - 20 = a + c.
    assert withheld(values, [Group(("a", "b", "c"), "all")], 5) == {"a", "c"}


def test_a_zero_beside_a_withheld_part_does_not_protect_it():
    values = {"a": 3, "b": 0, "all": 3}
    assert withheld(values, [Group(("a", "b"), "all")], 5) == {"a", "all"}


def test_a_withheld_subtotal_spreads_to_the_grand_total_group():
    values = {"r1": 2, "r2": 9, "rejected": 11, "approved": 40, "all": 51}
    groups = [Group(("r1", "r2"), "rejected"), Group(("approved", "rejected"), "all")]
    hidden = withheld(values, groups, 5)
    assert hidden == {"r1", "r2"}
    # Suppose the subtotal itself is withheld by another rule: its sibling follows.
    values = {"r1": 2, "r2": 2, "rejected": 4, "approved": 40, "all": 44}
    assert withheld(values, groups, 5) == {"r1", "r2", "rejected", "approved"}


def test_the_threshold_is_data():
    assert shown(3, hidden=True, threshold=10) == "<10"
    assert shown(None, hidden=False, threshold=5) == "not recorded in Podium"


@pytest.fixture
def small_training(institution):
    course = make_course("Induction", code="IND")
    for n in range(3):
        complete(make_staff(f"S{n}", institution), course, date(2025, 9, 1))
    refresher = make_course("Refresher", code="REF", category="refresher")
    for n in range(3, 12):
        complete(make_staff(f"S{n}", institution), refresher, date(2025, 9, 1))


def _lead(institution):
    return client_for(make_lead(institution))


@time_machine.travel(datetime(2026, 9, 1, 9, tzinfo=UTC), tick=False)
def test_the_csv_withholds_small_numbers(institution, small_training):
    response = _lead(institution).get(reverse("reporting:return-export") + "?year=2025")
    text = response.content.decode()
    assert response["Content-Disposition"] == 'attachment; filename="prevent-return-2025-26.csv"'
    assert "Staff trained,Induction,Staff,<5" in text
    assert "Staff trained,Refresher,Staff,9" in text


@time_machine.travel(datetime(2026, 9, 1, 9, tzinfo=UTC), tick=False)
def test_the_xlsx_withholds_small_numbers_at_the_set_threshold(institution, small_training):
    row = ReportingSettings.current()
    row.suppression_threshold = 10
    row.save()
    response = _lead(institution).get(reverse("reporting:return-export") + "?year=2025&format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = {(r[0], r[1]): r[3] for r in sheet.iter_rows(min_row=3, values_only=True)}
    assert rows[("Staff trained", "Induction")] == "<10"
    assert rows[("Staff trained", "Refresher")] == "<10"


@time_machine.travel(datetime(2026, 9, 1, 9, tzinfo=UTC), tick=False)
def test_the_team_view_is_unsuppressed_and_the_pack_is_not(institution, small_training):
    client = _lead(institution)
    team = client.get(reverse("reporting:return-detail") + "?year=2025")
    assert team.context["cells"]["training.induction"].text == "3"
    pack = client.get(reverse("reporting:return-pack") + "?year=2025")
    assert pack.context["cells"]["training.induction"].text == "<5"


@time_machine.travel(datetime(2026, 9, 1, 9, tzinfo=UTC), tick=False)
def test_the_xlsx_has_numbers_shown_in_full_as_numbers(institution, small_training):
    response = _lead(institution).get(reverse("reporting:return-export") + "?year=2025&format=xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = {(r[0], r[1]): r[3] for r in sheet.iter_rows(min_row=3, values_only=True)}
    assert rows[("Staff trained", "Refresher")] == 9  # a number, so it adds up
    assert rows[("Staff trained", "Induction")] == "<5"  # withheld: text
    assert sheet.freeze_panes == "A3"
