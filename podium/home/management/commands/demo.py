"""`podium demo`: load the demo institution and print how to sign in."""

from __future__ import annotations

import os
import secrets
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from podium.core.registry import DEMO_STEPS


class Command(BaseCommand):
    help = "Create (or refresh) the University of Exampleshire demo. Safe to run again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--password",
            default=os.environ.get("PODIUM_DEMO_PASSWORD", ""),
            help="The password every demo person signs in with "
            "(default: PODIUM_DEMO_PASSWORD, else a new random one).",
        )

    def handle(self, *args: Any, password: str, **options: Any) -> None:
        password = password or secrets.token_urlsafe(12)
        # Every app's step, in order (accounts, training, events, speakers: see
        # podium/core/README.md); each says what it made once all have run.
        lines = [line for step in DEMO_STEPS for line in step.run(password)]
        for line in lines:
            self.stdout.write(line)
        self.stdout.write(f"Password: {password}")
