"""Podium's hooks into django-allauth (its documented adapter extension point)."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import render

from podium.accounts.models import User, normalise_email
from podium.core.http import client_ip


def user_display(user: Any) -> str:
    return str(getattr(user, "full_name", "") or getattr(user, "email", ""))


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": "Enter a correct e-mail address and password.",
        "account_inactive": "This account has been deactivated. Ask your Podium administrator.",
        "too_many_login_attempts": (
            "Too many failed attempts to sign in. Wait 5 minutes, then try again, "
            "or reset your password."
        ),
        "enter_current_password": "Enter your current password.",
        "incorrect_password": "Your current password is not right.",
    }

    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Administrators create accounts (podium.accounts.services.create_user).
        return False

    def get_client_ip(self, request: HttpRequest) -> str:
        # The rate limits and the sessions list count by the same address the audit
        # log records (podium.core.http.client_ip: trusted proxies only).
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine client IP address")
        return ip


class MfaAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": (
            "That code is not right, or has already been used. "
            "Enter the code your authenticator app shows now."
        ),
    }


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    """Single sign-on only for people who already have a Podium account."""

    def is_open_for_signup(self, request: HttpRequest, sociallogin: Any) -> bool:
        return False

    def pre_social_login(self, request: HttpRequest, sociallogin: Any) -> None:
        if sociallogin.is_existing:
            if not sociallogin.user.is_active:
                raise ImmediateHttpResponse(render(request, "account/account_inactive.html"))
            return
        app = sociallogin.provider.app
        trusted = bool(app.settings.get("trust_email")) if app is not None else False
        for address in sociallogin.email_addresses:
            if not (address.verified or trusted):
                continue
            user = User.objects.filter(email=normalise_email(address.email)).first()
            if user is None:
                continue
            if not user.is_active:
                raise ImmediateHttpResponse(render(request, "account/account_inactive.html"))
            # Link this provider's identity to the account once; later sign-ins
            # find it by the provider's subject identifier.
            sociallogin.connect(request, user)
            return
        raise ImmediateHttpResponse(
            render(
                request,
                "account/signup_closed.html",
                {"provider": sociallogin.provider.name},
                status=403,
            )
        )
