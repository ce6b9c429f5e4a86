"""`podium audit-checkpoint [--sign]`: the entry count and head hash, as JSON.

Store the output outside Podium (a ticket, an e-mail to the DPO, the governing
body's papers). `podium audit-verify --checkpoint FILE` then detects entries
removed from the end of the log, which the chain alone cannot.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from podium.audit.verify import make_checkpoint


class Command(BaseCommand):
    help = "Print a checkpoint of the audit log (entry count and head hash) to keep outside Podium."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--sign",
            action="store_true",
            help="Add an HMAC signature made with this installation's secret key.",
        )

    def handle(self, *args: Any, sign: bool, **options: Any) -> None:
        payload = make_checkpoint(sign=sign)
        payload["made_at"] = timezone.now().isoformat(timespec="seconds")
        self.stdout.write(json.dumps(payload, indent=2))
