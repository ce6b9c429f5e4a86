"""`podium audit-checkpoint [--sign | --save]`: the entry count and head hash, as JSON.

Store the output outside Podium (a ticket, an e-mail to the DPO, the governing
body's papers). `podium audit-verify --checkpoint FILE` then detects entries
removed from the end of the log, which the chain alone cannot. `--save` does what
the worker does every `PODIUM_AUDIT_CHECKPOINT_HOURS`: writes a signed checkpoint
into `PODIUM_AUDIT_CHECKPOINT_DIR`, the newest of which `audit-verify` checks.
"""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from podium.audit.verify import make_checkpoint, save_checkpoint


class Command(BaseCommand):
    help = "Print a checkpoint of the audit log (entry count and head hash) to keep outside Podium."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--sign",
            action="store_true",
            help="Add an HMAC signature made with this installation's secret key.",
        )
        parser.add_argument(
            "--save",
            action="store_true",
            help="Save a signed checkpoint in PODIUM_AUDIT_CHECKPOINT_DIR (as the worker does).",
        )

    def handle(self, *args: Any, sign: bool, save: bool, **options: Any) -> None:
        if save:
            path = save_checkpoint()
            self.stdout.write(f"Saved the audit checkpoint {path}.")
            return
        payload = make_checkpoint(sign=sign)
        payload["made_at"] = timezone.now().isoformat(timespec="seconds")
        self.stdout.write(json.dumps(payload, indent=2))
