"""The training card on the home page: overdue, due soon and never trained, in the
person's scope, each linking to the people behind it."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from podium.accounts.roles import Role
from podium.testing import training as t
from podium.testing.factories import make_person_with_role
from podium.testing.personas import client_for


def training_card(user):
    response = client_for(user).get(reverse("core:home"))
    assert response.status_code == 200
    return {card.title: card for card in response.context["cards"]}.get("Staff Prevent training")


@pytest.mark.parametrize("role", [Role.PREVENT_LEAD, Role.TRAINING_ADMINISTRATOR])
@time_machine.travel(date(2026, 12, 7))
def test_training_figures_link_to_the_people_behind_them(institution, faculty, role):
    course = t.make_course(validity_months=12)
    group = t.make_group()
    t.make_requirement(course, group, renew_every_months=12, window_days=60)
    t.make_staff("N1", faculty, name="Nia Never", group=group)
    late = t.make_staff("L1", faculty, name="Lee Late", group=group)
    t.complete(late, course, on=date(2024, 1, 10))  # due again 2025-01-10: overdue
    soon = t.make_staff("S1", faculty, name="Sol Soon", group=group)
    t.complete(soon, course, on=date(2026, 1, 10))  # due 2027-01-10: window open
    viewer = make_person_with_role(role, institution, full_name="Viewer")

    card = training_card(viewer)
    counts = {figure.label: figure.count for figure in card.figures}
    assert counts == {"overdue": 1, "due soon": 1, "never trained": 1}
    overdue = next(f for f in card.figures if f.label == "overdue")
    assert overdue.attention
    listed = client_for(viewer).get(overdue.url).text
    assert "Lee Late" in listed and "Nia Never" not in listed and "Sol Soon" not in listed


def test_people_without_training_view_get_no_training_card(personas):
    assert training_card(personas.organiser) is None
