"""Append-only at the database level: triggers refuse UPDATE and DELETE on the
audit table, on PostgreSQL and on SQLite (created by migration 0002), and on
PostgreSQL a statement-level trigger refuses TRUNCATE (migration 0003; SQLite has
no TRUNCATE, only DELETE, which its trigger already refuses).

Migration 0004 narrows DELETE: an entry at or below the newest anchor's sequence
(`AuditAnchor`, written when the log's own retention prunes its oldest entries)
may be deleted; any other is refused as before. Anchors themselves refuse UPDATE,
DELETE and TRUNCATE. UPDATE and TRUNCATE of entries stay refused. Migration 0005
lets an UPDATE of an anchor through when it changes the signature alone (re-signing
after SECRET_KEY is rotated, `podium audit-resign-anchors`).

On SQLite the trigger fires when `podium_audit_append_only()` is true. Podium
registers that function on every connection it opens; any other program that
opens the file (the sqlite3 shell, say) has no such function, so its UPDATE or
DELETE fails too. Only the test suite's between-test flush turns it off
(`maintenance()`); dropping the trigger by hand is the only other way round it,
and `podium audit-verify` detects what is changed that way.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db.backends.signals import connection_created
from django.dispatch import receiver

TABLE = "audit_auditentry"
ANCHORS = "audit_auditanchor"
REFUSAL = "audit entries are append-only"
ANCHOR_REFUSAL = "audit anchors are append-only"
_state = threading.local()

POSTGRESQL_CREATE = f"""
CREATE OR REPLACE FUNCTION podium_audit_refuse() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{REFUSAL}';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_refuse_update BEFORE UPDATE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION podium_audit_refuse();
CREATE TRIGGER audit_refuse_delete BEFORE DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION podium_audit_refuse();
"""
POSTGRESQL_DROP = f"""
DROP TRIGGER IF EXISTS audit_refuse_update ON {TABLE};
DROP TRIGGER IF EXISTS audit_refuse_delete ON {TABLE};
DROP FUNCTION IF EXISTS podium_audit_refuse();
"""
# TRUNCATE fires no row triggers, so it needs its own, per statement. A function of
# its own too, so that dropping 0002's triggers and function leaves this one alone.
POSTGRESQL_TRUNCATE_CREATE = f"""
CREATE OR REPLACE FUNCTION podium_audit_refuse_truncate() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{REFUSAL}';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_refuse_truncate BEFORE TRUNCATE ON {TABLE}
    FOR EACH STATEMENT EXECUTE FUNCTION podium_audit_refuse_truncate();
"""
POSTGRESQL_TRUNCATE_DROP = f"""
DROP TRIGGER IF EXISTS audit_refuse_truncate ON {TABLE};
DROP FUNCTION IF EXISTS podium_audit_refuse_truncate();
"""
SQLITE_CREATE = [
    f"""CREATE TRIGGER audit_refuse_update BEFORE UPDATE ON {TABLE}
        WHEN podium_audit_append_only() BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END;""",
    f"""CREATE TRIGGER audit_refuse_delete BEFORE DELETE ON {TABLE}
        WHEN podium_audit_append_only() BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END;""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS audit_refuse_update;",
    "DROP TRIGGER IF EXISTS audit_refuse_delete;",
]


# DELETE of an entry passes only when an anchor covers it (migration 0004).
_COVERED = f"(SELECT COALESCE(MAX(sequence), 0) FROM {ANCHORS})"  # noqa: S608 - constants
POSTGRESQL_ANCHORED_CREATE = f"""
CREATE OR REPLACE FUNCTION podium_audit_refuse_unanchored_delete() RETURNS trigger AS $$
BEGIN
    IF OLD.sequence <= {_COVERED} THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION '{REFUSAL}';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS audit_refuse_delete ON {TABLE};
CREATE TRIGGER audit_refuse_delete BEFORE DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION podium_audit_refuse_unanchored_delete();
CREATE OR REPLACE FUNCTION podium_audit_anchor_refuse() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION '{ANCHOR_REFUSAL}';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_anchor_refuse_update BEFORE UPDATE ON {ANCHORS}
    FOR EACH ROW EXECUTE FUNCTION podium_audit_anchor_refuse();
CREATE TRIGGER audit_anchor_refuse_delete BEFORE DELETE ON {ANCHORS}
    FOR EACH ROW EXECUTE FUNCTION podium_audit_anchor_refuse();
CREATE TRIGGER audit_anchor_refuse_truncate BEFORE TRUNCATE ON {ANCHORS}
    FOR EACH STATEMENT EXECUTE FUNCTION podium_audit_anchor_refuse();
"""
POSTGRESQL_ANCHORED_DROP = f"""
DROP TRIGGER IF EXISTS audit_anchor_refuse_update ON {ANCHORS};
DROP TRIGGER IF EXISTS audit_anchor_refuse_delete ON {ANCHORS};
DROP TRIGGER IF EXISTS audit_anchor_refuse_truncate ON {ANCHORS};
DROP FUNCTION IF EXISTS podium_audit_anchor_refuse();
DROP TRIGGER IF EXISTS audit_refuse_delete ON {TABLE};
CREATE TRIGGER audit_refuse_delete BEFORE DELETE ON {TABLE}
    FOR EACH ROW EXECUTE FUNCTION podium_audit_refuse();
DROP FUNCTION IF EXISTS podium_audit_refuse_unanchored_delete();
"""
SQLITE_ANCHORED_CREATE = [
    "DROP TRIGGER IF EXISTS audit_refuse_delete;",
    f"""CREATE TRIGGER audit_refuse_delete BEFORE DELETE ON {TABLE}
        WHEN podium_audit_append_only() AND OLD.sequence > {_COVERED}
        BEGIN SELECT RAISE(ABORT, '{REFUSAL}'); END;""",
    f"""CREATE TRIGGER audit_anchor_refuse_update BEFORE UPDATE ON {ANCHORS}
        WHEN podium_audit_append_only() BEGIN SELECT RAISE(ABORT, '{ANCHOR_REFUSAL}'); END;""",
    f"""CREATE TRIGGER audit_anchor_refuse_delete BEFORE DELETE ON {ANCHORS}
        WHEN podium_audit_append_only() BEGIN SELECT RAISE(ABORT, '{ANCHOR_REFUSAL}'); END;""",
]
SQLITE_ANCHORED_DROP = [
    "DROP TRIGGER IF EXISTS audit_anchor_refuse_update;",
    "DROP TRIGGER IF EXISTS audit_anchor_refuse_delete;",
    "DROP TRIGGER IF EXISTS audit_refuse_delete;",
    SQLITE_CREATE[1],
]


