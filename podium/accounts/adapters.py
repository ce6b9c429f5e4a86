"""Podium's hooks into django-allauth (its documented adapter extension point)."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.http import HttpRequest


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


class MfaAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": (
            "That code is not right, or has already been used. "
            "Enter the code your authenticator app shows now."
        ),
    }
