"""`podium demo`: load the demo institution and print how to sign in."""

from __future__ import annotations

import os
import secrets
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from podium.accounts.demo import create_demo
from podium.events.demo import create_event_demo
from podium.events.speakers.demo import create_speaker_demo
from podium.training.demo import create_training_demo


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
        personas = create_demo(password=password)
        # Before the events demo: its reviewers decide, which needs training in date.
        staff = create_training_demo()
        requests = create_event_demo()
        speakers = create_speaker_demo()
        width = max(len(p.email) for p in personas)
        self.stdout.write("Demo sign-ins (every one uses the same password):")
        for persona in personas:
            self.stdout.write(
                f"  {persona.email:<{width}}  {persona.full_name}, {persona.description}"
            )
        if staff:
            self.stdout.write(f"{staff} demo staff have training records.")
        if requests:
            self.stdout.write(f"Added {requests} demo event requests.")
        if speakers:
            self.stdout.write(f"Added {speakers} demo speakers to the register.")
        self.stdout.write(f"Password: {password}")
