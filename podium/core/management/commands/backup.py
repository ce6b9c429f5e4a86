"""`podium backup PATH`: a consistent copy of the whole database, taken while
Podium runs. SQLite: the online backup API (the same as sqlite3's `.backup`).
PostgreSQL: `pg_dump --format=custom` (the PostgreSQL client tools must be on PATH).
Restoring is described in docs/operations.md."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection


class Command(BaseCommand):
    help = "Write a consistent backup of the database to PATH."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args: Any, path: Path, **options: Any) -> None:
        if path.exists():
            raise CommandError(f"{path} already exists; choose a new file name.")
        settings = connection.settings_dict
        if connection.vendor == "sqlite":
            source = sqlite3.connect(str(settings["NAME"]))
            target = sqlite3.connect(str(path))
            with target:
                source.backup(target)
            target.close()
            source.close()
        elif connection.vendor == "postgresql":
            pg_dump = shutil.which("pg_dump")
            if pg_dump is None:
                raise CommandError("pg_dump is not on PATH: install the PostgreSQL client tools.")
            environment = {"PGPASSWORD": str(settings.get("PASSWORD") or "")}
            command = [
                pg_dump,
                "--format=custom",
                "--no-owner",
                f"--file={path}",
                f"--host={settings.get('HOST') or 'localhost'}",
                f"--port={settings.get('PORT') or 5432}",
                f"--username={settings.get('USER') or ''}",
                str(settings["NAME"]),
            ]
            result = subprocess.run(command, env=environment, capture_output=True, text=True)  # noqa: S603
            if result.returncode != 0:
                raise CommandError(f"pg_dump failed: {result.stderr.strip()}")
        else:  # pragma: no cover - Podium supports these two
            raise CommandError(f"Backups of {connection.vendor} are not supported.")
        self.stdout.write(f"Backed up to {path} ({path.stat().st_size} bytes).")
