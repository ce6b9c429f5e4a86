"""`podium backup` restores into a fresh database with equal row counts and an
audit chain that verifies (QUALITY.md, reliability; docs/operations.md)."""

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

ROOT = Path(__file__).resolve().parent.parent
COUNT = (
    "import json, django; django.setup(); from django.apps import apps; "
    "print(json.dumps({m._meta.label: m.objects.count() for m in apps.get_models()}))"
)


# audit-verify checks the newest saved checkpoint; a developer's own (in var/)
# describe another database, so these runs look in an empty directory.
NO_CHECKPOINTS = tempfile.mkdtemp(prefix="podium-no-checkpoints-")


def podium_on(database_url: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "false",
        "PODIUM_AUDIT_CHECKPOINT_DIR": NO_CHECKPOINTS,
    }
    result = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180
    )
    assert result.returncode == 0, result.stderr
    return result


def populate(database_url: str) -> None:
    podium_on(database_url, "-m", "podium", "migrate", "-v0")
    podium_on(database_url, "-m", "podium", "demo", "--password", "backup-test-password")


def assert_same(original_url: str, restored_url: str) -> None:
    verify = podium_on(restored_url, "-m", "podium", "audit-verify")
    assert "The audit log is intact" in verify.stdout
    original = json.loads(podium_on(original_url, "-c", COUNT).stdout)
    restored = json.loads(podium_on(restored_url, "-c", COUNT).stdout)
    assert restored == original
    assert restored["audit.AuditEntry"] > 0


def test_sqlite_backup_restores(tmp_path):
    original = f"sqlite:///{tmp_path / 'podium.sqlite3'}"
    populate(original)
    backup = tmp_path / "backup.sqlite3"
    podium_on(original, "-m", "podium", "backup", str(backup))
    # Restoring a SQLite backup is putting the file in place.
    assert_same(original, f"sqlite:///{backup}")


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
        populate(f"{base}/{original}")
        backup = tmp_path / "podium.dump"
        podium_on(f"{base}/{original}", "-m", "podium", "backup", str(backup))
        subprocess.run(
            ["pg_restore", "--no-owner", f"--dbname={base}/{fresh}", str(backup)],
            check=True,
            capture_output=True,
        )
        assert_same(f"{base}/{original}", f"{base}/{fresh}")
    finally:
        for name in (original, fresh):
            subprocess.run(
                ["psql", f"{base}/postgres", "-qc", f"DROP DATABASE IF EXISTS {name}"], check=False
            )
