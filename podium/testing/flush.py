"""Emptying the database after a transactional test, paying only for what the test
changed (the root conftest.py calls `empty_after_test` after each).

Django empties every table (TRUNCATE of ~150 tables on PostgreSQL, a DELETE each on
SQLite), re-creates content types and permissions (`post_migrate`), and Podium then
re-seeds what data migrations put there (`restore_seeded_data`). On PostgreSQL that
took ~5 s per test on the shared machine, most of it the TRUNCATE.

Here the full flush runs once, and what it leaves (content types, permissions, the
seeded lists: the "baseline") is remembered row for row. After each later test:
if every baseline table still holds exactly those rows, only the other tables that
hold rows are emptied (DELETE, one statement each); otherwise the full flush runs
again. Either way the next test starts from the same rows.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.backends.base.base import BaseDatabaseWrapper

Rows = list[tuple[Any, ...]]

# Per database alias: table -> its rows after the last full flush.
_baseline: dict[str, dict[str, Rows]] = {}


def _tables(connection: BaseDatabaseWrapper) -> list[str]:
    return sorted(connection.introspection.django_table_names(only_existing=True))


def _rows(cursor: Any, connection: BaseDatabaseWrapper, table: str) -> Rows:
    # Table names are from Django's own list, quoted.
    cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)} ORDER BY 1")  # noqa: S608
    return [tuple(row) for row in cursor.fetchall()]


def _tables_with_rows(cursor: Any, connection: BaseDatabaseWrapper, tables: list[str]) -> list[str]:
    if not tables:
        return []
    quote = connection.ops.quote_name
    # One round trip for all of them.
    cursor.execute(
        " UNION ALL ".join(
            f"SELECT %s WHERE EXISTS (SELECT 1 FROM {quote(table)})"  # noqa: S608
            for table in tables
        ),
        tables,
    )
    return [row[0] for row in cursor.fetchall()]


def remember_baseline(connection: BaseDatabaseWrapper) -> None:
    """Call straight after a full flush and re-seeding."""
    with connection.cursor() as cursor:
        _baseline[connection.alias] = {
            table: _rows(cursor, connection, table)
            for table in _tables_with_rows(cursor, connection, _tables(connection))
        }


def empty_changed_tables(connection: BaseDatabaseWrapper) -> bool:
    """Empty the tables the test filled, if it left the baseline as it was. Returns
    False (and changes nothing) when a full flush is needed instead."""
    baseline = _baseline.get(connection.alias)
    if baseline is None:
        return False
    tables = _tables(connection)
    if not set(baseline) <= set(tables):
        return False  # a migration test moved the schema
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for table, rows in baseline.items():
            if _rows(cursor, connection, table) != rows:
                return False
        quote = connection.ops.quote_name
        for table in _tables_with_rows(cursor, connection, tables):
            if table not in baseline:
                # On PostgreSQL the flush runs as a replica (podium.audit.db.maintenance),
                # which checks no foreign key; on SQLite they are deferred to the commit.
                cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608
    return True
