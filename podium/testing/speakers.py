"""Test helpers for the speaker register."""

from __future__ import annotations

import importlib
import itertools
from datetime import timedelta
from typing import TYPE_CHECKING

from django.utils import timezone

from podium.speakers.models import CheckSource, Speaker, SpeakerCheck

if TYPE_CHECKING:
    from podium.accounts.models import OrgUnit, User


def restore_default_sources() -> list[CheckSource]:
    """Re-create the check sources of migration speakers 0002 (after a transactional
    test's flush emptied them); returns the active sources."""
    from django.apps import apps

    migration = importlib.import_module("podium.speakers.migrations.0002_trigram_index_and_sources")
    migration.create_sources(apps, None)
    return list(CheckSource.objects.filter(is_active=True))


_made = itertools.count(1)


def add_appearances(*, speaker: Speaker, organiser: User, unit: OrgUnit, n: int) -> list[int]:
    """A busy speaker, cheaply: `n` approved requests naming `speaker`, written in bulk
    (no services, no audit), each starting a day before the last; one in five with an
    incident logged by security, one in ten with no date (the history sorts it by its
    creation). Returns the requests' ids."""
    from podium.events.models import EventRequest, EventSpeaker, Incident, Status

    now = timezone.now()
    made = [next(_made) for _ in range(n)]
    requests = EventRequest.objects.bulk_create(
        [
            EventRequest(
                reference=f"BUSY-{i}",
                title=f"Busy talk {i}",
                unit=unit,
                organiser=organiser,
                status=Status.APPROVED,
                starts_at=None if i % 10 == 0 else now - timedelta(days=i),
                created_at=now - timedelta(days=i, hours=1),
                submitted_at=now - timedelta(days=i, hours=1),
            )
            for i in made
        ]
    )
    if not all(r.pk for r in requests):  # a database that returns no ids from bulk_create
        requests = list(EventRequest.objects.filter(reference__in=[f"BUSY-{i}" for i in made]))
    EventSpeaker.objects.bulk_create(
        [EventSpeaker(request=r, name=speaker.name, speaker=speaker) for r in requests]
    )
    Incident.objects.bulk_create(
        [
            Incident(
                request=r,
                occurred_at=now,
                severity=Incident.Severity.LOW,
                description="A protest outside.",
                recorded_by=organiser,
            )
            for i, r in zip(made, requests, strict=True)
            if i % 5 == 0
        ]
    )
    return [r.pk for r in requests]


def add_checks(*, speaker: Speaker, checked_by: User, n: int) -> None:
    """`n` checks of `speaker` written in bulk, each a week before the last, each with
    the first active source."""
    today = timezone.localdate()
    source = CheckSource.objects.filter(is_active=True).first()
    checks = SpeakerCheck.objects.bulk_create(
        [
            SpeakerCheck(
                speaker=speaker,
                checked_by=checked_by,
                checked_on=today - timedelta(days=7 * next(_made)),
                findings="Nothing adverse.",
                recheck_after=today + timedelta(days=30),
            )
            for _ in range(n)
        ]
    )
    if source is not None:
        SpeakerCheck.sources.through.objects.bulk_create(
            [
                SpeakerCheck.sources.through(speakercheck_id=c.pk, checksource_id=source.pk)
                for c in checks
            ]
        )
