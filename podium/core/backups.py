"""What `podium backup` writes and `podium restore` reads: one archive holding the
database and the private uploaded files (`PODIUM_PRIVATE_DIR`: training evidence and
imports), so a restore brings back both halves of the record.

The archive is a gzipped tar file:

- `manifest.json`: the format, the database vendor, when it was taken, the number of
  private files;
- `database.sqlite3` (SQLite, the online backup API) or `database.dump`
  (PostgreSQL, `pg_dump --format=custom`);
- `private/…`: the private files, paths relative to `PODIUM_PRIVATE_DIR`.

PostgreSQL's client tools are given every connection setting Podium itself uses
(host, port, user, database and the libpq options from `DATABASE_URL`'s query string,
such as `sslmode`), so a backup reaches the database the same way the app does.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

FORMAT = 1
MANIFEST = "manifest.json"
PRIVATE = "private"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.dump"}

# libpq's connection keywords (PostgreSQL 16 documentation, 34.1.2) that may arrive in
# OPTIONS from DATABASE_URL's query string. Django's own options (pool,
# server_side_binding, isolation_level, assume_role…) are not libpq's and stay out.
LIBPQ_OPTIONS = frozenset(
    {
        "sslmode",
        "sslrootcert",
        "sslcert",
        "sslkey",
        "sslpassword",
        "sslcrl",
        "sslcrldir",
        "sslsni",
        "sslcompression",
        "ssl_min_protocol_version",
        "ssl_max_protocol_version",
        "requiressl",
        "gssencmode",
        "krbsrvname",
        "gsslib",
        "channel_binding",
        "connect_timeout",
        "client_encoding",
        "options",
        "application_name",
        "fallback_application_name",
        "keepalives",
        "keepalives_idle",
        "keepalives_interval",
        "keepalives_count",
        "tcp_user_timeout",
        "target_session_attrs",
        "load_balance_hosts",
        "hostaddr",
        "passfile",
        "service",
        "requirepeer",
    }
)


def _quote(value: Any) -> str:
    text = str(value).replace("\\", "\\\\").replace("'", "\\'")
    return f"'{text}'"


def libpq_conninfo(settings: Mapping[str, Any]) -> str:
    """A libpq connection string (`key='value' …`) for Django's settings_dict: what
    `pg_dump --dbname` and `pg_restore --dbname` take. The password is not in it:
    pass it in the environment (`libpq_environment`) so it is not on the command line."""
    parts: dict[str, Any] = {
        "host": settings.get("HOST") or "localhost",
        "port": settings.get("PORT") or 5432,
        "dbname": settings["NAME"],
    }
    if settings.get("USER"):
        parts["user"] = settings["USER"]
    for key, value in (settings.get("OPTIONS") or {}).items():
        if key in LIBPQ_OPTIONS and value not in (None, ""):
            parts[key] = value
    return " ".join(f"{key}={_quote(value)}" for key, value in parts.items())


def libpq_environment(settings: Mapping[str, Any]) -> dict[str, str]:
    environment = dict(os.environ)
    if settings.get("PASSWORD"):
        environment["PGPASSWORD"] = str(settings["PASSWORD"])
    return environment


def client_tool(name: str) -> str:
    from django.core.management.base import CommandError

    found = shutil.which(name)
    if found is None:
        raise CommandError(f"{name} is not on PATH: install the PostgreSQL client tools.")
    return found


def private_files(root: Path) -> list[Path]:
    """Every file under the private directory, sorted (an absent directory has none)."""
    if not root.is_dir():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file())


def manifest(vendor: str, created: str, private_count: int) -> bytes:
    return json.dumps(
        {
            "format": FORMAT,
            "vendor": vendor,
            "database": DATABASE_FILES[vendor],
            "created": created,
            "private_files": private_count,
        },
        indent=2,
    ).encode()
