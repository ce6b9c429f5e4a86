"""SAML 2.0 single sign-on, end to end against a test identity provider that signs
real assertions with its own key (podium/testing/saml_idp.py)."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest
from django.test import Client
from django.urls import reverse

from podium.accounts import services
from podium.audit.models import AuditEntry
from podium.testing.personas import client_for
from podium.testing.saml_idp import EMAIL, UID, SamlIdp

HOST = "podium.example.ac.uk"


@pytest.fixture
def idp(personas, settings) -> SamlIdp:
    # python3-saml accepts only dotted host names in the SP's own URLs.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, HOST]
    idp = SamlIdp()
    services.save_saml_provider(
        acting_user=personas.admin,
        app=None,
        name="Exampleshire (Shibboleth)",
        organisation="exampleshire",
        entity_id=idp.entity_id,
        sso_url=idp.sso_url,
        certificate=idp.cert_pem,
        trust_email=True,
    )
    return idp


def browser() -> Client:
    return Client(HTTP_HOST=HOST)  # a browser always sends Host; python3-saml reads it


def sign_in_with_saml(client: Client, idp: SamlIdp):
    """Press "Sign in with …", let the IdP answer, post its response back."""
    response = client.post(reverse("saml_login", kwargs={"organization_slug": "exampleshire"}))
    assert response.status_code == 302
    assert response.url.startswith(idp.sso_url)
    acs_url, fields = idp.respond(response.url)
    response = client.post(urlparse(acs_url).path, fields)
    assert response.status_code == 302
    return client.get(response.url)


def test_a_saml_sign_in_works_end_to_end(idp, personas):
    idp.attributes = {UID: "organiser-1", EMAIL: "organiser@example.ac.uk"}
    client = browser()
    response = sign_in_with_saml(client, idp)
    assert response.status_code == 302
    assert response.url == reverse("core:home")
    assert client.get(reverse("core:home")).context["user"] == personas.organiser
    entry = AuditEntry.objects.filter(action="accounts.session.signed_in").last()
    assert entry.target_id == str(personas.organiser.pk)


def test_someone_without_a_podium_account_is_refused(idp):
    idp.attributes = {UID: "x-1", EMAIL: "stranger@example.ac.uk"}
    client = browser()
    response = sign_in_with_saml(client, idp)
    assert response.status_code == 403
    assert "No Podium account for this sign-in" in response.content.decode()


def test_an_assertion_signed_by_another_key_is_refused(idp, personas):
    impostor = SamlIdp(entity_id=idp.entity_id, sso_url=idp.sso_url)
    impostor.attributes = {UID: "organiser-1", EMAIL: "organiser@example.ac.uk"}
    client = browser()
    response = sign_in_with_saml(client, impostor)
    assert response.status_code == 401
    assert "Single sign-on did not work" in response.content.decode()
    assert client.get(reverse("core:home")).status_code == 302


def test_podium_publishes_its_saml_metadata(idp):
    response = browser().get(reverse("saml_metadata", kwargs={"organization_slug": "exampleshire"}))
    assert response.status_code == 200
    assert b"AssertionConsumerService" in response.content


def test_an_administrator_adds_a_saml_identity_provider(personas):
    idp = SamlIdp()
    admin = client_for(personas.admin)
    response = admin.post(
        reverse("accounts:saml-provider-create"),
        {
            "name": "University account (Shibboleth)",
            "organisation": "exampleshire",
            "entity_id": idp.entity_id,
            "sso_url": idp.sso_url,
            "certificate": idp.cert_pem,
        },
    )
    assert response.status_code == 302
    listing = admin.get(reverse("accounts:sso-provider-list")).content.decode()
    assert "University account (Shibboleth)" in listing


def test_a_certificate_that_is_not_one_is_refused(personas):
    response = client_for(personas.admin).post(
        reverse("accounts:saml-provider-create"),
        {
            "name": "X",
            "organisation": "x",
            "entity_id": "https://idp.example.ac.uk/idp/shibboleth",
            "sso_url": "https://idp.example.ac.uk/sso",
            "certificate": "not a certificate",
        },
    )
    assert "This is not a certificate in PEM form." in response.content.decode()
