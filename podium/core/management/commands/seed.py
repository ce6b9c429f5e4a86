"""`podium seed --scale N`: a large synthetic data set for `make bench`."""

from __future__ import annotations

import random
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from podium.accounts.models import OrgUnit
from podium.accounts.seed import seed_people
from podium.events.seed import YEARS, seed_events
from podium.events.speakers.seed import link_seeded_speakers
from podium.speakers.seed import seed_speakers
from podium.training.seed import seed_training


class Command(BaseCommand):
    help = "Add a large synthetic data set on top of the demo (run `podium demo` first)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=int, default=1000, help="How many people to add.")
        parser.add_argument("--random-seed", type=int, default=2026)
        parser.add_argument(
            "--staff",
            type=int,
            default=0,
            help="Staff members to add, with ten years of training completions (0 for none).",
        )
        parser.add_argument(
            "--years",
            type=int,
            default=YEARS,
            help="Academic years of event requests (0.425 a person a year; 0 for none).",
        )
        parser.add_argument(
            "--speakers",
            type=int,
            default=0,
            help="How many speakers to add to the speaker register (default none).",
        )

    def handle(
        self,
        *args: Any,
        scale: int,
        random_seed: int,
        years: int,
        staff: int = 0,
        speakers: int = 0,
        **options: Any,
    ) -> None:
        if scale < 1:
            raise CommandError("--scale must be at least 1.")
        root = OrgUnit.objects.filter(parent__isnull=True).first()
        if root is None:
            raise CommandError("There is no institution yet: run `podium demo` first.")
        rng = random.Random(random_seed)
        started = time.monotonic()
        people = seed_people(scale=scale, root=root, rng=rng)
        self.stdout.write(f"Seeded {people} people.")
        self.stdout.write(f"  ({time.monotonic() - started:.0f}s)")
        if staff > 0:
            started = time.monotonic()
            added, completions = seed_training(staff=staff, rng=rng, progress=self.stdout.write)
            self.stdout.write(
                f"Seeded {added} staff and {completions} training completions "
                f"in {time.monotonic() - started:.0f}s."
            )
        if years > 0:
            started = time.monotonic()
            requests = seed_events(scale=scale, rng=rng, years=years, progress=self.stdout.write)
            self.stdout.write(
                f"Seeded {requests} event requests in {time.monotonic() - started:.0f}s."
            )
        if speakers > 0:
            started = time.monotonic()
            added = seed_speakers(count=speakers, rng=rng, progress=self.stdout.write)
            link_seeded_speakers(count=added, rng=rng)
            self.stdout.write(f"Seeded {added} speakers in {time.monotonic() - started:.0f}s.")
