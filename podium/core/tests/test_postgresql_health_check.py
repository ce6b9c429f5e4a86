"""The PostgreSQL backend's health check without a round trip
(podium/core/postgresql/base.py): a connection the server ended is still replaced
before the next request's first query; a quiet one is used without `SELECT 1`."""

from __future__ import annotations

import select
import time

import psycopg
import pytest
from django.db import connections

connection = connections["default"]

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's backend only"),
]


def next_request() -> None:
    """What Django does between two requests: the end of one (`request_finished`)
    and the start of the next (`request_started`) each close an unusable or
    obsolete connection, and mark the kept one for a health check."""
    connection.close_if_unusable_or_obsolete()


def count_is_usable(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    calls: list[int] = []
    original = type(connection).is_usable

    def is_usable(self):
        calls.append(1)
        return original(self)

    monkeypatch.setattr(type(connection), "is_usable", is_usable)
    return calls


def test_the_health_checks_are_on():
    assert connection.settings_dict["CONN_HEALTH_CHECKS"] is True
    assert type(connection).__module__ == "podium.core.postgresql.base"


def test_a_quiet_connection_is_used_without_a_round_trip(monkeypatch):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    pid = connection.connection.info.backend_pid
    calls = count_is_usable(monkeypatch)
    next_request()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    assert calls == []
    assert connection.health_check_done
    assert connection.connection.info.backend_pid == pid


def test_a_connection_the_server_ended_is_replaced_before_the_next_query(monkeypatch):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    pid = connection.connection.info.backend_pid
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    # The server's last words reach the socket.
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        if select.select([connection.connection.pgconn.socket], [], [], 0.1)[0]:
            break
    calls = count_is_usable(monkeypatch)
    next_request()
    with connection.cursor() as cursor:  # no error: a new connection
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
    assert calls == [1]  # Django's own check decided
    assert connection.connection.info.backend_pid != pid


def test_a_connection_in_a_transaction_gets_djangos_check(monkeypatch):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    connection.connection.execute("BEGIN")  # behind Django's back
    calls = count_is_usable(monkeypatch)
    connection.health_check_done = False
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    assert calls == [1]
    connection.connection.execute("ROLLBACK")
