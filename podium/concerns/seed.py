"""Bulk Prevent cases for `podium seed --concern-cases N`: synthetic cases over ten
years, at every stage and in every ideology category, written with bulk inserts in
chunks (for `make bench`: the case list and the yearly counts)."""

from __future__ import annotations

import random
import time
from datetime import datetime, timedelta
from datetime import time as clock

from django.core.management.base import CommandParser
from django.db import transaction
from django.utils import timezone

from podium.accounts.models import User
from podium.concerns.models import Case, Ideology, ReferralRoute
from podium.core.registry import SeedRun

CHUNK = 5_000
YEARS = 10


def seed_cases(*, cases: int, rng: random.Random, raiser: User) -> int:
    ideologies: list[int | None] = [*Ideology.objects.values_list("pk", flat=True)] or [None]
    today = timezone.localdate()
    made = 0
    for start in range(0, cases, CHUNK):
        rows = []
        for _ in range(min(CHUNK, cases - start)):
            shared = today - timedelta(days=rng.randint(1, YEARS * 365))
            stage = rng.random()
            case = Case(
                reference=f"PC-{rng.getrandbits(40):010X}",
                subject_reference=f"S-{rng.getrandbits(32):08X}",
                raised_by=raiser,
                raised_at=timezone.make_aware(datetime.combine(shared, clock(9))),
                noticed="Seeded concern.",
                noticed_on=shared,
                urgent=rng.random() < 0.05,
                ideology_id=rng.choice(ideologies),
                triaged_on=shared + timedelta(days=1),
            )
            if stage > 0.3:
                case.lead_involved_on = shared + timedelta(days=2)
            if stage > 0.6:
                case.advice_sought_on = shared + timedelta(days=4)
                case.advice_from = "ct_policing"
            if stage > 0.85:
                case.referral_on = shared + timedelta(days=7)
                case.referral_route = ReferralRoute.CHANNEL
            if shared < today - timedelta(days=90):
                case.closed_on = shared + timedelta(days=30)
                case.outcome = "no_further_action" if stage < 0.85 else "channel_pmap"
            rows.append(case)
        with transaction.atomic():
            Case.objects.bulk_create(rows)
        made += len(rows)
    return made


def add_seed_arguments(parser: CommandParser) -> None:
    parser.add_argument(
        "--concern-cases",
        type=int,
        default=0,
        help="Prevent concern cases to add over ten years (0 for none).",
    )


def seed_step(run: SeedRun) -> None:
    """The concerns part of `podium seed` (`--concern-cases`)."""
    cases = run.options.get("concern_cases") or 0
    if cases <= 0:
        return
    raiser = User.objects.order_by("pk").first()
    if raiser is None:
        run.write("No people to share the seeded concerns: seed people first.")
        return
    started = time.monotonic()
    made = seed_cases(cases=cases, rng=run.rng, raiser=raiser)
    run.write(f"Seeded {made} Prevent concern cases in {time.monotonic() - started:.0f}s.")
