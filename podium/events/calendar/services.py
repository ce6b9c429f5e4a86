"""Writes for the security operations calendar: a person's private iCalendar feed
address. The address is a bearer secret: only its hash is stored, and it is never
written to the audit log or to any other log."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from podium.accounts.models import User
from podium.audit.services import record
from podium.events.models import CalendarFeed


def new_feed_key() -> str:
    return secrets.token_urlsafe(32)


@dataclass(frozen=True)
class IssuedFeed:
    """A feed just made, with its key: the only time the key is known to Podium."""

    feed: CalendarFeed
    key: str


@transaction.atomic
def replace_calendar_feed(*, acting_user: User) -> IssuedFeed:
    """Give the person a new private feed address; any old one stops working at once.
    Whether they may have a feed at all is the view's check (`calendar.views`)."""
    key = new_feed_key()
    feed = CalendarFeed.objects.select_for_update().filter(user=acting_user).first()
    if feed is None:
        feed = CalendarFeed.objects.create(user=acting_user, key_hash=CalendarFeed.hash_key(key))
        action = "events.calendar_feed.created"
    else:
        feed.key_hash = CalendarFeed.hash_key(key)
        feed.created_at = timezone.now()
        feed.save(update_fields=["key_hash", "created_at"])
        action = "events.calendar_feed.replaced"
    # The address itself is deliberately absent from the entry.
    record(action=action, actor=acting_user, target=feed, data={"feed_owner": acting_user.pk})
    return IssuedFeed(feed=feed, key=key)
