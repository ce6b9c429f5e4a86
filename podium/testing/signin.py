"""Signing in as a person would, for tests: allauth's forms, TOTP codes."""

from __future__ import annotations

import datetime as dt

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
from django.test import Client
from django.urls import reverse

from podium.testing import factories


def code_at(secret: str, moment: dt.datetime) -> str:
    return str(format_hotp_value(hotp_value(secret, int(moment.timestamp()) // 30)))


def sign_in(client: Client, email: str, password: str = factories.PASSWORD):  # type: ignore[no-untyped-def]
    return client.post(reverse("account_login"), {"login": email, "password": password})


def enrol_totp(client: Client, at: dt.datetime) -> str:
    """Set up TOTP for the signed-in person; returns the secret. allauth asks for
    the password again first ("confirm it is you")."""
    response = client.get(reverse("mfa_activate_totp"))
    assert response.url.startswith(reverse("account_reauthenticate"))  # type: ignore[attr-defined]
    response = client.post(response.url, {"password": factories.PASSWORD})  # type: ignore[attr-defined]
    assert response.url == reverse("mfa_activate_totp")  # type: ignore[attr-defined]
    response = client.get(reverse("mfa_activate_totp"))
    secret: str = response.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": code_at(secret, at)})
    assert response.status_code == 302, response.content.decode()
    return secret