# Migration 0005: an anchor's signature alone may be replaced, so that
# `podium audit-resign-anchors` can re-sign the anchors after SECRET_KEY is rotated
# (it signs them again only after checking them under the old key). Every other
# column stays fixed; a signature changed by someone without the key makes
# `audit-verify` fail, as any other tampering does.
_ANCHOR_VALUES = ("sequence", "entry_hash", "pruned", "pruned_before", "made_at", "made_by_run")
_PG_SAME = " AND ".join(f"NEW.{c} IS NOT DISTINCT FROM OLD.{c}" for c in ("id", *_ANCHOR_VALUES))
_SQLITE_CHANGED = " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in ("id", *_ANCHOR_VALUES))
POSTGRESQL_RESIGN_CREATE = f"""
CREATE OR REPLACE FUNCTION podium_audit_anchor_refuse_update() RETURNS trigger AS $$
BEGIN
    IF {_PG_SAME} THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION '{ANCHOR_REFUSAL}';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS audit_anchor_refuse_update ON {ANCHORS};
CREATE TRIGGER audit_anchor_refuse_update BEFORE UPDATE ON {ANCHORS}
    FOR EACH ROW EXECUTE FUNCTION podium_audit_anchor_refuse_update();
"""
POSTGRESQL_RESIGN_DROP = f"""
DROP TRIGGER IF EXISTS audit_anchor_refuse_update ON {ANCHORS};
CREATE TRIGGER audit_anchor_refuse_update BEFORE UPDATE ON {ANCHORS}
    FOR EACH ROW EXECUTE FUNCTION podium_audit_anchor_refuse();
DROP FUNCTION IF EXISTS podium_audit_anchor_refuse_update();
"""
SQLITE_RESIGN_CREATE = [
    "DROP TRIGGER IF EXISTS audit_anchor_refuse_update;",
    f"""CREATE TRIGGER audit_anchor_refuse_update BEFORE UPDATE ON {ANCHORS}
        WHEN podium_audit_append_only() AND ({_SQLITE_CHANGED})
        BEGIN SELECT RAISE(ABORT, '{ANCHOR_REFUSAL}'); END;""",
]
SQLITE_RESIGN_DROP = [
    "DROP TRIGGER IF EXISTS audit_anchor_refuse_update;",
    SQLITE_ANCHORED_CREATE[2],
]


def _append_only() -> int:
    return 0 if getattr(_state, "maintenance", False) else 1


@receiver(connection_created)
def register_sqlite_function(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "podium_audit_append_only", 0, _append_only, deterministic=False
        )


@contextmanager
def maintenance() -> Iterator[None]:
    """Let this thread's connections empty the audit table: only for the test
    suite's flush between tests. On SQLite it turns the triggers' condition off;
    PostgreSQL flushes with TRUNCATE, so the default connection runs as a
    replica (`session_replication_role`), which fires no ordinary triggers and
    which only a superuser may set: the role Podium runs as in production cannot."""
    from django.db import connection

    replica = connection.vendor == "postgresql"
    _state.maintenance = True
    try:
        if replica:
            with connection.cursor() as cursor:
                cursor.execute("SET session_replication_role = replica")
        yield
    finally:
        _state.maintenance = False
        if replica:
            with connection.cursor() as cursor:
                cursor.execute("RESET session_replication_role")


def create_triggers(schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_CREATE)
    elif schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_CREATE:
            schema_editor.execute(statement)


def drop_triggers(schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_DROP)
    elif schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_DROP:
            schema_editor.execute(statement)


def create_truncate_trigger(schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_TRUNCATE_CREATE)


def drop_truncate_trigger(schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_TRUNCATE_DROP)


def create_anchored_delete(schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_ANCHORED_CREATE)
    elif schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_ANCHORED_CREATE:
            schema_editor.execute(statement)


def drop_anchored_delete(schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_ANCHORED_DROP)
    elif schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_ANCHORED_DROP:
            schema_editor.execute(statement)


def allow_resigning(schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_RESIGN_CREATE)
    elif schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_RESIGN_CREATE:
            schema_editor.execute(statement)


def refuse_resigning(schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(POSTGRESQL_RESIGN_DROP)
    elif schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_RESIGN_DROP:
            schema_editor.execute(statement)
