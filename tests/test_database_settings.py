"""The PostgreSQL connection's settings (config/settings.py)."""

from __future__ import annotations

import os

import pytest
from django.db import connection


@pytest.mark.skipif(
    "postgres" not in os.environ.get("DATABASE_URL", ""),
    reason="JIT is a PostgreSQL setting.",
)
def test_postgresql_compiles_no_query_with_jit(db):
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_jit_is_turned_off_alongside_options_from_the_url(monkeypatch):
    """Options already in DATABASE_URL (here `options=-c statement_timeout=5000`)
    are kept, and JIT is turned off after them."""
    import importlib

    from config import settings

    monkeypatch.setenv(
        "DATABASE_URL",
        "postgres://u@h:5432/db?sslmode=require&options=-c%20statement_timeout%3D5000",
    )
    try:
        reloaded = importlib.reload(settings)
        options = reloaded.DATABASES["default"]["OPTIONS"]
        assert options["sslmode"] == "require"
        assert options["options"] == "-c statement_timeout=5000 -c jit=off"
    finally:
        monkeypatch.undo()
        importlib.reload(settings)
