"""Speaker search never reads the names table from end to end (QUALITY.md,
performance): EXPLAIN on PostgreSQL over 20,000 seeded speakers. The nearest words
come from the words table's GiST trigram index in index order (`ORDER BY token <->
…`), the names holding them from the GIN index on each name's words (misspelt or
not), and a speaker's checks from the foreign-key index."""

from __future__ import annotations

import os
import random

import pytest
from django.db import connection

from podium.accounts.demo import create_demo
from podium.speakers import selectors
from podium.speakers.matching import match_key
from podium.speakers.models import Speaker, SpeakerCheck, SpeakerName
from podium.speakers.seed import seed_speakers

pytestmark = pytest.mark.skipif(
    "postgres" not in os.environ.get("DATABASE_URL", ""),
    reason="Query plans are checked on PostgreSQL, the production database.",
)


def scans(sql: str, params: list, table: str) -> list[dict]:
    """The executed plan's scans of `table` (EXPLAIN ANALYZE, as JSON)."""
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    found, waiting = [], [plan[0]["Plan"]]
    while waiting:
        node = waiting.pop()
        waiting.extend(node.get("Plans", []))
        if node.get("Relation Name") == table and node.get("Actual Loops", 0):
            found.append(node)
    return found


def test_speaker_search_and_history_use_indexes(db):
    create_demo(password="plans-test-password")
    seed_speakers(count=20_000, rng=random.Random(1))  # noqa: S311 - synthetic data
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    names = SpeakerName.objects.count()
    for query in ("Mohamed Al Hassan", "Muhamad Hasn", "Chimamanda Adichie", "Hasan"):
        key = match_key(query)
        near = selectors._near_words(key.split())
        sql, params = selectors._tiers(key, near)
        if not sql:  # no word of the register is near: no names are read
            continue
        # The planner may walk the names table where it expects many matches
        # (a LIMIT then stops it early) but never reads it from end to end.
        for scan in scans(sql, params, "speakers_speakername"):
            if scan["Node Type"] == "Seq Scan":
                read = scan["Actual Rows"] + scan.get("Rows Removed by Filter", 0)
                assert read < names / 4, (query, scan["Filter"])
            else:
                assert "Bitmap" in scan["Node Type"], (query, scan)
        with connection.cursor() as cursor:
            cursor.execute(
                "EXPLAIN SELECT token FROM speakers_nametoken ORDER BY token <-> %s LIMIT %s",
                [key.split()[0], selectors.NEAR_WORDS],
            )
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "nametoken_trgm" in plan, plan
    # A speaker's checks, and the checks due for renewal.
    speaker = Speaker.objects.order_by("pk").first()
    plan = SpeakerCheck.objects.filter(speaker=speaker).explain()
    assert "Seq Scan on speakers_speakercheck" not in plan, plan
