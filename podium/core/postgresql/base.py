"""Django's PostgreSQL backend, with the connection's health check made without a
round trip when the server has said nothing (docs/performance.md, "The per-request
floor, third pass").

With `CONN_HEALTH_CHECKS` on, Django checks a connection kept from an earlier
request before the request's first query by sending `SELECT 1`: a round trip on
every request that touches the database (on a signed-in page, one of three). A
connection the server has ended (a restart, `pg_terminate_backend`, an idle
timeout, a crashed backend) becomes readable on the client's side: the server's
last message, then end of file. So the socket is polled first, without waiting:
nothing to read, and the connection is idle, means the server has sent nothing
since the last request and the connection is used as it is; anything to read (or
any doubt) means Django's own check (`SELECT 1`), which closes a dead connection so
that the request opens a new one, as before. A server that vanished without
closing its sockets (a host powered off) answers neither check, and the
request's first query waits for TCP as `SELECT 1` would have.
"""

from __future__ import annotations

import select

from django.db.backends.postgresql import base
from psycopg import pq


class DatabaseWrapper(base.DatabaseWrapper):
    def close_if_health_check_failed(self) -> None:
        if (
            self.connection is not None
            and getattr(self, "health_check_enabled", False)
            and not getattr(self, "health_check_done", True)
            and not getattr(self, "pool", None)
            and self._nothing_from_the_server()
        ):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()

    def _nothing_from_the_server(self) -> bool:
        """True when the connection is open, idle (no transaction), and the server
        has sent nothing that is waiting to be read."""
        connection = self.connection
        try:
            idle = connection.pgconn.transaction_status == pq.TransactionStatus.IDLE
            if connection.closed or not idle:
                return False
            readable, _, _ = select.select([connection.pgconn.socket], [], [], 0)
        except (OSError, ValueError, AttributeError):
            return False
        return not readable
