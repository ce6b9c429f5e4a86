"""`podium seed`'s event requests, at a tiny scale."""

from __future__ import annotations

import random
from collections import Counter

from django.db import transaction
from django.utils import timezone

from podium.accounts.demo import create_demo
from podium.accounts.models import OrgUnit
from podium.accounts.seed import seed_people
from podium.audit.models import AuditEntry
from podium.audit.services import bulk_record
from podium.events.models import (
    APPROVED_STATUSES,
    Decision,
    EventRequest,
    EventSpeaker,
    Status,
)
from podium.events.seed import seed_events


def test_seeding_ten_years_of_requests_with_their_speakers_decisions_and_audit(db):
    create_demo(password="seed-pass-123")
    rng = random.Random(7)  # noqa: S311 - synthetic data
    seed_people(scale=200, root=OrgUnit.objects.get(parent=None), rng=rng)
    before = AuditEntry.objects.count()
    made = seed_events(scale=200, rng=rng)
    assert made == EventRequest.objects.count()
    # 0.425 a person a year: nine full years and part of this one.
    assert 9 * 85 < made <= 10 * 85
    speakers = EventSpeaker.objects.count()
    assert 1.2 < speakers / made < 1.7
    states = Counter(EventRequest.objects.values_list("status", flat=True))
    assert sum(states[s] for s in APPROVED_STATUSES) > made * 0.8
    every_decided = EventRequest.objects.filter(
        status__in=(*APPROVED_STATUSES, Status.REJECTED, Status.CANCELLED)
    )
    assert Decision.objects.filter(is_live=True).count() >= every_decided.count()
    assert AuditEntry.objects.count() - before >= 2 * made - states[Status.DRAFT]
    # The chain bulk_record wrote continues: a later entry links to the last.
    last = AuditEntry.objects.order_by("-sequence").first()
    with transaction.atomic():
        bulk_record(entries=[{"action": "speakers.seed.loaded"}])
    assert AuditEntry.objects.order_by("-sequence").first().previous_hash == last.entry_hash


def test_seeded_requests_waiting_for_review_have_future_events_and_a_queue(db):
    create_demo(password="seed-pass-123")
    rng = random.Random(3)  # noqa: S311 - synthetic data
    seed_people(scale=1000, root=OrgUnit.objects.get(parent=None), rng=rng)
    seed_events(scale=1000, rng=rng, years=1)
    waiting = EventRequest.objects.filter(status=Status.IN_REVIEW)
    assert waiting.exists()
    assert not waiting.filter(starts_at__lt=timezone.now()).exists()
    assert set(waiting.values_list("waiting_role", flat=True)) >= {"events_officer", "prevent_lead"}
    assert not waiting.filter(waiting_since__isnull=True).exists()
