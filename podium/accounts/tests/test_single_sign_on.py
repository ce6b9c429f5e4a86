"""OpenID Connect single sign-on, end to end against a real provider served on
127.0.0.1 by the test (podium/testing/oidc_provider.py)."""

from __future__ import annotations

import http.client
from collections.abc import Iterator
from urllib.parse import urlparse

import pytest
from django.test import Client
from django.urls import reverse

from podium.accounts import services
from podium.accounts.selectors import oidc_providers
from podium.audit.models import AuditEntry
from podium.testing.oidc_provider import OidcProvider
from podium.testing.personas import client_for


@pytest.fixture
def provider(personas) -> Iterator[OidcProvider]:
    with OidcProvider() as running:
        services.save_oidc_provider(
            acting_user=personas.admin,
            app=None,
            name="Exampleshire account",
            provider_id="exampleshire",
            server_url=running.issuer,
            client_id=running.client_id,
            secret=running.client_secret,
            trust_email=False,
        )
        yield running


def visit(url: str) -> str:
    """What the browser does at the provider: GET the URL, return where it redirects."""
    parsed = urlparse(url)
    connection = http.client.HTTPConnection(str(parsed.hostname), parsed.port, timeout=5)
    connection.request("GET", f"{parsed.path}?{parsed.query}")
    response = connection.getresponse()
    assert response.status == 302, response.read()
    location = response.getheader("Location")
    connection.close()
    return str(location)


def sign_in_with_sso(client: Client, provider: OidcProvider):
    """Press "Sign in with …", go to the provider, come back to Podium."""
    response = client.post(reverse("openid_connect_login", kwargs={"provider_id": "exampleshire"}))
    assert response.status_code == 302
    assert response.url.startswith(f"{provider.issuer}/authorize?")
    callback = urlparse(visit(response.url))
    assert callback.path == reverse(
        "openid_connect_callback", kwargs={"provider_id": "exampleshire"}
    )
    return client.get(f"{callback.path}?{callback.query}")


def test_the_sign_in_page_offers_each_provider(provider, client):
    page = client.get(reverse("account_login")).content.decode()
    assert "Sign in with Exampleshire account" in page


def test_an_oidc_sign_in_works_end_to_end(provider, personas):
    provider.user = {
        "sub": "u-1234",
        "email": "Organiser@example.ac.uk",
        "email_verified": True,
        "name": "Oli Organiser",
    }
    client = Client()
    response = sign_in_with_sso(client, provider)
    assert response.status_code == 302
    assert response.url == reverse("core:home")
    home = client.get(reverse("core:home"))
    assert home.status_code == 200
    assert home.context["user"] == personas.organiser
    assert "POST /token" in provider.requests and "GET /userinfo" in provider.requests
    entry = AuditEntry.objects.filter(action="accounts.session.signed_in").last()
    assert entry.target_id == str(personas.organiser.pk)

    # The second time, the provider's subject identifier finds the account.
    client.post(reverse("account_logout"))
    provider.user = {**provider.user, "email": "changed@example.ac.uk"}
    assert sign_in_with_sso(client, provider).url == reverse("core:home")


def test_someone_without_a_podium_account_is_refused_clearly(provider):
    provider.user = {"sub": "u-9", "email": "stranger@example.ac.uk", "email_verified": True}
    client = Client()
    response = sign_in_with_sso(client, provider)
    assert response.status_code == 403
    body = response.content.decode()
    assert "No Podium account for this sign-in" in body
    assert "ask your Podium administrator to add you" in body
    assert client.get(reverse("core:home")).status_code == 302


def test_an_unverified_address_is_not_matched_unless_the_provider_is_trusted(provider, personas):
    provider.user = {"sub": "u-2", "email": "organiser@example.ac.uk", "email_verified": False}
    assert sign_in_with_sso(Client(), provider).status_code == 403

    services.save_oidc_provider(
        acting_user=personas.admin,
        app=oidc_providers().get(),
        name="Exampleshire account",
        provider_id="exampleshire",
        server_url=provider.issuer,
        client_id=provider.client_id,
        secret="",
        trust_email=True,
    )
    assert sign_in_with_sso(Client(), provider).status_code == 302


def test_a_deactivated_person_cannot_sign_in_with_sso(provider, personas):
    services.deactivate_user(acting_user=personas.admin, user=personas.organiser)
    provider.user = {"sub": "u-3", "email": "organiser@example.ac.uk", "email_verified": True}
    client = Client()
    response = sign_in_with_sso(client, provider)
    assert "This account has been deactivated" in response.content.decode()
    assert client.get(reverse("core:home")).status_code == 302


def test_an_administrator_adds_and_changes_a_provider_without_auditing_the_secret(personas):
    admin = client_for(personas.admin)
    response = admin.post(
        reverse("accounts:sso-provider-create"),
        {
            "name": "University account (Microsoft)",
            "provider_id": "entra",
            "server_url": "https://login.microsoftonline.com/tenant-id/v2.0",
            "client_id": "client-123",
            "secret": "very-secret-value",
        },
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="accounts.sso.provider_saved")
    assert "very-secret-value" not in str(entry.data)
    assert entry.data["changes"]["client_id"] == {"old": None, "new": "client-123"}
    listing = admin.get(reverse("accounts:sso-provider-list")).content.decode()
    assert "University account (Microsoft)" in listing


def test_a_new_provider_needs_a_secret(personas):
    response = client_for(personas.admin).post(
        reverse("accounts:sso-provider-create"),
        {
            "name": "X",
            "provider_id": "x",
            "server_url": "https://idp.example.ac.uk",
            "client_id": "c",
        },
    )
    assert "Enter the client secret." in response.content.decode()


def test_an_unreachable_provider_gets_a_page_not_a_server_error(personas):
    services.save_oidc_provider(
        acting_user=personas.admin,
        app=None,
        name="Down",
        provider_id="down",
        server_url="http://127.0.0.1:9",
        client_id="c",
        secret="s",
        trust_email=False,
    )
    response = Client().post(reverse("openid_connect_login", kwargs={"provider_id": "down"}))
    assert response.status_code == 502
    assert "You can still sign in with your Podium password." in response.content.decode()
