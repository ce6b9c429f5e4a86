"""Times the subject access search (every app's finder, the speaker register's
matcher for names) for the demo's recurring speaker under another spelling, against
whatever the database holds (`make bench` seeds BENCH_SPEAKERS speakers; the issue's
figure is 500,000). Prints JSON: searches, mean and worst milliseconds, hits.

Run by `bench/run.py`; alone: `python bench/subject_access_search.py` with the
settings in the environment."""

from __future__ import annotations

import json
import time

import django

django.setup()

from podium.core.subject_export import PERSON_FINDERS, SearchTerms  # noqa: E402
from podium.subject_access.services import name_score  # noqa: E402

TERMS = SearchTerms(
    name="Mohamed Al Hassan", email="m.alhasan@northshire.example.ac.uk", staff_number="S-00042"
)
RUNS = 20


def search() -> int:
    return sum(len(finder.find(TERMS, name_score)) for finder in PERSON_FINDERS)


search()  # warm the connection and caches
times = []
for _ in range(RUNS):
    start = time.perf_counter()
    hits = search()
    times.append((time.perf_counter() - start) * 1000)
print(
    json.dumps({"searches": RUNS, "mean_ms": sum(times) / RUNS, "max_ms": max(times), "hits": hits})
)
