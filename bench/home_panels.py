"""`python bench/home_panels.py` (AS=, DATABASE_URL=): what each home panel costs.

Calls every `HOME_PANELS` entry's `waiting`, `cards` and `context` for AS (a demo
persona's address; several separated by commas), in page order and inside one
per-request memo as the home page does, ROUNDS times (default 7), against the
database in DATABASE_URL. Prints, for each panel, the minimum time of a round, its
queries and their SQL time (a panel that reads a figure another panel already read
in the same page view is charged nothing for it, as on the page), and the total.

Run it before and after a change and quote both in docs/performance.md.
"""

from __future__ import annotations

import os
import time

from in_process import setup

setup()

from django.db import connection  # noqa: E402
from django.template.loader import get_template  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from podium.accounts.models import User  # noqa: E402
from podium.core.memo import request_memo  # noqa: E402
from podium.core.registry import HOME_PANELS  # noqa: E402


def _panel(panel, user) -> None:  # type: ignore[no-untyped-def]
    if panel.waiting is not None:
        panel.waiting(user)
    if panel.cards is not None:
        panel.cards(user)
    if panel.template:
        context = dict(panel.context(user)) if panel.context is not None else {}
        get_template(panel.template).render({"user": user, **context})


def profile(email: str, rounds: int) -> None:
    panels = list(HOME_PANELS)
    best: dict[str, float] = {}
    counted: dict[str, tuple[int, float]] = {}
    for round_ in range(rounds + 1):
        user = User.objects.get(email=email)  # a fresh user: nothing cached on it
        with request_memo():
            for panel in panels:
                with CaptureQueriesContext(connection) as captured:
                    started = time.perf_counter()
                    _panel(panel, user)
                    took = (time.perf_counter() - started) * 1000
                if round_ == 0:
                    continue  # warm-up
                sql = sum(float(q["time"]) for q in captured.captured_queries) * 1000
                if took < best.get(panel.name, float("inf")):
                    best[panel.name] = took
                    counted[panel.name] = (len(captured.captured_queries), sql)
    total_ms = sum(best.values())
    total_queries = sum(n for n, _ in counted.values())
    print(f"\nHome panels as {email} (the fastest of {rounds} rounds; its queries):")
    print(f"{'panel':<28} {'ms':>8} {'queries':>8} {'SQL ms':>8}")
    for panel in sorted(panels, key=lambda p: -best[p.name]):
        queries, sql = counted[panel.name]
        print(f"{panel.name:<28} {best[panel.name]:>8.1f} {queries:>8} {sql:>8.1f}")
    print(f"{'total':<28} {total_ms:>8.1f} {total_queries:>8}")


def main() -> None:
    rounds = int(os.environ.get("ROUNDS", "7"))
    emails = os.environ.get("AS") or "prevent.lead@example.ac.uk"
    # Query times are recorded only with a debug cursor.
    connection.force_debug_cursor = True
    for email in emails.split(","):
        profile(email.strip(), rounds)


if __name__ == "__main__":
    main()
