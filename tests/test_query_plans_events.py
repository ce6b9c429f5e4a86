"""The event lists never read `events_eventrequest` from end to end (QUALITY.md,
performance): EXPLAIN on PostgreSQL over more than 10,000 seeded requests, for the
reviewer's queue, the organiser's list and the security calendar, first pages,
deep pages and filters. One test, because seeding is most of its cost."""

from __future__ import annotations

import os
import random
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from podium.accounts import permissions
from podium.accounts.demo import create_demo
from podium.accounts.models import OrgUnit, User
from podium.accounts.roles import Capability
from podium.accounts.seed import seed_people
from podium.core.pagination import _beyond
from podium.events import access
from podium.events.models import Campus, EventRequest, Status
from podium.events.seed import seed_events
from podium.events.selectors import CALENDAR_STATUSES

pytestmark = pytest.mark.skipif(
    "postgres" not in os.environ.get("DATABASE_URL", ""),
    reason="Query plans are checked on PostgreSQL, the production database.",
)

TABLE = "events_eventrequest"


def assert_no_seq_scan(queryset) -> None:
    text = queryset.explain()
    assert f"Seq Scan on {TABLE}" not in text, text


def test_event_lists_use_indexes(db):
    create_demo(password="plans-test-password")
    rng = random.Random(1)  # noqa: S311 - synthetic data
    seed_people(scale=3000, root=OrgUnit.objects.get(parent=None), rng=rng)
    seed_events(scale=3000, rng=rng)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    assert EventRequest.objects.count() > 10_000

    # The Prevent lead's queue: first page and a later one.
    prevent = User.objects.get(email="prevent.lead@example.ac.uk")
    queue = EventRequest.objects.filter(access.queue_filter(prevent)).filter(
        status__in=(Status.IN_REVIEW, Status.APPEALED)
    )
    assert queue.exists()
    assert_no_seq_scan(queue.order_by("waiting_since", "pk")[:51])
    first = queue.order_by("waiting_since", "pk").first()
    assert first is not None
    later = queue.filter(_beyond("waiting_since", first.waiting_since, first.pk, "gt"))
    assert_no_seq_scan(later.order_by("waiting_since", "pk")[:51])

    # The organiser's list, all and by status.
    organiser = User.objects.get(email="organiser@example.ac.uk")
    mine = EventRequest.objects.filter(organiser=organiser)
    assert mine.count() > 10
    assert_no_seq_scan(mine.order_by("-created_at", "-pk")[:51])
    assert_no_seq_scan(mine.filter(status=Status.APPROVED).order_by("-created_at", "-pk")[:51])

    # Every request in a reviewer's scope, newest first (the "all" list).
    in_scope = access.visible_requests(prevent)
    assert_no_seq_scan(in_scope.order_by("-created_at", "-pk")[:51])

    # The calendar: the next four weeks, by campus, and a year back.
    security = User.objects.get(email="security@example.ac.uk")
    now = timezone.now()
    calendar = EventRequest.objects.filter(
        permissions.unit_scope(security, Capability.VIEW_EVENT_CALENDAR, "unit__"),
        status__in=CALENDAR_STATUSES,
    )
    soon = calendar.filter(starts_at__gte=now, starts_at__lt=now + timedelta(days=28))
    assert_no_seq_scan(soon.order_by("starts_at", "pk")[:51])
    campus = Campus.objects.order_by("pk").first()
    assert_no_seq_scan(soon.filter(campus=campus).order_by("starts_at", "pk")[:51])
    past = calendar.filter(
        starts_at__gte=now - timedelta(days=365), starts_at__lt=now - timedelta(days=337)
    )
    assert_no_seq_scan(past.order_by("starts_at", "pk")[:51])
