"""Every URL that accepts a POST writes an audit entry when it changes something
(QUALITY.md, audit). URLs are read from the resolver: a new POST URL fails this
test until it has a case below."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
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
from podium.testing.saml_idp import SamlIdp
from podium.testing.signin import code_at, enrol_totp, sign_in
from podium.testing.urls import url_names

MOMENT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


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
    client.post(reverse("account_reset_password"), {"email": "admin@example.ac.uk"})
    link = next(line for line in mail.outbox[-1].body.splitlines() if "/password/reset/" in line)
    form_url = client.get(link.replace("http://testserver", ""), follow=True).redirect_chain[-1][0]
    passphrase = "a brand new passphrase"
    return client.post(form_url, {"password1": passphrase, "password2": passphrase})


def change_password(personas: Personas, objects: dict):
    client = Client()
    sign_in(client, "admin@example.ac.uk")
    passphrase = "another long passphrase"
    return client.post(
        reverse("account_change_password"),
        {"oldpassword": factories.PASSWORD, "password1": passphrase, "password2": passphrase},
    )


def with_totp(then: Callable[[Client], object]) -> Callable[[Personas, dict], object]:
    """Sign in as the administrator, enrol TOTP, then do `then`."""

    def send(personas: Personas, objects: dict):
        client = Client()
        with time_machine.travel(MOMENT, tick=False):
            sign_in(client, "admin@example.ac.uk")
            return then(client)

    return send


def enrol(client: Client):
    enrol_totp(client, MOMENT)  # asserts the enrolment POST answered 302
    return client.get(reverse("mfa_index"))


def sign_in_with_a_code(personas: Personas, objects: dict):
    client = Client()
    with time_machine.travel(MOMENT, tick=False):
        sign_in(client, "admin@example.ac.uk")
        secret = enrol_totp(client, MOMENT)
        client.post(reverse("account_logout"))
    with time_machine.travel(MOMENT + timedelta(minutes=2), tick=False):
        sign_in(client, "admin@example.ac.uk")
        return client.post(
            reverse("mfa_authenticate"), {"code": code_at(secret, MOMENT + timedelta(minutes=2))}
        )


def sign_out_elsewhere(personas: Personas, objects: dict):
    laptop, phone = Client(), Client()
    sign_in(laptop, "admin@example.ac.uk")
    sign_in(phone, "admin@example.ac.uk")
    return laptop.post(reverse("usersessions_list"))


def saml_provider_data(objects: dict) -> dict:
    return {
        "name": "Exampleshire (Shibboleth)",
        "organisation": "exampleshire-idp",
        "entity_id": "https://idp.example.ac.uk/idp/shibboleth",
        "sso_url": "https://idp.example.ac.uk/idp/profile/SAML2/Redirect/SSO",
        "certificate": SamlIdp().cert_pem,
    }


OIDC_PROVIDER = {
    "name": "University account (Microsoft)",
    "provider_id": "entra",
    "server_url": "https://login.microsoftonline.com/tenant-id/v2.0",
    "client_id": "client-123",
    "secret": "very-secret-value",
}


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
    "account_login": Post(
        "accounts.session.signed_in",
        post_as(
            "anonymous",
            "account_login",
            lambda o: {"login": "admin@example.ac.uk", "password": factories.PASSWORD},
        ),
    ),
    "account_logout": Post("accounts.session.signed_out", post_as("admin", "account_logout")),
    "account_reset_password": Post(
        "accounts.password.reset_requested",
        post_as("anonymous", "account_reset_password", lambda o: {"email": "admin@example.ac.uk"}),
    ),
    "account_reset_password_from_key": Post("accounts.password.reset", reset_password),
    "account_change_password": Post("accounts.password.changed", change_password),
    "mfa_activate_totp": Post(
        "accounts.mfa.added", with_totp(lambda client: enrol(client)), status=200
    ),
    "mfa_deactivate_totp": Post(
        "accounts.mfa.removed",
        with_totp(lambda client: (enrol(client), client.post(reverse("mfa_deactivate_totp")))[1]),
    ),
    "mfa_generate_recovery_codes": Post(
        "accounts.mfa.added",  # the old codes are removed and new ones added: two entries
        with_totp(
            lambda client: (enrol(client), client.post(reverse("mfa_generate_recovery_codes")))[1]
        ),
    ),
    "mfa_authenticate": Post("accounts.session.signed_in", sign_in_with_a_code),
    "usersessions_list": Post("accounts.session.signed_out_elsewhere", sign_out_elsewhere),
    "accounts:security-settings": Post(
        "accounts.security.mfa_policy_changed",
        post_as(
            "admin", "accounts:security-settings", lambda o: {"roles": [Role.PREVENT_LEAD.value]}
        ),
    ),
    "accounts:sso-provider-create": Post(
        "accounts.sso.provider_saved",
        post_as("admin", "accounts:sso-provider-create", lambda o: OIDC_PROVIDER),
    ),
    "accounts:sso-provider-edit": Post(
        "accounts.sso.provider_saved",
        post_as(
            "admin",
            "accounts:sso-provider-edit",
            lambda o: {**OIDC_PROVIDER, "provider_id": "exampleshire", "client_id": "changed"},
            kwargs=lambda o: {"pk": o["sso"].pk},
        ),
    ),
    "accounts:saml-provider-create": Post(
        "accounts.sso.provider_saved",
        post_as("admin", "accounts:saml-provider-create", saml_provider_data),
    ),
    "accounts:saml-provider-edit": Post(
        "accounts.sso.provider_saved",
        post_as(
            "admin",
            "accounts:saml-provider-edit",
            lambda o: {**saml_provider_data(o), "organisation": "exampleshire", "name": "Renamed"},
            kwargs=lambda o: {"pk": o["saml"].pk},
        ),
    ),
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
    "events:calendar-feed-settings": Post(
        "events.calendar_feed.created", post_as("admin", "events:calendar-feed-settings")
    ),
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


# POST URLs that change no stored record, or whose audit entry needs a real
# identity provider and is proven by its own end-to-end test.
NOT_A_CHANGE: dict[str, str] = {
    "account_reauthenticate": "marks this session as recently confirmed; no record changes",
    "mfa_reauthenticate": "marks this session as recently confirmed; no record changes",
    "accounts:session-keepalive": "renews this session's idle limit; no record changes",
    "openid_connect_login": "starts the redirect to the provider; the sign-in at the callback is "
    "audited (podium/accounts/tests/test_single_sign_on.py)",
    "openid_connect_callback": "the provider's answer (form_post mode): the sign-in is audited "
    "(podium/accounts/tests/test_single_sign_on.py)",
    "saml_login": "starts the redirect to the identity provider; nothing is stored",
    "saml_acs": "receives the signed assertion; the sign-in is audited (podium/accounts/tests/test_saml.py)",
    "saml_finish_acs": "finishes the SAML sign-in, audited as above",
    "saml_sls": "sign-out requested by the identity provider: recorded by the sign-out signal "
    "(not exercised end to end; see docs/security.md)",
}


@pytest.fixture
def objects(personas, faculty) -> dict:
    unit = factories.make_unit(parent=faculty, name="Department", kind=UnitKind.DEPARTMENT)
    person = factories.make_user(email="someone@example.ac.uk")
    gone = services.deactivate_user(acting_user=personas.admin, user=factories.make_user())
    sso = factories.make_oidc_provider(acting_user=personas.admin)
    saml = factories.make_saml_provider(acting_user=personas.admin)
    return {
        "unit": unit,
        "person": person,
        "gone": gone,
        "role": factories.grant(person, Role.ORGANISER, unit),
        "sso": sso,
        "saml": saml,
    }


def accepts_post(client: Client, name: str, objects: dict) -> bool:
    """POST with no data: only a URL that refuses POST outright answers 405."""
    for kwargs in (
        {},
        {"pk": objects["unit"].pk},
        {"uidb36": "1", "key": "x"},
        {"provider_id": "exampleshire"},
        {"organization_slug": "exampleshire"},
    ):
        try:
            url = reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
        return client.post(url).status_code != 405
    raise AssertionError(f"No arguments known for {name}")


def test_every_url_that_accepts_post_has_a_case(personas, objects):
    client = client_for(personas.admin)
    posting = {name for name in url_names() if accepts_post(client, name, objects)}
    assert posting == set(CASES) | set(NOT_A_CHANGE), (
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
