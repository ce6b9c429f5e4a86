"""Reads for the inbox: a person's messages, newest first, and how many are unread."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Count, QuerySet

from podium.core.memo import per_request
from podium.core.pagination import Page, keyset_page
from podium.notify.models import Message

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from podium.accounts.models import User


def inbox(*, user: User, after: str | None = None, before: str | None = None) -> Page[Message]:
    messages = Message.objects.filter(recipient=user)
    return keyset_page(messages, field="sent_at", after=after, before=before, descending=True)


def unread_query(user: User) -> QuerySet[Message, Any]:
    """How many of the person's messages are unread, as a query (one row, one column;
    no row when none): one of the navigation's versions, as reading a message is not
    audited (`podium.core.navigation.NAVIGATION_VERSIONS`)."""
    return (
        Message.objects.filter(recipient=user, read_at__isnull=True)
        .order_by()
        .values("recipient")
        .annotate(unread=Count("pk"))
        .values("unread")
    )


@per_request
def unread_count(*, user: User | AnonymousUser) -> int:
    if not user.is_authenticated:
        return 0
    return Message.objects.filter(recipient=user, read_at__isnull=True).count()
