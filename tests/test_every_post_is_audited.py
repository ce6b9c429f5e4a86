"""Every URL that accepts a POST writes an audit entry when it changes something
(QUALITY.md, audit). URLs are read from the resolver: a new POST URL fails this
test until it has a case below."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.core import mail
from django.test import Client
from django.urls import NoReverseMatch, reverse

from podium.accounts import services
from podium.accounts.models import UnitKind
from podium.accounts.roles import Role
from podium.api.models import TokenScope
from podium.api.services import create_token
from podium.audit.models import AuditEntry
from podium.testing import factories
from podium.testing.api import ApiClient, token_for
from podium.testing.personas import Personas, client_for
from podium.testing.urls import url_names


@dataclass
class Post:
    action: str
    send: Callable[[Personas, dict], object]  # makes the request; gets personas and the objects
    status: int = 302  # what a successful POST answers


def post_as(
    persona: str, url_name: str, data: Callable[[dict], dict] = lambda o: {}, kwargs=lambda o: {}
):
    def send(personas: Personas, objects: dict):
        client = Client() if persona == "anonymous" else client_for(getattr(personas, persona))
        return client.post(reverse(url_name, kwargs=kwargs(objects)), data(objects))

    return send


def reset_password(personas: Personas, objects: dict):
    client = Client()
    client.post(reverse("accounts:password-reset"), {"email": "admin@example.ac.uk"})
    link = next(line for line in mail.outbox[-1].body.splitlines() if "/password/reset/" in line)
    form_url = client.get(link.replace("http://testserver", ""), follow=True).redirect_chain[-1][0]
    passphrase = "a brand new passphrase"
    return client.post(form_url, {"new_password1": passphrase, "new_password2": passphrase})


def revoke_own_token(personas: Personas, objects: dict):
    token, _ = create_token(
        acting_user=personas.admin,
        user=personas.admin,
        name="Old",
        scope=TokenScope.READ,
        lifetime=timedelta(days=7),
    )
    return client_for(personas.admin).post(reverse("api:token-revoke", kwargs={"pk": token.pk}))


def api_post(url: Callable[[dict], str], body: Callable[[dict], dict] = lambda o: {}):
    """A POST to /api/v1/ with the administrator's read-write token."""

    def send(personas: Personas, objects: dict):
        return ApiClient(token_for(personas.admin)).post(url(objects), body(objects))

    return send


