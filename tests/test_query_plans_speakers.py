"""Speaker search never reads the names table from end to end (QUALITY.md,
performance): EXPLAIN on PostgreSQL over 20,000 seeded speakers. The nearest names
come from the GiST trigram index in index order (`ORDER BY match_key <-> …`), and a
speaker's checks from the foreign-key index."""

from __future__ import annotations

import os
import random

import pytest
from django.contrib.postgres.search import TrigramDistance
from django.db import connection

from podium.accounts.demo import create_demo
from podium.speakers.matching import match_key
from podium.speakers.models import Speaker, SpeakerCheck, SpeakerName
from podium.speakers.seed import seed_speakers
from podium.speakers.selectors import NEAREST

pytestmark = pytest.mark.skipif(
    "postgres" not in os.environ.get("DATABASE_URL", ""),
    reason="Query plans are checked on PostgreSQL, the production database.",
)


def test_speaker_search_and_history_use_indexes(db):
    create_demo(password="plans-test-password")
    seed_speakers(count=20_000, rng=random.Random(1))  # noqa: S311 - synthetic data
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    key = match_key("Mohamed Al Hassan")
    nearest = (
        SpeakerName.objects.annotate(distance=TrigramDistance("match_key", key))
        .order_by("distance")
        .values_list("speaker_id", "name", "match_key")[:NEAREST]
    )
    plan = nearest.explain()
    assert "speakername_key_trgm" in plan, plan
    assert "Seq Scan on speakers_speakername" not in plan, plan
    # A speaker's checks, and the checks due for renewal.
    speaker = Speaker.objects.order_by("pk").first()
    plan = SpeakerCheck.objects.filter(speaker=speaker).explain()
    assert "Seq Scan on speakers_speakercheck" not in plan, plan
