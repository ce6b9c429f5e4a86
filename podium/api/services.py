"""Writes for API tokens: create, revoke, and note each use."""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from podium.accounts.models import User
from podium.api.models import ApiToken, TokenScope
from podium.audit.services import record
from podium.core.errors import DomainError

SECRET_PREFIX = "pdm_"  # noqa: S105  # marks a Podium token (for secret scanners), not a secret
PREFIX_LENGTH = 12  # "pdm_" and eight random characters: shown to tell tokens apart
MAX_LIFETIME = timedelta(days=366)


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8", "surrogatepass")).hexdigest()


def create_token(
    *, acting_user: User | None, user: User, name: str, scope: str, lifetime: timedelta
) -> tuple[ApiToken, str]:
    """Make a token for `user` and return it with its secret. The secret is not
    stored anywhere: the caller shows it once."""
    name = name.strip()
    with transaction.atomic():
        if not user.is_active:
            raise DomainError(f"{user} is deactivated and cannot have API tokens.", field="user")
        if not name:
            raise DomainError("Enter a name for the token.", field="name")
        if scope not in TokenScope.values:
            raise DomainError("Choose what the token may do.", field="scope")
        if not timedelta(0) < lifetime <= MAX_LIFETIME:
            raise DomainError("A token lasts between one day and one year.", field="expires_in")
        secret = SECRET_PREFIX + secrets.token_urlsafe(32)
        now = timezone.now()
        token = ApiToken.objects.create(
            user=user,
            name=name,
            prefix=secret[:PREFIX_LENGTH],
            secret_hash=hash_secret(secret),
            scope=scope,
            created_at=now,
            expires_at=now + lifetime,
        )
        record(
            action="api.token.created",
            actor=acting_user,
            target=token,
            data={
                "user": user.email,
                "name": name,
                "scope": scope,
                "prefix": token.prefix,
                "expires_at": token.expires_at,
            },
        )
    return token, secret


def revoke_token(*, acting_user: User, token: ApiToken) -> ApiToken:
    """Stop a token working at once. The row stays: the audit log points at it."""
    with transaction.atomic():
        token = ApiToken.objects.select_for_update().get(pk=token.pk)
        if token.revoked_at is not None:
            raise DomainError("This token has already been revoked.")
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record(
            action="api.token.revoked",
            actor=acting_user,
            target=token,
            data={"user": token.user.email, "prefix": token.prefix},
        )
    return token


def note_token_use(*, token: ApiToken) -> None:
    """Note that `token` was just used: `last_used_at`, written at most once in
    PODIUM_API_TOKEN_LAST_USED_SECONDS per token, and no audit entry (a write is
    audited by its service; reads record nothing else). Most requests so write
    nothing at all, and none takes the audit log's append lock: concurrent reads
    do not queue behind one another."""
    now = timezone.now()
    interval = timedelta(seconds=settings.PODIUM_API_TOKEN_LAST_USED_SECONDS)
    if token.last_used_at is not None and now - token.last_used_at < interval:
        return
    # The token was read at the start of this request; another request may have
    # written since, so the row is updated only if its value is still stale.
    ApiToken.objects.filter(pk=token.pk).filter(
        Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - interval)
    ).update(last_used_at=now)
    token.last_used_at = now
