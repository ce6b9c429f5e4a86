"""The parts of django-allauth Podium uses, at Podium's paths and under allauth's
URL names (allauth reverses them itself). Sign-up, e-mail management, login by
code and the other flows Podium does not offer are not mounted.

Views that change state run in one transaction, so the audit entries written by
`podium.audit.signals` commit or roll back with the change.
"""

from __future__ import annotations

from allauth.account import views as account_views
from allauth.mfa.base import views as mfa_views
from allauth.mfa.recovery_codes import views as recovery_views
from allauth.mfa.totp import views as totp_views
from allauth.usersessions import views as usersessions_views
from django.db import transaction
from django.urls import path, re_path

atomic = transaction.atomic

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
    path("two-factor/", mfa_views.index, name="mfa_index"),
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
        atomic(recovery_views.view_recovery_codes),
        name="mfa_view_recovery_codes",
    ),
    path(
        "two-factor/recovery-codes/generate/",
        atomic(recovery_views.generate_recovery_codes),
        name="mfa_generate_recovery_codes",
    ),
    path(
        "two-factor/recovery-codes/download/",
        recovery_views.download_recovery_codes,
        name="mfa_download_recovery_codes",
    ),
    path("sessions/", atomic(usersessions_views.list_usersessions), name="usersessions_list"),
]
