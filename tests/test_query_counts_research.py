"""Research pages and the lookup cost the same number of queries with 1 row as
with 50 (QUALITY.md, performance): the register list, the lookup log and the
lookup itself (each found registration shows its supervisor, kinds of material
and storage location)."""

from __future__ import annotations

import itertools

import pytest
from django.urls import reverse

from podium.accounts.models import UnitKind
from podium.accounts.roles import Role
from podium.research import services
from podium.testing import factories
from podium.testing.personas import client_for
from podium.testing.queries import assert_constant_queries, count_queries
from podium.testing.research import register

counter = itertools.count()
REASON = "Police asked whether this person's research is registered."


@pytest.fixture
def setup(faculty):
    unit = factories.make_unit(parent=faculty, name="Politics", kind=UnitKind.DEPARTMENT)
    return {
        "unit": unit,
        "governance": factories.make_person_with_role(Role.RESEARCH_GOVERNANCE, unit),
        "security": factories.make_person_with_role(Role.HEAD_OF_SECURITY, unit),
        "supervisor": factories.make_user(full_name="Dr Priya Natarajan"),
    }


def _registrations(setup, n: int, *, name: str | None = None) -> None:
    for _ in range(n):
        i = next(counter)
        person = factories.make_user(full_name=name or f"Researcher {i}")
        register(person, setup["unit"], supervisor=setup["supervisor"], researcher_number="2024001")


def _get(user, url):
    client = client_for(user)

    def get():
        assert client.get(url).status_code == 200

    return get


def test_register_list(setup):
    assert_constant_queries(
        get_page=_get(setup["governance"], reverse("research:list")),
        add_rows=lambda n: _registrations(setup, n),
    )


def test_lookup_log(setup):
    def add_rows(n):
        _registrations(setup, 1)
        for _ in range(n):
            services.lookup(
                acting_user=setup["security"], query="Researcher", purpose="police", reason=REASON
            )

    assert_constant_queries(
        get_page=_get(setup["governance"], reverse("research:lookup-log")), add_rows=add_rows
    )


@pytest.mark.parametrize("query", ["Yusuf Al-Hassan", "2024001"])
def test_lookup(setup, query):
    """The lookup page's POST: one person with 1, then 50, registrations."""
    client = client_for(setup["security"])

    def post():
        response = client.post(
            reverse("research:lookup"), {"query": query, "purpose": "police", "reason": REASON}
        )
        assert response.status_code == 200

    _registrations(setup, 1, name="Yusuf Al-Hassan")
    one = count_queries(post)
    _registrations(setup, 49, name="Yousef Alhasan")
    fifty = count_queries(post)
    assert one == fifty, f"{one} queries with 1 registration but {fifty} with 50"
    assert fifty <= 30
