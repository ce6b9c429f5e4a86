"""Token pages, the documentation page, the OpenAPI document and the command."""

from __future__ import annotations

import io
import re
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from openapi_spec_validator import validate

from config.api import api
from podium.api.models import ApiToken, TokenScope
from podium.api.selectors import usable_token
from podium.api.services import create_token
from podium.audit.models import AuditEntry
from podium.testing.api import ApiClient
from podium.testing.personas import client_for


def test_creating_a_token_shows_its_secret_once(personas):
    client = client_for(personas.organiser)
    response = client.post(
        reverse("api:token-create"), {"name": "HR sync", "scope": "read", "expires_in": "90"}
    )
    assert response.status_code == 200
    token = ApiToken.objects.get(user=personas.organiser)
    secret = response.context["secret"]
    assert usable_token(secret=secret) == token
    assert secret in response.content.decode()
    assert token.expires_at - token.created_at == timedelta(days=90)
    assert "no-store" in response["Cache-Control"]
    listing = client.get(reverse("api:token-list")).content.decode()
    assert "HR sync" in listing and token.prefix in listing
    assert secret not in listing


def test_the_token_form_names_what_is_missing(personas):
    response = client_for(personas.organiser).post(
        reverse("api:token-create"), {"name": "", "scope": "admin", "expires_in": "9999"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "name": ["Enter a name for the token."],
        "scope": ["Choose what the token may do."],
        "expires_in": ["Choose when the token expires."],
    }
    assert not ApiToken.objects.exists()


def test_the_list_shows_only_your_own_tokens(personas):
    create_token(
        acting_user=personas.admin,
        user=personas.admin,
        name="Admin's secret job",
        scope=TokenScope.READ_WRITE,
        lifetime=timedelta(days=7),
    )
    response = client_for(personas.organiser).get(reverse("api:token-list"))
    assert "Admin's secret job" not in response.content.decode()
    assert "You have no API tokens." in response.content.decode()


def test_revoking_your_token(personas):
    token, secret = create_token(
        acting_user=personas.organiser,
        user=personas.organiser,
        name="Old job",
        scope=TokenScope.READ,
        lifetime=timedelta(days=7),
    )
    client = client_for(personas.organiser)
    response = client.post(reverse("api:token-revoke", args=[token.pk]), follow=True)
    assert "Old job no longer works." in response.content.decode()
    assert ApiClient(secret).get("/api/v1/me").status_code == 401
    response = client.post(reverse("api:token-revoke", args=[token.pk]), follow=True)
    assert "This token has already been revoked." in response.content.decode()


def test_someone_elses_token_cannot_be_revoked(personas):
    token, _ = create_token(
        acting_user=personas.admin,
        user=personas.admin,
        name="Theirs",
        scope=TokenScope.READ,
        lifetime=timedelta(days=7),
    )
    response = client_for(personas.organiser).post(reverse("api:token-revoke", args=[token.pk]))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_the_openapi_document_is_valid_openapi(db, client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    validate(document)
    assert document["components"]["securitySchemes"] == {
        "TokenAuth": {"type": "http", "scheme": "bearer"}
    }


def test_the_docs_page_lists_every_operation(db, client):
    response = client.get(reverse("api:docs"))
    assert response.status_code == 200
    page = response.content.decode()
    for path, item in api.get_openapi_schema()["paths"].items():
        for method in item:
            assert f"{method.upper()} {path}" in page
    # No API console's scripts (Swagger and the like): only the house's own, deferred.
    assert "<script>" not in page
    scripts = re.findall(r'<script src="([^"]+)" defer></script>', page)
    assert page.count("<script") == len(scripts)
    assert all(src.startswith("/static/podium/js/") for src in scripts), scripts


# --- podium api-token ----------------------------------------------------------


def test_the_command_prints_a_working_token(personas):
    out, err = io.StringIO(), io.StringIO()
    call_command(
        "api-token",
        "create",
        "--user",
        "Auditor@Example.ac.uk",
        "--scope",
        "read-write",
        "--expires",
        "30d",
        "--name",
        "Nightly export",
        stdout=out,
        stderr=err,
    )
    secret = out.getvalue().strip()
    token = usable_token(secret=secret)
    assert token is not None and token.user == personas.auditor
    assert token.scope == TokenScope.READ_WRITE and token.name == "Nightly export"
    assert token.expires_at - token.created_at == timedelta(days=30)
    assert "shown only this once" in err.getvalue()
    entry = AuditEntry.objects.get(action="api.token.created")
    assert entry.actor is None and secret not in str(entry.data)
    assert ApiClient(secret).get("/api/v1/me").json()["email"] == "auditor@example.ac.uk"


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--user", "nobody@example.ac.uk"], "No one has the address nobody@example.ac.uk."),
        (["--expires", "soon"], "--expires takes a number of days or weeks"),
        (["--expires", "400d"], "A token lasts between one day and one year."),
    ],
)
def test_the_command_refuses_bad_arguments(personas, arguments, message):
    defaults = {"--user": "admin@example.ac.uk", "--scope": "read-only", "--expires": "7d"}
    defaults.update(dict(zip(arguments[::2], arguments[1::2], strict=True)))
    flat = [part for pair in defaults.items() for part in pair]
    with pytest.raises(CommandError, match=message):
        call_command("api-token", "create", *flat)


@pytest.mark.parametrize("url_name", ["api:token-list", "api:docs"])
def test_read_only_pages_refuse_post(personas, url_name):
    assert client_for(personas.organiser).post(reverse(url_name)).status_code == 405
