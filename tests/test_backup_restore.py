"""The restore drill (issue 21 §4; QUALITY.md, reliability; docs/operations.md):
`podium backup` of a populated database, `podium restore` into a fresh one, and the
restored copy has the same row count in every table, an audit chain that verifies,
and the private uploaded files. SQLite always; PostgreSQL when the suite runs on it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import pytest
from django.db import connection

from podium.core import backups

ROOT = Path(__file__).resolve().parent.parent
COUNT = (
    "import json, django; django.setup(); from django.apps import apps; "
    "print(json.dumps({m._meta.label: m.objects.count() for m in apps.get_models()}))"
)
EVIDENCE = b"%PDF-1.4 a training certificate\n"


# audit-verify checks the newest saved checkpoint; a developer's own (in var/)
# describe another database, so these runs look in an empty directory.
NO_CHECKPOINTS = tempfile.mkdtemp(prefix="podium-no-checkpoints-")


def podium_on(
    database_url: str, var_dir: Path, *args: str, succeed: bool = True
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "PODIUM_VAR_DIR": str(var_dir),
        "DEBUG": "false",
        "PODIUM_AUDIT_CHECKPOINT_DIR": NO_CHECKPOINTS,
    }
    result = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180
    )
    if succeed:
        assert result.returncode == 0, result.stderr
    return result


def populate(database_url: str, var_dir: Path) -> None:
    podium_on(database_url, var_dir, "-m", "podium", "migrate", "-v0")
    podium_on(database_url, var_dir, "-m", "podium", "demo", "--password", "backup-test-password")
    evidence = var_dir / "private" / "evidence" / "certificate.pdf"
    evidence.parent.mkdir(parents=True, exist_ok=True)
    evidence.write_bytes(EVIDENCE)


def drill(original_url: str, fresh_url: str, tmp_path: Path) -> None:
    original_var, fresh_var = tmp_path / "original-var", tmp_path / "fresh-var"
    populate(original_url, original_var)
    backup = tmp_path / "podium-backup.tar.gz"
    podium_on(original_url, original_var, "-m", "podium", "backup", str(backup))

    restored = podium_on(fresh_url, fresh_var, "-m", "podium", "restore", str(backup))
    # The evidence above and the files the demo keeps (a public PDF, a disclosure's
    # attachment, a signed agreement): every one comes back.
    kept = sorted(
        p.relative_to(original_var) for p in (original_var / "private").rglob("*") if p.is_file()
    )
    assert len(kept) > 1
    assert f"{len(kept)} private file(s)" in restored.stdout
    back = sorted(
        p.relative_to(fresh_var) for p in (fresh_var / "private").rglob("*") if p.is_file()
    )
    assert back == kept

    verify = podium_on(fresh_url, fresh_var, "-m", "podium", "audit-verify")
    assert "The audit log is intact" in verify.stdout
    original = json.loads(podium_on(original_url, original_var, "-c", COUNT).stdout)
    copy = json.loads(podium_on(fresh_url, fresh_var, "-c", COUNT).stdout)
    assert copy == original
    assert copy["audit.AuditEntry"] > 0
    assert (fresh_var / "private" / "evidence" / "certificate.pdf").read_bytes() == EVIDENCE

    # A second restore over the now populated database is refused without --force…
    again = podium_on(fresh_url, fresh_var, "-m", "podium", "restore", str(backup), succeed=False)
    assert again.returncode != 0
    assert "is not empty" in again.stderr and "--force" in again.stderr
    # …and with it, replaces what is there.
    podium_on(fresh_url, fresh_var, "-m", "podium", "restore", "--force", str(backup))
    assert json.loads(podium_on(fresh_url, fresh_var, "-c", COUNT).stdout) == original


def test_sqlite_backup_restores(tmp_path):
    drill(
        f"sqlite:///{tmp_path / 'podium.sqlite3'}",
        f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
        tmp_path,
    )


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="PostgreSQL backups are tested when the suite runs on PostgreSQL.",
)
def test_postgresql_backup_restores_into_a_fresh_database(tmp_path, django_db_blocker):
    with django_db_blocker.unblock():
        settings = connection.settings_dict
    base = f"postgres://{settings['USER']}@{settings['HOST'] or 'localhost'}:{settings['PORT'] or 5432}"
    original, fresh = (f"podium_backup_{uuid.uuid4().hex[:8]}" for _ in range(2))
    for name in (original, fresh):
        subprocess.run(["psql", f"{base}/postgres", "-qc", f"CREATE DATABASE {name}"], check=True)
    try:
        # sslmode=disable (this server has no TLS) reaches pg_dump and pg_restore: a
        # setting they dropped would fall back to libpq's default, which still works
        # here, so the option's passing is checked directly below as well.
        drill(f"{base}/{original}?sslmode=disable", f"{base}/{fresh}?sslmode=disable", tmp_path)
    finally:
        for name in (original, fresh):
            subprocess.run(
                ["psql", f"{base}/postgres", "-qc", f"DROP DATABASE IF EXISTS {name}"], check=False
            )


def test_pg_tools_get_the_connection_options_podium_uses():
    conninfo = backups.libpq_conninfo(
        {
            "NAME": "podium",
            "USER": "podium",
            "PASSWORD": "secret",
            "HOST": "db.example.ac.uk",
            "PORT": 6432,
            "OPTIONS": {
                "sslmode": "verify-full",
                "sslrootcert": "/etc/ssl/ca it's.pem",
                "pool": True,
            },
        }
    )
    assert "sslmode='verify-full'" in conninfo
    assert "sslrootcert='/etc/ssl/ca it\\'s.pem'" in conninfo
    assert "host='db.example.ac.uk'" in conninfo and "port='6432'" in conninfo
    assert "dbname='podium'" in conninfo and "user='podium'" in conninfo
    assert "secret" not in conninfo  # the password travels in PGPASSWORD
    assert "pool" not in conninfo  # Django's option, not libpq's
    assert backups.libpq_environment({"PASSWORD": "secret"})["PGPASSWORD"] == "secret"
