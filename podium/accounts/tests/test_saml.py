"""SAML 2.0 single sign-on, end to end against a test identity provider that signs
real assertions with its own key (podium/testing/saml_idp.py)."""

from __future__ import annotations

import base64
import datetime as dt
import re
from urllib.parse import urlparse

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from podium.accounts import saml, services
from podium.accounts.models import UsedSamlAssertion
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


def test_an_unsigned_assertion_is_refused(idp, personas):
    idp.signs = False
    idp.attributes = {UID: "organiser-1", EMAIL: "organiser@example.ac.uk"}
    client = browser()
    response = sign_in_with_saml(client, idp)
    assert response.status_code == 401
    assert "Single sign-on did not work" in response.content.decode()
    assert client.get(reverse("core:home")).status_code == 302


def post_response(client: Client, acs_url: str, fields: dict[str, str]):
    response = client.post(urlparse(acs_url).path, fields)
    if response.status_code == 302:
        response = client.get(response.url)
    return response


def test_a_replayed_assertion_is_refused_in_the_same_browser(idp, personas):
    idp.attributes = {UID: "organiser-1", EMAIL: "organiser@example.ac.uk"}
    client = browser()
    response = client.post(reverse("saml_login", kwargs={"organization_slug": "exampleshire"}))
    acs_url, fields = idp.respond(response.url)
    assert post_response(client, acs_url, fields).url == reverse("core:home")
    client.post(reverse("account_logout"))
    replayed = post_response(client, acs_url, fields)
    assert replayed.status_code in (401, 403)
    assert client.get(reverse("core:home")).status_code == 302


def test_a_replayed_assertion_is_refused_in_another_browser(idp, personas):
    """An attacker who captured the posted response (from a shared computer's
    history, a proxy log) replays it from a browser that started its own sign-in."""
    idp.attributes = {UID: "organiser-1", EMAIL: "organiser@example.ac.uk"}
    victim = browser()
    response = victim.post(reverse("saml_login", kwargs={"organization_slug": "exampleshire"}))
    acs_url, fields = idp.respond(response.url)
    assert post_response(victim, acs_url, fields).url == reverse("core:home")

    attacker = browser()
    attacker.post(reverse("saml_login", kwargs={"organization_slug": "exampleshire"}))
    replayed = post_response(attacker, acs_url, fields)
    assert replayed.status_code in (401, 403)
    assert attacker.get(reverse("core:home")).status_code == 302


def test_a_captured_assertion_readdressed_to_another_sign_in_is_refused(idp, personas):
    """The IdP signs the assertion, not the Response around it, and does not name the
    request inside the assertion: an attacker can point the captured Response at
    their own sign-in (its InResponseTo). The assertion's ID has been used once."""
    idp.confirms_request = False
    idp.attributes = {UID: "organiser-1", EMAIL: "organiser@example.ac.uk"}
    victim = browser()
    response = victim.post(reverse("saml_login", kwargs={"organization_slug": "exampleshire"}))
    acs_url, fields = idp.respond(response.url)
    assert post_response(victim, acs_url, fields).url == reverse("core:home")

    attacker = browser()
    response = attacker.post(reverse("saml_login", kwargs={"organization_slug": "exampleshire"}))
    _, theirs = idp.respond(response.url)
    their_request = re.search(rb'InResponseTo="([^"]+)"', base64.b64decode(theirs["SAMLResponse"]))
    assert their_request
    captured = base64.b64decode(fields["SAMLResponse"])
    readdressed = re.sub(
        rb'(<samlp:Response[^>]*InResponseTo=")[^"]+', rb"\g<1>" + their_request.group(1), captured
    )
    replayed = post_response(
        attacker, acs_url, {"SAMLResponse": base64.b64encode(readdressed).decode()}
    )
    assert replayed.status_code in (401, 403)
    assert attacker.get(reverse("core:home")).status_code == 302


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


def test_a_used_assertion_is_remembered_until_it_expires(idp, db):
    idp.attributes = {UID: "organiser-1", EMAIL: "organiser@example.ac.uk"}
    response = browser().post(reverse("saml_login", kwargs={"organization_slug": "exampleshire"}))
    _, fields = idp.respond(response.url)
    assert saml.use_assertion_once(provider="exampleshire", saml_response=fields["SAMLResponse"])
    assert not saml.use_assertion_once(
        provider="exampleshire", saml_response=fields["SAMLResponse"]
    )
    [used] = UsedSamlAssertion.objects.all()
    # Kept until the assertion's NotOnOrAfter (5 minutes) and the allowed drift.
    assert timezone.now() + dt.timedelta(minutes=9) < used.expires_at
    assert used.expires_at < timezone.now() + dt.timedelta(minutes=11)
    with time_machine.travel(used.expires_at + dt.timedelta(seconds=1)):
        saml.use_assertion_once(provider="exampleshire", saml_response="bm90IFhNTA==")
        assert not UsedSamlAssertion.objects.exists()


def test_a_response_that_is_not_one_is_left_to_python3_saml(db):
    for nonsense in ("", "%%%", base64.b64encode(b"<x/>").decode(), "bm90IFhNTA=="):
        assert saml.use_assertion_once(provider="exampleshire", saml_response=nonsense)
    assert not UsedSamlAssertion.objects.exists()
