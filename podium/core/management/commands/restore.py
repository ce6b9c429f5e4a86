"""`podium restore PATH`: put a `podium backup` archive back, the database and the
private files. Refuses a database that already has tables, or a private directory that
already has files, unless `--force` (which replaces what is there). Restore into a
fresh database, then run `podium migrate` and `podium audit-verify --checkpoint …`
(docs/operations.md, "Restoring")."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings as django_settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from podium.core import backups


class Command(BaseCommand):
    help = "Restore a `podium backup` archive (database and private files) from PATH."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument(
            "--force",
            action="store_true",
            help="Overwrite a database that already has tables and private files already there.",
        )

    def handle(self, *args: Any, path: Path, force: bool, **options: Any) -> None:
        if not path.is_file():
            raise CommandError(f"{path} does not exist or is not a file.")
        private_root = Path(django_settings.PODIUM_PRIVATE_DIR)
        if not force:
            tables = connection.introspection.table_names()
            if tables:
                raise CommandError(
                    f"The database {connection.settings_dict['NAME']} is not empty "
                    f"({len(tables)} tables). Restore into a fresh database, or pass --force "
                    "to overwrite it."
                )
            if backups.private_files(private_root):
                raise CommandError(
                    f"{private_root} already holds files. Restore into an empty private "
                    "directory, or pass --force to overwrite them."
                )
        with tempfile.TemporaryDirectory(prefix="podium-restore-") as scratch:
            unpacked = Path(scratch)
            try:
                with tarfile.open(path, "r:*") as archive:
                    archive.extractall(unpacked, filter="data")
                manifest = json.loads((unpacked / backups.MANIFEST).read_text())
            except (tarfile.TarError, OSError, ValueError) as error:
                raise CommandError(f"{path} is not a Podium backup: {error}") from error
            if manifest.get("format") != backups.FORMAT:
                raise CommandError(f"{path}: unknown backup format {manifest.get('format')!r}.")
            if manifest.get("vendor") != connection.vendor:
                raise CommandError(
                    f"{path} is a {manifest.get('vendor')} backup; DATABASE_URL points at "
                    f"{connection.vendor}. Restore it into the same kind of database."
                )
            database = unpacked / backups.DATABASE_FILES[connection.vendor]
            if connection.vendor == "sqlite":
                self.sqlite_restore(database)
            else:
                self.pg_restore(database, force)
            count = self.restore_private(unpacked / backups.PRIVATE, private_root)
        self.stdout.write(
            f"Restored the database and {count} private file(s) from {path}. "
            "Next: podium migrate, then podium audit-verify --checkpoint …"
        )

    def sqlite_restore(self, source_path: Path) -> None:
        connection.close()
        source = sqlite3.connect(str(source_path))
        target = sqlite3.connect(str(connection.settings_dict["NAME"]))
        with target:
            source.backup(target)
        target.close()
        source.close()

    def pg_restore(self, source_path: Path, force: bool) -> None:
        settings = connection.settings_dict
        connection.close()
        command = [
            backups.client_tool("pg_restore"),
            "--no-owner",
            "--single-transaction",
            f"--dbname={backups.libpq_conninfo(settings)}",
        ]
        if force:
            command += ["--clean", "--if-exists"]
        result = subprocess.run(  # noqa: S603
            [*command, str(source_path)],
            env=backups.libpq_environment(settings),
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise CommandError(f"pg_restore failed: {result.stderr.strip()}")

    def restore_private(self, source: Path, target: Path) -> int:
        files = backups.private_files(source)
        for file in files:
            destination = target / file.relative_to(source)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(file, destination)
        return len(files)
