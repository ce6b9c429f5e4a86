"""Receivers of Django's and allauth's documented sign-in signals."""

from __future__ import annotations

from typing import Any

from allauth.mfa.signals import authenticator_removed
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from podium.accounts.middleware import MFA_SATISFIED, start_session


@receiver(user_logged_in)
def session_started(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        start_session(request=request, user=user)


@receiver(authenticator_removed)
def mfa_removed(sender: Any, request: HttpRequest | None, **kwargs: Any) -> None:
    # Someone whose role makes MFA mandatory is asked to set it up again.
    if request is not None and hasattr(request, "session"):
        request.session.pop(MFA_SATISFIED, None)