CASES: dict[str, Post] = {
    "accounts:sign-in": Post(
        "accounts.session.signed_in",
        post_as(
            "anonymous",
            "accounts:sign-in",
            lambda o: {"username": "admin@example.ac.uk", "password": factories.PASSWORD},
        ),
    ),
    "accounts:sign-out": Post("accounts.session.signed_out", post_as("admin", "accounts:sign-out")),
    "accounts:password-reset": Post(
        "accounts.password.reset_requested",
        post_as("anonymous", "accounts:password-reset", lambda o: {"email": "admin@example.ac.uk"}),
    ),
    "accounts:password-reset-confirm": Post("accounts.password.reset", reset_password),
    "accounts:unit-create": Post(
        "accounts.unit.created",
        post_as(
            "admin",
            "accounts:unit-create",
            lambda o: {"name": "New", "kind": UnitKind.DEPARTMENT, "parent": o["unit"].pk},
        ),
    ),
    "accounts:unit-edit": Post(
        "accounts.unit.updated",
        post_as(
            "admin",
            "accounts:unit-edit",
            lambda o: {
                "name": "Renamed",
                "kind": UnitKind.DEPARTMENT,
                "parent": o["unit"].parent_id,
                "is_active": "on",
            },
            kwargs=lambda o: {"pk": o["unit"].pk},
        ),
    ),
    "accounts:unit-grant-role": Post(
        "accounts.role.granted",
        post_as(
            "admin",
            "accounts:unit-grant-role",
            lambda o: {"email": "outsider@example.ac.uk", "role": Role.PREVENT_LEAD},
            kwargs=lambda o: {"pk": o["unit"].pk},
        ),
    ),
    "accounts:role-revoke": Post(
        "accounts.role.revoked",
        post_as("admin", "accounts:role-revoke", kwargs=lambda o: {"pk": o["role"].pk}),
    ),
    "accounts:user-create": Post(
        "accounts.user.created",
        post_as(
            "admin",
            "accounts:user-create",
            lambda o: {"full_name": "New Person", "email": "new@example.ac.uk"},
        ),
    ),
    "accounts:user-edit": Post(
        "accounts.user.updated",
        post_as(
            "admin",
            "accounts:user-edit",
            lambda o: {"full_name": "Renamed Person", "email": "renamed@example.ac.uk"},
            kwargs=lambda o: {"pk": o["person"].pk},
        ),
    ),
    "accounts:user-deactivate": Post(
        "accounts.user.deactivated",
        post_as("admin", "accounts:user-deactivate", kwargs=lambda o: {"pk": o["person"].pk}),
    ),
    "accounts:user-reactivate": Post(
        "accounts.user.reactivated",
        post_as("admin", "accounts:user-reactivate", kwargs=lambda o: {"pk": o["gone"].pk}),
    ),
    # The token's secret is shown on the answer to the POST itself (200), never stored.
    "api:token-create": Post(
        "api.token.created",
        post_as(
            "admin",
            "api:token-create",
            lambda o: {"name": "Sync", "scope": TokenScope.READ, "expires_in": "30"},
        ),
        status=200,
    ),
    "api:token-revoke": Post("api.token.revoked", revoke_own_token),
    # /api/v1/: each also writes api.token.used (podium/api/tests/test_api.py checks
    # every write operation, PATCH included).
    "api-v1:units": Post(
        "accounts.unit.created",
        api_post(
            lambda o: "/api/v1/units",
            lambda o: {"name": "New", "kind": UnitKind.DEPARTMENT, "parent": o["unit"].pk},
        ),
        status=201,
    ),
    "api-v1:users": Post(
        "accounts.user.created",
        api_post(
            lambda o: "/api/v1/users",
            lambda o: {"email": "api.new@example.ac.uk", "full_name": "Api New"},
        ),
        status=201,
    ),
    "api-v1:user-deactivate": Post(
        "accounts.user.deactivated",
        api_post(lambda o: f"/api/v1/users/{o['person'].pk}/deactivate"),
        status=200,
    ),
    "api-v1:user-reactivate": Post(
        "accounts.user.reactivated",
        api_post(lambda o: f"/api/v1/users/{o['gone'].pk}/reactivate"),
        status=200,
    ),
    "api-v1:role-assignments": Post(
        "accounts.role.granted",
        api_post(
            lambda o: "/api/v1/role-assignments",
            lambda o: {
                "user": o["person"].pk,
                "role": Role.EVENTS_OFFICER,
                "unit": o["unit"].pk,
            },
        ),
        status=201,
    ),
    "api-v1:role-assignment-revoke": Post(
        "accounts.role.revoked",
        api_post(lambda o: f"/api/v1/role-assignments/{o['role'].pk}/revoke"),
        status=200,
    ),
}


@pytest.fixture
def objects(personas, faculty) -> dict:
    unit = factories.make_unit(parent=faculty, name="Department", kind=UnitKind.DEPARTMENT)
    person = factories.make_user(email="someone@example.ac.uk")
    gone = services.deactivate_user(acting_user=personas.admin, user=factories.make_user())
    return {
        "unit": unit,
        "person": person,
        "gone": gone,
        "role": factories.grant(person, Role.ORGANISER, unit),
    }


def accepts_post(client: Client, name: str, objects: dict) -> bool:
    """POST with no data: only a URL that refuses POST outright answers 405."""
    if name == "accounts:password-reset-confirm":
        url = reverse(name, kwargs={"uidb64": "MQ", "token": "x"})
    else:
        try:
            url = reverse(name)
        except NoReverseMatch:
            url = reverse(name, kwargs={"pk": objects["unit"].pk})
    return client.post(url).status_code != 405


def test_every_url_that_accepts_post_has_a_case(personas, objects):
    client = client_for(personas.admin)
    posting = {name for name in url_names() if accepts_post(client, name, objects)}
    assert posting == set(CASES), (
        "Add a case for each new POST URL (and make it write an audit entry)."
    )


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_post_writes_its_audit_entry(name, personas, objects):
    last = AuditEntry.objects.order_by("-sequence").first().sequence
    response = CASES[name].send(personas, objects)
    assert response.status_code == CASES[name].status, (
        getattr(response, "context", None) and response.context.get("form", {}).errors
    )
    new = list(AuditEntry.objects.filter(sequence__gt=last).values_list("action", flat=True))
    assert CASES[name].action in new
