"""Query-count guard: a page must cost the same number of queries with 1 row as
with 50 (QUALITY.md, performance)."""

from __future__ import annotations

from collections.abc import Callable

import time_machine
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone


def count_queries(action: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as context:
        action()
    return len(context.captured_queries)


def assert_constant_queries(
    *, get_page: Callable[[], object], add_rows: Callable[[int], object], ceiling: int = 12
) -> int:
    """Count the queries of `get_page()` with 1 row, add 49 more with `add_rows`,
    and count again: the two counts must be equal and within `ceiling`."""
    add_rows(1)
    # A session's last-seen time and an API token's last use are written at most
    # once a minute (podium/accounts/middleware.py, podium/api/services.py). So the
    # page is requested once before counting, and counted the second time at the
    # moment of the first: on a slow machine, adding 49 rows can take a minute and
    # would otherwise put that write into one count and not the other.
    get_page()
    counted_at = timezone.now()
    one = count_queries(get_page)
    add_rows(49)
    with time_machine.travel(counted_at, tick=False):
        fifty = count_queries(get_page)
    assert one == fifty, f"{one} queries with 1 row but {fifty} with 50"
    assert fifty <= ceiling, f"{fifty} queries, more than the ceiling of {ceiling}"
    return fifty


def as_committed(add_rows: Callable[[int], object]) -> Callable[[int], object]:
    """`add_rows` with the callbacks its services leave for after their commit run
    (a test's transaction never commits), as they run in production: e.g. the
    summary rows counted again (podium/core/summaries.py), so the page is measured
    as people meet it, not in the moment between a change and its recount."""

    def add(n: int) -> object:
        with TestCase.captureOnCommitCallbacks(execute=True):
            return add_rows(n)

    return add
