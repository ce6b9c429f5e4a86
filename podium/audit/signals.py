"""Sign-in events, from Django's documented authentication signals."""

from __future__ import annotations

from typing import Any

from allauth.account.signals import password_changed, password_reset
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpRequest

from podium.audit.services import record
from podium.core.http import client_ip


def client_address(request: HttpRequest | None) -> str:
    # The same trusted-proxy rule as the sign-in rate limits (docs/security.md).
    return client_ip(request)


@receiver(user_logged_in)
def signed_in(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    with transaction.atomic():
        record(
            action="accounts.session.signed_in",
            actor=user,
            target=user,
            data={"ip": client_address(request)},
        )


@receiver(user_logged_out)
def signed_out(sender: Any, request: HttpRequest | None, user: Any, **kwargs: Any) -> None:
    if user is None:
        return
    with transaction.atomic():
        record(
            action="accounts.session.signed_out",
            actor=user,
            target=user,
            data={"ip": client_address(request)},
        )


@receiver(user_login_failed)
def sign_in_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # Compared as accounts stores addresses (accounts.models.normalise_email): the
    # audit log sits below accounts and names the user model only through settings.
    email = str(credentials.get("username") or credentials.get("email") or "").strip().lower()
    email = email[:254]
    user_model = get_user_model()
    with transaction.atomic():
        record(
            action="accounts.session.sign_in_failed",
            actor=None,
            target=user_model._default_manager.filter(**{user_model.USERNAME_FIELD: email}).first(),
            data={"email": email, "ip": client_address(request)},
        )


# --- Password and two-factor changes (django-allauth) ----------------------------------
# The allauth views that send them run inside one transaction (podium/accounts/
# signin_urls.py), so each entry commits or rolls back with the change itself.


@receiver(password_changed)
def password_was_changed(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    with transaction.atomic():
        record(action="accounts.password.changed", actor=user, target=user)


@receiver(password_reset)
def password_was_reset(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    with transaction.atomic():
        record(action="accounts.password.reset", actor=None, target=user)


# allauth announces authenticator changes only after commit; Django's own model
# signals fire inside the transaction that adds or removes one, so the entry is
# written with the change. Regenerating recovery codes removes the old set and
# adds a new one.


@receiver(post_save, sender=Authenticator)
def authenticator_saved(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    if not created:
        return  # last-used times and spent recovery codes
    with transaction.atomic():
        record(
            action="accounts.mfa.added",
            actor=instance.user,
            target=instance.user,
            data={"kind": instance.type},
        )


@receiver(post_delete, sender=Authenticator)
def authenticator_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    with transaction.atomic():
        record(
            action="accounts.mfa.removed",
            actor=instance.user,
            target=instance.user,
            data={"kind": instance.type},
        )
