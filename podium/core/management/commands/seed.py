"""`podium seed --scale N`: a large synthetic data set for `make bench`."""

from __future__ import annotations

import random
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from podium.accounts.models import OrgUnit
from podium.accounts.seed import seed_people


class Command(BaseCommand):
    help = "Add a large synthetic data set on top of the demo (run `podium demo` first)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", type=int, default=1000, help="How many people to add.")
        parser.add_argument("--random-seed", type=int, default=2026)

    def handle(self, *args: Any, scale: int, random_seed: int, **options: Any) -> None:
        if scale < 1:
            raise CommandError("--scale must be at least 1.")
        root = OrgUnit.objects.filter(parent__isnull=True).first()
        if root is None:
            raise CommandError("There is no institution yet: run `podium demo` first.")
        rng = random.Random(random_seed)
        people = seed_people(scale=scale, root=root, rng=rng)
        self.stdout.write(f"Seeded {people} people.")
