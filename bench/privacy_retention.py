"""Time the retention schedule over the bench database (`bench/run.py` calls this):
a dry run, then the real run, inside one transaction that is rolled back, so the
seeded data (ten years of requests and staff) stays for the next bench. Prints
one JSON line: rows examined and changed, seconds, rows per second and the peak
memory of the run."""

from __future__ import annotations

import json
import resource
import time
import tracemalloc

import django

django.setup()

from django.db import transaction  # noqa: E402

from podium.privacy import services  # noqa: E402


def main() -> None:
    tracemalloc.start()
    with transaction.atomic():
        started = time.perf_counter()
        dry = services.run_retention(acting_user=None, dry_run=True)
        dry_seconds = time.perf_counter() - started
        started = time.perf_counter()
        applied = services.run_retention(acting_user=None, dry_run=False)
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)  # leave the bench data as it was
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    done = applied.total_done
    print(
        json.dumps(
            {
                "due": dry.total_due,
                "dry_run_seconds": dry_seconds,
                "done": done,
                "seconds": seconds,
                "rows_per_second": done / seconds if seconds else 0.0,
                "peak_python_mib": peak / 2**20,
                "max_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "by_type": {k: v.get("done", 0) for k, v in applied.counts.items()},
            }
        )
    )


if __name__ == "__main__":
    main()
