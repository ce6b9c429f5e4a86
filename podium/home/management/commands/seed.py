"""`podium seed --scale N`: a large synthetic data set for `make bench`."""

from __future__ import annotations

import random
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from podium.core.registry import SEED_STEPS, SeedRun


class Command(BaseCommand):
    help = "Add a large synthetic data set on top of the demo (run `podium demo` first)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=int, default=1000, help="How many people to add.")
        parser.add_argument("--random-seed", type=int, default=2026)
        for step in SEED_STEPS:  # each app's own options: --staff, --years, --speakers
            if step.add_arguments is not None:
                step.add_arguments(parser)

    def handle(self, *args: Any, scale: int, random_seed: int, **options: Any) -> None:
        if scale < 1:
            raise CommandError("--scale must be at least 1.")
        run = SeedRun(
            scale=scale, rng=random.Random(random_seed), options=options, write=self.stdout.write
        )
        # In order (accounts first: it refuses when there is no institution yet).
        for step in SEED_STEPS:
            step.run(run)
