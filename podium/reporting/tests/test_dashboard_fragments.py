"""The dashboards' charts kept as fragments (podium/core/fragments.py) by the version
of their summary rows: a change shows at once, a viewer limited to some units never
sees the institution's drawing (nor the reverse), and a renamed unit is drawn again.

The clock runs here (no frozen time): a summary row's version is the time it was
counted, as in production."""

from __future__ import annotations

import re

import pytest
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from podium.accounts import services as accounts
from podium.accounts.roles import Role
from podium.core import summaries
from podium.events.models import EventRequest
from podium.events.summaries import SERIES
from podium.testing.events import make_request
from podium.testing.factories import make_person_with_role
from podium.testing.governance import make_governor, make_lead
from podium.testing.personas import client_for
from podium.testing.training import complete, make_course, make_group, make_requirement, make_staff

pytestmark = pytest.mark.django_db
URL = "reporting:dashboard-requests"


def submit(organiser, unit, *, commit: bool = True) -> None:
    """A request submitted through the services; with `commit`, the recount that
    follows the commit in production runs too."""
    if commit:
        with TestCase.captureOnCommitCallbacks(execute=True):
            make_request(organiser=organiser, unit=unit, submit=True)
    else:
        make_request(organiser=organiser, unit=unit, submit=True)


def seen(client, name: str = URL) -> tuple[str, bool]:
    """The requests submitted this year as the chart's text alternative says, and
    whether this response drew the charts (False: the kept drawing)."""
    response = client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    found = re.search(r"\(([\d,]+) together\)", html)
    total = found.group(1) if found else ("0" if "every value is 0" in html else "?")
    return total, response.context["charts"] is not None


def test_the_drawing_is_kept_and_a_change_shows_at_once(institution, faculty, personas):
    lead = client_for(make_lead(institution))
    submit(personas.organiser, faculty)
    summaries.rebuild()
    assert seen(lead) == ("1", True)  # drawn, and kept
    assert seen(lead) == ("1", False)  # the kept drawing

    # A change and its recount after the commit: a new version, drawn again.
    submit(personas.organiser, faculty)
    assert seen(lead) == ("2", True)
    assert seen(lead) == ("2", False)

    # Between a change's commit and its recount (a mark stands) the figures are
    # counted live and nothing is kept: still exact.
    submit(personas.organiser, faculty, commit=False)
    assert seen(lead) == ("3", True)
    assert seen(lead) == ("3", True)
    summaries.refresh_marked()  # the worker's job
    assert seen(lead) == ("3", True)
    assert seen(lead) == ("3", False)


def test_a_rebuild_after_writes_that_bypass_the_services_is_a_new_version(
    institution, faculty, personas
):
    lead = client_for(make_lead(institution))
    summaries.rebuild()
    assert seen(lead) == ("0", True)
    assert seen(lead) == ("0", False)
    make_request(organiser=personas.organiser, unit=faculty)  # a draft: counted nowhere
    # Written as a seed or a restore writes (no mark), then `podium summaries`.
    EventRequest.objects.update(submitted_at=timezone.now(), status="in_review")
    summaries.rebuild()
    assert seen(lead) == ("1", True)


def test_each_scope_sees_its_own_figures_never_anothers_drawing(
    institution, faculty, other_faculty, personas
):
    arts_security = client_for(make_person_with_role(Role.HEAD_OF_SECURITY, faculty))
    lead = client_for(make_lead(institution))
    governor = client_for(make_governor(institution))
    scientist = make_person_with_role(Role.ORGANISER, other_faculty)
    submit(personas.organiser, faculty)
    submit(scientist, other_faculty)
    submit(scientist, other_faculty)
    summaries.rebuild()

    # The faculty's head of security first: their unit's figures, never kept.
    assert seen(arts_security) == ("1", True)
    assert seen(arts_security) == ("1", True)
    # The whole institution: drawn once, then kept ...
    assert seen(lead) == ("3", True)
    assert seen(lead) == ("3", False)
    # ... and the same drawing for everyone over the whole institution.
    assert seen(governor) == ("3", False)
    # The faculty's head of security after the institution's drawing was kept.
    assert seen(arts_security) == ("1", True)
    # A change in the other faculty: the institution's version moves; the faculty's
    # figures, counted live, stay theirs.
    submit(scientist, other_faculty)
    assert seen(lead) == ("4", True)
    assert seen(arts_security) == ("1", True)


def test_the_version_is_none_while_marked_or_never_built(institution, faculty, personas):
    name, keys = SERIES["requests"], ["2026-10", "2026-11"]
    assert summaries.stamp(name, keys) is None  # never built: counted live
    summaries.rebuild()
    built = summaries.stamp(name, keys)
    assert built is not None
    assert summaries.stamp(name, keys) == built
    summaries.mark(name, ["2026-11"], refresh=False)
    assert summaries.stamp(name, keys) is None
    assert summaries.stamp(name, ["2026-10"]) == summaries.stamp(name, ["2026-10"])
    summaries.refresh_marked(name)
    assert summaries.stamp(name, keys) not in (None, built)


def test_a_renamed_unit_is_drawn_with_its_new_name(institution, faculty, other_faculty, personas):
    course, group = make_course(), make_group()
    make_requirement(course, group, renew_every_months=12)
    for i, unit in enumerate((faculty, other_faculty)):
        complete(make_staff(f"R{i}", unit, group=group), course, timezone.localdate())
    summaries.rebuild()
    lead = client_for(make_lead(institution))
    name = "reporting:dashboard-training"
    first = lead.get(reverse(name)).content.decode()
    assert "Faculty of Arts" in first
    assert lead.get(reverse(name)).context["charts"] is None  # kept
    with TestCase.captureOnCommitCallbacks(execute=True):
        accounts.update_unit(
            acting_user=personas.admin,
            unit=faculty,
            name="Faculty of Arts and Humanities",
            kind=faculty.kind,
            parent=institution,
            is_active=True,
        )
    response = lead.get(reverse(name))
    assert response.context["charts"] is not None
    assert "Faculty of Arts and Humanities" in response.content.decode()
