"""Reads for the inbox: a person's messages, newest first, and how many are unread."""

from __future__ import annotations

from typing import TYPE_CHECKING

from podium.core.memo import per_request
from podium.core.pagination import Page, keyset_page
from podium.notify.models import Message

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from podium.accounts.models import User


def inbox(*, user: User, after: str | None = None, before: str | None = None) -> Page[Message]:
    messages = Message.objects.filter(recipient=user)
    return keyset_page(messages, field="sent_at", after=after, before=before, descending=True)


@per_request
def unread_count(*, user: User | AnonymousUser) -> int:
    if not user.is_authenticated:
        return 0
    return Message.objects.filter(recipient=user, read_at__isnull=True).count()
