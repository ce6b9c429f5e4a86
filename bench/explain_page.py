"""`python bench/explain_page.py /` (AS=, DATABASE_URL=): every query of one page, explained.

Requests PAGE in process as AS (like `bench/profile_page.py`, PostgreSQL only),
captures its queries, and runs `EXPLAIN (ANALYZE, BUFFERS)` on each SELECT (in a
transaction rolled back; a page's GET writes nothing that matters here). Prints,
most buffers first: the buffers read or hit, the execution time, the sequential
scans (table and rows) and the first WIDTH characters of the query. A count that
reads thousands of buffers on a large table is what grows with the institution.
"""

from __future__ import annotations

import json
import os
import sys

from in_process import setup

setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from podium.accounts.models import User  # noqa: E402


def _walk(node: dict, found: list[str]) -> None:  # type: ignore[type-arg]
    if node.get("Node Type") == "Seq Scan":
        found.append(f"{node.get('Relation Name')}({node.get('Actual Rows', 0)} rows)")
    for child in node.get("Plans", []):
        _walk(child, found)


def main() -> None:
    page = os.environ.get("PAGE") or (sys.argv[1] if len(sys.argv) > 1 else "/")
    email = os.environ.get("AS") or "admin@example.ac.uk"
    width = int(os.environ.get("WIDTH", "160"))
    client = Client(HTTP_HOST="localhost")
    client.force_login(User.objects.get(email=email))
    client.get(page)  # warm up
    with CaptureQueriesContext(connection) as context:
        response = client.get(page)
    if response.status_code != 200:
        raise SystemExit(f"{page} answered {response.status_code}.")
    rows = []
    for query in context.captured_queries:
        sql = query["sql"]
        if not sql.lstrip().upper().startswith("SELECT"):
            continue
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}")
            plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            transaction.set_rollback(True)
        top = plan[0]["Plan"]
        buffers = top.get("Shared Hit Blocks", 0) + top.get("Shared Read Blocks", 0)
        scans: list[str] = []
        _walk(top, scans)
        rows.append((buffers, plan[0]["Execution Time"], scans, sql))
    print(f"{page} as {email}: {len(context.captured_queries)} queries")
    print(f"{'buffers':>8} {'exec ms':>8}  query (sequential scans)")
    for buffers, ms, scans, sql in sorted(rows, key=lambda r: -r[0]):
        seq = f"  [seq: {', '.join(scans)}]" if scans else ""
        print(f"{buffers:>8} {ms:>8.2f}  {sql[:width]}{seq}")
    print(f"{sum(r[0] for r in rows):>8} {sum(r[1] for r in rows):>8.2f}  total")


if __name__ == "__main__":
    main()
