"""Every list and detail page costs the same number of queries with 1 row as with 50
(QUALITY.md, performance)."""

from __future__ import annotations

import itertools

from django.urls import reverse

from podium.accounts.models import UnitKind
from podium.accounts.roles import Role
from podium.testing import factories
from podium.testing.personas import client_for
from podium.testing.queries import assert_constant_queries

counter = itertools.count()


def test_unit_list(personas, faculty):
    client = client_for(personas.admin)

    def add_units(n):
        for _ in range(n):
            unit = factories.make_unit(
                parent=faculty, name=f"Dept {next(counter)}", kind=UnitKind.DEPARTMENT
            )
            factories.grant(personas.outsider, Role.ORGANISER, unit)

    assert_constant_queries(
        get_page=lambda: client.get(reverse("accounts:unit-list")), add_rows=add_units
    )


def test_unit_detail(personas, faculty):
    client = client_for(personas.admin)

    def add_holders(n):
        for _ in range(n):
            factories.grant(factories.make_user(), Role.ORGANISER, faculty)
            factories.make_unit(
                parent=faculty, name=f"Dept {next(counter)}", kind=UnitKind.DEPARTMENT
            )

    assert_constant_queries(
        get_page=lambda: client.get(reverse("accounts:unit-detail", args=[faculty.pk])),
        add_rows=add_holders,
    )


def test_people_list(personas):
    client = client_for(personas.admin)
    assert_constant_queries(
        get_page=lambda: client.get(reverse("accounts:user-list")),
        add_rows=lambda n: [factories.make_user() for _ in range(n)],
    )


def test_person_detail(personas, faculty):
    client = client_for(personas.admin)

    def add_roles(n):
        for _ in range(n):
            unit = factories.make_unit(
                parent=faculty, name=f"Dept {next(counter)}", kind=UnitKind.DEPARTMENT
            )
            factories.grant(personas.outsider, Role.ORGANISER, unit, include_descendants=False)

    assert_constant_queries(
        get_page=lambda: client.get(reverse("accounts:user-detail", args=[personas.outsider.pk])),
        add_rows=add_roles,
    )


def test_home(personas, faculty):
    client = client_for(personas.outsider)

    def add_roles(n):
        for _ in range(n):
            unit = factories.make_unit(
                parent=faculty, name=f"Dept {next(counter)}", kind=UnitKind.DEPARTMENT
            )
            factories.grant(personas.outsider, Role.ORGANISER, unit)

    assert_constant_queries(get_page=lambda: client.get(reverse("core:home")), add_rows=add_roles)


# --- API tokens and /api/v1/ -----------------------------------------------------


def _token(user, name="t"):
    from datetime import timedelta

    from podium.api.services import create_token

    return create_token(
        acting_user=user, user=user, name=name, scope="read", lifetime=timedelta(days=7)
    )


def test_token_list(personas):
    client = client_for(personas.organiser)
    assert_constant_queries(
        get_page=lambda: client.get(reverse("api:token-list")),
        add_rows=lambda n: [_token(personas.organiser) for _ in range(n)],
    )


def test_api_unit_list(personas, faculty):
    from podium.testing.api import ApiClient

    _, secret = _token(personas.admin)
    api = ApiClient(secret)
    assert_constant_queries(
        get_page=lambda: api.get("/api/v1/units"),
        add_rows=lambda n: [
            factories.make_unit(parent=faculty, name=f"Dept {next(counter)}") for _ in range(n)
        ],
    )


def test_api_user_list(personas):
    from podium.testing.api import ApiClient

    _, secret = _token(personas.admin)
    api = ApiClient(secret)
    assert_constant_queries(
        get_page=lambda: api.get("/api/v1/users"),
        add_rows=lambda n: [factories.make_user() for _ in range(n)],
    )


def test_api_role_assignment_list(personas, faculty):
    from podium.testing.api import ApiClient

    _, secret = _token(personas.admin)
    api = ApiClient(secret)
    assert_constant_queries(
        get_page=lambda: api.get("/api/v1/role-assignments"),
        add_rows=lambda n: [
            factories.grant(factories.make_user(), Role.ORGANISER, faculty) for _ in range(n)
        ],
    )


def test_own_sessions_list(personas):
    client = client_for(personas.admin)
    assert_constant_queries(
        get_page=lambda: client.get(reverse("usersessions_list")),
        add_rows=lambda n: [client_for(personas.admin) for _ in range(n)],
    )


def test_single_sign_on_provider_list(personas):
    from podium.accounts import services

    client = client_for(personas.admin)

    def add_providers(n):
        for _ in range(n):
            number = next(counter)
            services.save_oidc_provider(
                acting_user=personas.admin,
                app=None,
                name=f"Provider {number}",
                provider_id=f"provider-{number}",
                server_url="https://idp.example.ac.uk",
                client_id="podium",
                secret="not-a-real-secret",
                trust_email=False,
            )

    assert_constant_queries(
        get_page=lambda: client.get(reverse("accounts:sso-provider-list")),
        add_rows=add_providers,
    )
