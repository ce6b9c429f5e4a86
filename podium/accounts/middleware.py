"""Session limits and mandatory two-factor enrolment (docs/security.md)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from allauth.usersessions import app_settings as usersessions_settings
from allauth.usersessions.middleware import (
    UserSessionsMiddleware as AllauthUserSessionsMiddleware,
)
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.core.exceptions import MiddlewareNotUsed
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from podium.accounts import selectors

SIGNED_IN_AT = "podium.signed_in_at"
LAST_SEEN = "podium.last_seen"
MFA_SATISFIED = "podium.mfa_satisfied"
# "Last seen" is written at most this often, so most requests write nothing.
LAST_SEEN_GRANULARITY = 60

# What a person who must set up two-factor authentication may still reach.
ENROLMENT_URL_NAMES = (
    "mfa_activate_totp",
    "mfa_add_webauthn",
    "mfa_view_recovery_codes",
    "mfa_download_recovery_codes",
    "account_logout",
    "account_reauthenticate",
    "accounts:session-keepalive",
    "core:accessibility",
)


def start_session(*, request: HttpRequest, user: Any) -> None:
    """At sign-in: start both clocks, and note whether MFA enrolment is owed."""
    now = int(time.time())
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN] = now
    if selectors.has_second_factor(user=user) or not selectors.mfa_required_for(user=user):
        request.session[MFA_SATISFIED] = True


def _session_ended(request: HttpRequest) -> HttpResponse | None:
    """End a session after PODIUM_SESSION_IDLE_SECONDS without a request, or
    PODIUM_SESSION_ABSOLUTE_SECONDS after sign-in, whichever comes first: the
    redirect to sign in again, or None while the session lasts."""
    now = int(time.time())
    session = request.session
    signed_in_at = int(session.get(SIGNED_IN_AT, now))
    last_seen = int(session.get(LAST_SEEN, now))
    if (
        now - signed_in_at > settings.PODIUM_SESSION_ABSOLUTE_SECONDS
        or now - last_seen > settings.PODIUM_SESSION_IDLE_SECONDS
    ):
        logout(request)
        messages.info(request, "Your session has ended. Sign in again to carry on.")
        login = reverse(settings.LOGIN_URL)
        if request.method == "GET":
            return redirect(f"{login}?{urlencode({'next': request.get_full_path()})}")
        return redirect(login)
    if SIGNED_IN_AT not in session:
        session[SIGNED_IN_AT] = now
    if now - last_seen >= LAST_SEEN_GRANULARITY or LAST_SEEN not in session:
        session[LAST_SEEN] = now
    return None


def _mfa_enrolment_owed(request: HttpRequest, user: Any) -> HttpResponse | None:
    """Send a signed-in person whose role makes two-factor authentication mandatory,
    and who has not set it up, to set it up before anything else: the redirect, or
    None when nothing is owed (or the page is one they may still reach).

    Decided at sign-in (`start_session`): a policy or role change applies from the
    person's next sign-in.
    """
    if request.session.get(MFA_SATISFIED):
        return None
    if selectors.has_second_factor(user=user) or not selectors.mfa_required_for(user=user):
        request.session[MFA_SATISFIED] = True
        return None
    allowed = {reverse(name) for name in ENROLMENT_URL_NAMES}
    if request.path in allowed or request.path.startswith(settings.STATIC_URL):
        request.mfa_required = True  # type: ignore[attr-defined]
        return None
    return redirect("mfa_activate_totp")


def account_session_middleware(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """For a signed-in person: the session limits (`_session_ended`), then mandatory
    two-factor enrolment (`_mfa_enrolment_owed`). One middleware for both, as every
    layer of middleware is paid on every request (docs/performance.md)."""

    def middleware(request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated:
            refused = _session_ended(request) or _mfa_enrolment_owed(request, user)
            if refused is not None:
                return refused
        return get_response(request)

    return middleware


class UserSessionsMiddleware:
    """django-allauth's user-session middleware, left out of the stack (Django's
    `MiddlewareNotUsed`) when it would do nothing: it only records each request's
    activity, and Podium turns that off (`USERSESSIONS_TRACK_ACTIVITY`). The list of
    sessions and signing out elsewhere do not need it: sessions are recorded at
    sign-in."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        if not usersessions_settings.TRACK_ACTIVITY:
            raise MiddlewareNotUsed
        self.tracking = AllauthUserSessionsMiddleware(get_response)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response: HttpResponse = self.tracking(request)
        return response
