"""`podium audit-verify [--checkpoint FILE]`: is the audit log intact?

Exit status 0 when every entry's hash recomputes and follows the one before, and
the log still holds what the checkpoint recorded; 1 otherwise, naming the first
bad entry. When the oldest entries were pruned (the log's own retention), the
check starts from the newest anchor: its signature must be valid and the first
entry kept must chain from its hash. The checkpoint is FILE when given,
otherwise the newest one the worker saved in `PODIUM_AUDIT_CHECKPOINT_DIR` (if
any), so a log truncated or rolled back below it fails.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from podium.audit.verify import latest_checkpoint, read_checkpoint, verify_chain


class Command(BaseCommand):
    help = "Check the audit log's hash chain, and optionally that it still holds a checkpoint."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--checkpoint",
            type=Path,
            help="A file written by `podium audit-checkpoint` (default: the newest saved one).",
        )

    def handle(self, *args: Any, checkpoint: Path | None, **options: Any) -> None:
        expected = None
        if checkpoint is not None:
            try:
                expected = read_checkpoint(json.loads(checkpoint.read_text()))
            except (OSError, json.JSONDecodeError, ValueError) as error:
                raise CommandError(f"Cannot use the checkpoint {checkpoint}: {error}") from None
        else:
            try:
                saved = latest_checkpoint()
            except ValueError as error:
                self.stderr.write(
                    f"The audit log cannot be verified: the newest checkpoint {error}"
                )
                raise SystemExit(1) from None
            if saved is not None:
                checkpoint, expected = saved
        report = verify_chain(checkpoint=expected)
        if not report.intact:
            self.stderr.write(f"The audit log is NOT intact: {report.finding}.")
            raise SystemExit(1)
        against = (
            f", and holds the checkpoint of {expected.count} entries ({checkpoint.name})"
            if expected and checkpoint
            else ""
        )
        anchored = (
            f" The entries up to {report.anchor.sequence} were pruned on "
            f"{report.anchor.made_at:%-d %B %Y} behind a signed anchor (hash "
            f"{report.anchor.entry_hash}); verification started from it."
            if report.anchor
            else ""
        )
        self.stdout.write(
            f"The audit log is intact: {report.entries} entries, head {report.head}{against}."
            f"{anchored}"
        )
