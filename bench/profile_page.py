"""`make profile PAGE=/training/ AS=training@example.ac.uk`: one page, in process.

Requests PAGE through Django's full stack (middleware, view, templates) with the
test client, signed in as AS (a demo persona's address; default the admin), against
the database in DATABASE_URL (seed it as bench/run.py does). It warms up once, then
times RUNS requests (default 5) and profiles one with cProfile, printing:

- the wall-clock time per request (median of RUNS), the response size and the number
  of SQL queries and their total time;
- with QUERIES=N, the N slowest queries (their first WIDTH characters, default 400);
- the top 25 functions by cumulative and by own time.

Run it before and after a change and quote both in docs/performance.md.
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import statistics
import sys
import time

from in_process import setup

setup()

from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from podium.accounts.models import User  # noqa: E402


def main() -> None:
    page = os.environ.get("PAGE") or (sys.argv[1] if len(sys.argv) > 1 else "/")
    email = os.environ.get("AS") or "admin@example.ac.uk"
    runs = int(os.environ.get("RUNS", "5"))
    top = int(os.environ.get("TOP", "25"))
    client = Client(HTTP_HOST="localhost")
    client.force_login(User.objects.get(email=email))

    def get() -> int:
        response = client.get(page)
        if response.status_code != 200:
            raise SystemExit(f"{page} answered {response.status_code}.")
        body = b"".join(response.streaming_content) if response.streaming else response.content  # type: ignore[attr-defined]
        return len(body)

    size = get()  # warm up: templates compiled, connection open
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        get()
        times.append((time.perf_counter() - started) * 1000)
    with CaptureQueriesContext(connection) as context:
        get()
    queries = list(context.captured_queries)
    sql_ms = sum(float(q["time"]) for q in queries) * 1000
    reset_queries()
    profiler = cProfile.Profile()
    profiler.enable()
    get()
    profiler.disable()
    print(
        f"{page} as {email}: {statistics.median(times):.1f} ms median of {runs} "
        f"(min {min(times):.1f}), {size / 1024:.0f} KiB, "
        f"{len(queries)} queries ({sql_ms:.1f} ms in SQL)"
    )
    slowest = int(os.environ.get("QUERIES", "0"))
    if slowest:
        print(f"\n--- the {slowest} slowest queries ---")
        width = int(os.environ.get("WIDTH", "400"))
        for query in sorted(queries, key=lambda q: -float(q["time"]))[:slowest]:
            print(f"{float(query['time']) * 1000:8.1f} ms  {query['sql'][:width]}")
    for order in ("cumulative", "tottime"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(order).print_stats(top)
        print(f"\n--- by {order} ---")
        print("\n".join(out.getvalue().splitlines()[6:]))


if __name__ == "__main__":
    main()
