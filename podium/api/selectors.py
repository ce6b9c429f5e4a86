"""Reads for API tokens."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from podium.accounts.models import User
from podium.api.models import ApiToken
from podium.api.services import SECRET_PREFIX, hash_secret


def tokens_of(*, user: User) -> QuerySet[ApiToken]:
    """The person's own tokens, newest first."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-pk")


def own_token_or_404(*, user: User, pk: int) -> ApiToken:
    """One of the person's own tokens; anyone else's answers 404."""
    try:
        return ApiToken.objects.select_related("user").get(pk=pk, user=user)
    except ApiToken.DoesNotExist:
        raise Http404 from None


def usable_token(*, secret: str) -> ApiToken | None:
    """The live token with this secret, its holder still active; else None."""
    if not secret.startswith(SECRET_PREFIX) or len(secret) > 100:
        return None
    return (
        ApiToken.objects.usable()
        .filter(secret_hash=hash_secret(secret), user__is_active=True)
        .select_related("user")
        .first()
    )
