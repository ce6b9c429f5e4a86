"""Sign-in events, from Django's documented authentication signals."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest

from podium.audit.services import record


def client_address(request: HttpRequest | None) -> str:
    # REMOTE_ADDR is the proxy's address unless gunicorn trusts it (FORWARDED_ALLOW_IPS).
    return request.META.get("REMOTE_ADDR", "") if request is not None else ""


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
    from podium.accounts.models import User, normalise_email

    email = normalise_email(str(credentials.get("username") or credentials.get("email") or ""))[
        :254
    ]
    with transaction.atomic():
        record(
            action="accounts.session.sign_in_failed",
            actor=None,
            target=User.objects.filter(email=email).first(),
            data={"email": email, "ip": client_address(request)},
        )
