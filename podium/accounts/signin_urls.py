"""The parts of django-allauth Podium uses, at Podium's paths and under allauth's
URL names (allauth reverses them itself). Sign-up, e-mail management, login by
code and the other flows Podium does not offer are not mounted.

Views that change state run in one transaction, so the audit entries written by
`podium.audit.signals` commit or roll back with the change.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

import requests
from allauth.account import views as account_views
from allauth.mfa.base import views as mfa_views
from allauth.mfa.recovery_codes import views as recovery_views
from allauth.mfa.totp import views as totp_views
from allauth.mfa.webauthn import views as webauthn_views
from allauth.socialaccount import views as social_views
from allauth.socialaccount.providers.openid_connect import views as oidc_views
from allauth.socialaccount.providers.saml import views as saml_views
from allauth.usersessions import views as usersessions_views
from allauth.usersessions.models import UserSession
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path, re_path
from django.views.decorators.http import require_GET
from onelogin.saml2.errors import OneLogin_Saml2_Error

from podium.accounts.saml import refuse_replayed_assertions
from podium.audit.services import record

logger = logging.getLogger(__name__)

atomic = transaction.atomic


def provider_unreachable_is_a_page(
    view: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    """A single sign-on provider that cannot be reached (or answers nonsense) gets a
    page that says so, never a server error."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except (requests.RequestException, OneLogin_Saml2_Error, ValueError, KeyError):
            logger.warning(
                "Single sign-on provider %s failed",
                kwargs.get("provider_id") or kwargs.get("organization_slug"),
                exc_info=True,
            )
            return render(
                request,
                "socialaccount/authentication_error.html",
                {"unreachable": True},
                status=502,
            )

    return wrapper


sso = provider_unreachable_is_a_page


def audited_sign_out_elsewhere(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The sessions page's POST signs the person out of every other browser:
    record how many, in the same transaction."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if request.method != "POST" or not request.user.is_authenticated:
            return view(request, *args, **kwargs)
        with transaction.atomic():
            sessions = UserSession.objects.filter(user=request.user)
            before = sessions.count()
            response = view(request, *args, **kwargs)
            ended = before - sessions.count()
            if ended:
                record(
                    action="accounts.session.signed_out_elsewhere",
                    actor=request.user,
                    target=request.user,
                    data={"browsers_signed_out": ended},
                )
        return response

    return wrapper


urlpatterns = [
    path("sign-in/", atomic(account_views.login), name="account_login"),
    path("sign-out/", atomic(account_views.logout), name="account_logout"),
    path("deactivated/", account_views.account_inactive, name="account_inactive"),
    path("confirm-it-is-you/", atomic(account_views.reauthenticate), name="account_reauthenticate"),
    path("password/change/", atomic(account_views.password_change), name="account_change_password"),
    path("password/reset/", atomic(account_views.password_reset), name="account_reset_password"),
    path(
        "password/reset/sent/",
        account_views.password_reset_done,
        name="account_reset_password_done",
    ),
    path(
        "password/reset/key/done/",
        account_views.password_reset_from_key_done,
        name="account_reset_password_from_key_done",
    ),
    re_path(
        r"^password/reset/key/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        atomic(account_views.password_reset_from_key),
        name="account_reset_password_from_key",
    ),
    path("two-factor/", require_GET(mfa_views.index), name="mfa_index"),
    path("two-factor/authenticate/", atomic(mfa_views.authenticate), name="mfa_authenticate"),
    path("two-factor/reauthenticate/", atomic(mfa_views.reauthenticate), name="mfa_reauthenticate"),
    path("two-factor/totp/activate/", atomic(totp_views.activate_totp), name="mfa_activate_totp"),
    path(
        "two-factor/totp/deactivate/",
        atomic(totp_views.deactivate_totp),
        name="mfa_deactivate_totp",
    ),
    path(
        "two-factor/recovery-codes/",
        require_GET(recovery_views.view_recovery_codes),
        name="mfa_view_recovery_codes",
    ),
    path(
        "two-factor/recovery-codes/generate/",
        atomic(recovery_views.generate_recovery_codes),
        name="mfa_generate_recovery_codes",
    ),
    path(
        "two-factor/recovery-codes/download/",
        require_GET(recovery_views.download_recovery_codes),
        name="mfa_download_recovery_codes",
    ),
    # WebAuthn: security keys and passkeys (docs/security.md). Renaming a key is not
    # mounted (allauth's edit view); remove it and add it again under another name.
    path("two-factor/keys/", require_GET(webauthn_views.list_webauthn), name="mfa_list_webauthn"),
    path("two-factor/keys/add/", atomic(webauthn_views.add_webauthn), name="mfa_add_webauthn"),
    path(
        "two-factor/keys/<int:pk>/remove/",
        atomic(webauthn_views.remove_webauthn),
        name="mfa_remove_webauthn",
    ),
    path(
        "two-factor/keys/reauthenticate/",
        atomic(webauthn_views.reauthenticate_webauthn),
        name="mfa_reauthenticate_webauthn",
    ),
    path("sign-in/passkey/", atomic(webauthn_views.login_webauthn), name="mfa_login_webauthn"),
    path(
        "sessions/",
        audited_sign_out_elsewhere(usersessions_views.list_usersessions),
        name="usersessions_list",
    ),
    # Single sign-on with OpenID Connect providers (Microsoft Entra ID and others).
    path(
        "oidc/<str:provider_id>/login/", sso(atomic(oidc_views.login)), name="openid_connect_login"
    ),
    path(
        "oidc/<str:provider_id>/login/callback/",
        sso(atomic(oidc_views.callback)),
        name="openid_connect_callback",
    ),
    # Single sign-on with SAML 2.0 identity providers (Shibboleth, UK federation).
    # The identity provider POSTs the signed assertion to the ACS URL from its own
    # site, so allauth exempts that one view from CSRF; the XML signature is the
    # protection.
    path("saml/<str:organization_slug>/login/", sso(atomic(saml_views.login)), name="saml_login"),
    # An assertion signs in once: its ID is remembered until it expires (saml.py).
    path(
        "saml/<str:organization_slug>/acs/",
        sso(refuse_replayed_assertions(saml_views.acs)),
        name="saml_acs",
    ),
    path(
        "saml/<str:organization_slug>/acs/finish/",
        sso(atomic(saml_views.finish_acs)),
        name="saml_finish_acs",
    ),
    path("saml/<str:organization_slug>/sls/", sso(atomic(saml_views.sls)), name="saml_sls"),
    path(
        "saml/<str:organization_slug>/metadata/",
        require_GET(sso(saml_views.metadata)),
        name="saml_metadata",
    ),
    path("sso/cancelled/", social_views.login_cancelled, name="socialaccount_login_cancelled"),
    path("sso/error/", social_views.login_error, name="socialaccount_login_error"),
]
