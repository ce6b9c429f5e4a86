"""Bulk disclosures for `podium seed --disclosures N` (the sharing log at national
scale: 100,000), written with bulk inserts in chunks. Synthetic, about no speaker."""

from __future__ import annotations

import time
from datetime import timedelta

from django.core.management.base import CommandParser
from django.db import connection, transaction
from django.utils import timezone

from podium.accounts.models import User
from podium.core.registry import SeedRun
from podium.sharing.demo import ANCHOR, create_sharing_demo
from podium.sharing.models import (
    Direction,
    Disclosure,
    LawfulBasis,
    Method,
    Partner,
    Purpose,
    State,
    Subject,
)

CHUNK = 10_000
OUTGOING_STATES = [State.SENT] * 6 + [State.DRAFT, State.APPROVED, State.REFUSED, State.WITHDRAWN]


def seed_disclosures(*, count: int, run: SeedRun) -> int:
    if not Partner.objects.filter(name=ANCHOR).exists():
        create_sharing_demo()
    partners = list(Partner.objects.values_list("pk", flat=True))
    purposes = list(Purpose.objects.values_list("pk", flat=True))
    prevent = User.objects.get(email="prevent.lead@example.ac.uk")
    rng = run.rng
    now = timezone.now()
    made = 0
    while made < count:
        rows = []
        for _ in range(min(CHUNK, count - made)):
            created = now - timedelta(minutes=rng.randint(0, 10 * 365 * 24 * 60))
            outgoing = rng.random() < 0.7
            state = rng.choice(OUTGOING_STATES) if outgoing else State.RECORDED
            shared_on = created.date()
            rows.append(
                Disclosure(
                    direction=Direction.OUTGOING if outgoing else Direction.INCOMING,
                    state=state,
                    partner_id=rng.choice(partners),
                    subject=Subject.OTHER,
                    subject_text="Seeded disclosure",
                    purpose_id=rng.choice(purposes),
                    necessity="Seeded.",
                    lawful_basis=LawfulBasis.PUBLIC_TASK,
                    one_off_reason="Seeded.",
                    decision_maker=prevent,
                    method=Method.SECURE_EMAIL,
                    shared_on=shared_on,
                    delete_on=shared_on + timedelta(days=6 * 365),
                    received="Seeded.",
                    created_by=prevent,
                    created_at=created,
                    updated_at=created,
                    sent_at=created if state == State.SENT else None,
                )
            )
        with transaction.atomic():
            Disclosure.objects.bulk_create(rows, batch_size=2000)
        made += len(rows)
        run.write(f"  {made} disclosures")
    if connection.vendor == "postgresql":
        # Fresh statistics, or the planner keeps the demo's few rows in mind and
        # filters the log by state through the wrong index.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE sharing_disclosure")
    return made


def add_seed_arguments(parser: CommandParser) -> None:
    parser.add_argument(
        "--disclosures",
        type=int,
        default=0,
        help="Disclosures to add to the sharing log (0 for none).",
    )


def seed_step(run: SeedRun) -> None:
    """The sharing part of `podium seed` (`--disclosures`)."""
    count = run.options.get("disclosures") or 0
    if count > 0:
        started = time.monotonic()
        made = seed_disclosures(count=count, run=run)
        run.write(f"Seeded {made} disclosures in {time.monotonic() - started:.0f}s.")
