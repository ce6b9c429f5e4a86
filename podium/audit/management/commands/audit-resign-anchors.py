"""`podium audit-resign-anchors`: re-sign the audit log's anchors after SECRET_KEY
is rotated.

Each anchor (written when the log's oldest entries are pruned) carries an HMAC
made with SECRET_KEY; after a rotation `podium audit-verify` would refuse them.
This command checks every anchor under the OLD key and only then signs it again
with the current one, in one transaction, with one audit entry (counts only). If
an anchor verifies under neither key (a wrong old key, or an anchor forged or
altered) nothing changes and it exits 1.

The old key is read from a file (`--old-key-file`) or from the environment
variable PODIUM_OLD_SECRET_KEY, never from the command line (which other users of
the machine can read in the process list); it is not printed, logged or stored.
Run it as the role that owns the tables (like `podium migrate`): the app's role
may not change anchors.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.crypto import constant_time_compare

from podium.audit.pruning import NotSignedByOldKey, resign

OLD_KEY_VARIABLE = "PODIUM_OLD_SECRET_KEY"


class Command(BaseCommand):
    help = (
        "Re-sign the audit log's anchors with the current SECRET_KEY, "
        "after checking each under the old one."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--old-key-file",
            type=Path,
            help=f"A file holding the old SECRET_KEY (default: the {OLD_KEY_VARIABLE} variable).",
        )

    def handle(self, *args: Any, old_key_file: Path | None, **options: Any) -> None:
        if old_key_file is not None:
            try:
                old_key = old_key_file.read_text().strip()
            except OSError as error:
                raise CommandError(
                    f"Cannot read the old key file {old_key_file}: {error.strerror}"
                ) from None
        else:
            old_key = os.environ.get(OLD_KEY_VARIABLE, "").strip()
        if not old_key:
            raise CommandError(
                f"Give the old SECRET_KEY in a file (--old-key-file) or in {OLD_KEY_VARIABLE}."
            )
        if constant_time_compare(old_key, settings.SECRET_KEY):
            raise CommandError(
                "The old key given is the current SECRET_KEY: set the new key first, "
                "then give the old one here."
            )
        try:
            counts = resign(old_key=old_key)
        except NotSignedByOldKey as refusal:
            self.stderr.write(str(refusal))
            raise SystemExit(1) from None
        self.stdout.write(
            f"Re-signed {counts['resigned']} audit anchor(s) with the current key"
            f" ({counts['already']} already signed with it)."
            " Run `podium audit-verify` to check, and save a new checkpoint"
            " (`podium audit-checkpoint --save`)."
        )
