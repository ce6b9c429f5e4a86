"""The security baseline of QUALITY.md, for everything that exists."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import path, reverse

from config import urls as config_urls
from podium.testing.factories import PASSWORD
from podium.testing.personas import client_for

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "PATH": os.environ.get("PATH", ""),
    "DJANGO_SETTINGS_MODULE": "config.settings",
    "DEBUG": "false",
    "SECRET_KEY": "Qm9v3kL2pX8rT5wY1zA7cD4fG6hJ0nB2vC9xZ3sE5rT7yU1iO4pA6sD8fG0hJ2kL",
    "ALLOWED_HOSTS": "podium.example.ac.uk",
    "DATABASE_URL": os.environ.get("DATABASE_URL", ""),
    "PODIUM_VAR_DIR": "",
}


def run_python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**PRODUCTION_ENV, **env}
    environment["PODIUM_VAR_DIR"] = environment["PODIUM_VAR_DIR"] or str(
        ROOT / "var" / "test-subprocess"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_settings(**env: str) -> dict:
    code = (
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps({k: getattr(settings, k, None) for k in ["
        "'SESSION_COOKIE_NAME','SESSION_COOKIE_SECURE','SESSION_COOKIE_HTTPONLY','CSRF_COOKIE_NAME',"
        "'CSRF_COOKIE_SECURE','SECURE_HSTS_SECONDS','SECURE_SSL_REDIRECT','SESSION_COOKIE_AGE',"
        "'SECURE_CONTENT_TYPE_NOSNIFF','SECURE_REFERRER_POLICY']}))"
    )
    result = run_python(code, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_check_deploy_is_clean_with_production_settings():
    result = run_python(
        "from podium.__main__ import main; import sys; "
        "sys.argv = ['podium', 'check', '--deploy', '--fail-level', 'WARNING']; main()"
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout


def test_production_cookies_and_transport():
    settings = production_settings()
    assert settings["SESSION_COOKIE_NAME"].startswith("__Host-")
    assert settings["CSRF_COOKIE_NAME"].startswith("__Host-")
    assert settings["SESSION_COOKIE_SECURE"] and settings["CSRF_COOKIE_SECURE"]
    assert settings["SESSION_COOKIE_HTTPONLY"]
    assert settings["SECURE_HSTS_SECONDS"] >= 365 * 24 * 60 * 60
    assert settings["SECURE_SSL_REDIRECT"]
    assert settings["SESSION_COOKIE_AGE"] <= 12 * 60 * 60


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"SECRET_KEY": ""}, "SECRET_KEY (or SECRET_KEY_FILE) must be set"),
        (
            {"SECRET_KEY": "django-insecure-" + "x" * 60},
            "SECRET_KEY (or SECRET_KEY_FILE) must be set",
        ),
        ({"SECRET_KEY": "short"}, "SECRET_KEY (or SECRET_KEY_FILE) must be set"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS must list the host names"),
        ({"DEBUG": "maybe"}, "DEBUG must be true or false, not 'maybe'."),
    ],
)
def test_the_app_refuses_to_start_insecurely(env, message):
    result = run_python("import django; django.setup()", **env)
    assert result.returncode != 0
    assert message in result.stderr


def test_the_secret_key_can_come_from_a_file(tmp_path):
    key_file = tmp_path / "key"
    key_file.write_text("F" * 20 + "r5Tg8Hj2Kl4Mn6Bv9Cx1Zq3Wa7Se0Dx2Cf4Vg6Bh8Nj")
    result = run_python(
        "import django; django.setup(); from django.conf import settings; print(settings.SECRET_KEY[:5])",
        SECRET_KEY="",
        SECRET_KEY_FILE=str(key_file),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "FFFFF"


def test_every_page_sends_the_security_headers(client, db):
    response = client.get(reverse("account_login"))
    csp = response["Content-Security-Policy"]
    for directive in (
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "script-src 'self'",
    ):
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_error_pages_send_the_security_headers_too(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert "Page not found" in response.content.decode()


def test_signed_in_pages_are_never_stored(personas):
    response = client_for(personas.admin).get(reverse("core:home"))
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_public_pages_for_anonymous_people_may_be_cached(client, db):
    response = client.get(reverse("core:accessibility"))
    assert "no-store" not in response.get("Cache-Control", "")


def test_a_form_without_its_csrf_token_is_refused_readably(personas):
    client = Client(enforce_csrf_checks=True)
    client.force_login(personas.admin)
    response = client.post(
        reverse("accounts:user-create"), {"full_name": "X", "email": "x@example.ac.uk"}
    )
    assert response.status_code == 403
    assert "Your form could not be sent" in response.content.decode()


def boom(request):
    raise RuntimeError("a bug")


urlpatterns = [*config_urls.urlpatterns, path("boom/", boom)]


@pytest.mark.urls("tests.test_security")
def test_a_server_error_shows_the_friendly_page(db):
    client = Client(raise_request_exception=False)
    response = client.get("/boom/")
    assert response.status_code == 500
    assert "Sorry, there is a problem with Podium" in response.content.decode()
    assert "a bug" not in response.content.decode()


def test_sign_in_messages_are_kept_in_the_session_not_in_a_cookie(personas):
    """Django's default message storage puts "Successfully signed in as <name>" in a
    `messages` cookie without the __Host- prefix; Podium keeps messages in the session."""
    client = Client()
    response = client.post(
        reverse("account_login"), {"login": personas.admin.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert "messages" not in response.cookies
    page = client.get(response["Location"])
    assert "messages" not in page.cookies
    assert f"Successfully signed in as {personas.admin.get_full_name()}" in page.content.decode()


def test_a_form_actions_message_is_kept_in_the_session_not_in_a_cookie(personas):
    client = client_for(personas.organiser)
    response = client.post(reverse("speakers:speaker-create"), {"name": "Jane Example"})
    assert response.status_code == 302
    assert "messages" not in response.cookies
    page = client.get(response["Location"])
    assert "messages" not in page.cookies
    assert "Jane Example added to the register." in page.content.decode()
