"""`podium backup PATH`: one archive holding a consistent copy of the whole database,
taken while Podium runs, and the private uploaded files (`PODIUM_PRIVATE_DIR`).
SQLite: the online backup API (the same as sqlite3's `.backup`). PostgreSQL:
`pg_dump --format=custom` with every connection option Podium uses (`sslmode`…; the
PostgreSQL client tools must be on PATH). `podium restore PATH` puts it back
(docs/operations.md); the archive's layout is in `podium/core/backups.py`."""

from __future__ import annotations

import io
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from django.conf import settings as django_settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import timezone

from podium.core import backups


class Command(BaseCommand):
    help = "Write a consistent backup of the database and the private files to PATH."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args: Any, path: Path, **options: Any) -> None:
        if path.exists():
            raise CommandError(f"{path} already exists; choose a new file name.")
        vendor = connection.vendor
        if vendor not in backups.DATABASE_FILES:  # pragma: no cover - Podium supports two
            raise CommandError(f"Backups of {vendor} are not supported.")
        with tempfile.TemporaryDirectory(prefix="podium-backup-") as scratch:
            database = Path(scratch) / backups.DATABASE_FILES[vendor]
            if vendor == "sqlite":
                self.sqlite_copy(database)
            else:
                self.pg_dump(database)
            private_root = Path(django_settings.PODIUM_PRIVATE_DIR)
            files = backups.private_files(private_root)
            partial = path.with_name(path.name + ".partial")
            try:
                with tarfile.open(partial, "w:gz") as archive:
                    body = backups.manifest(vendor, timezone.now().isoformat(), len(files))
                    info = tarfile.TarInfo(backups.MANIFEST)
                    info.size = len(body)
                    archive.addfile(info, io.BytesIO(body))
                    archive.add(database, arcname=database.name)
                    for file in files:
                        relative = file.relative_to(private_root).as_posix()
                        archive.add(file, arcname=f"{backups.PRIVATE}/{relative}")
                partial.rename(path)
            finally:
                partial.unlink(missing_ok=True)
        self.stdout.write(
            f"Backed up the database and {len(files)} private file(s) to {path} "
            f"({path.stat().st_size} bytes)."
        )

    def sqlite_copy(self, target_path: Path) -> None:
        source = sqlite3.connect(str(connection.settings_dict["NAME"]))
        target = sqlite3.connect(str(target_path))
        with target:
            source.backup(target)
        target.close()
        source.close()

    def pg_dump(self, target_path: Path) -> None:
        settings = connection.settings_dict
        command = [
            backups.client_tool("pg_dump"),
            "--format=custom",
            "--no-owner",
            f"--file={target_path}",
            f"--dbname={backups.libpq_conninfo(settings)}",
        ]
        result = subprocess.run(  # noqa: S603
            command, env=backups.libpq_environment(settings), capture_output=True, text=True
        )
        if result.returncode != 0:
            raise CommandError(f"pg_dump failed: {result.stderr.strip()}")
