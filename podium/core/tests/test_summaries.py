"""The summary-row kit itself (podium/core/summaries.py), with a kind counting a
dictionary: reads are exact whatever state the rows are in, a refresh clears only
the marks it saw, and an older count never replaces a newer one."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest

from podium.core import summaries
from podium.core.models import Summary, SummaryMark

SOURCE: dict[str, int] = {}
COUNTED: list[list[str]] = []


def _recount(keys: list[str]) -> dict[str, Any]:
    COUNTED.append(list(keys))
    return {key: SOURCE.get(key, 0) for key in keys}


@pytest.fixture
def kind(db):
    SOURCE.clear()
    COUNTED.clear()
    registered = summaries.register(
        summaries.SummaryKind(
            name="test.counts",
            recount=_recount,
            keys=lambda: [k for k, v in SOURCE.items() if v],
            empty=int,
            depends_on=frozenset({"test.thing"}),
        )
    )
    yield registered
    summaries.KINDS.pop(registered.name)


def change(key: str, value: int) -> None:
    """A service's change: the data and its mark, in one transaction."""
    SOURCE[key] = value
    summaries.mark("test.counts", [key], refresh=False)


def test_a_read_before_the_first_build_counts_live_and_writes_nothing(kind):
    SOURCE["a"] = 3
    assert summaries.read("test.counts", ["a", "b"]) == {"a": 3, "b": 0}
    assert not Summary.objects.exists()


def test_after_a_build_a_read_is_one_query_and_empty_keys_cost_nothing(
    kind, django_assert_num_queries
):
    SOURCE["a"] = 3
    summaries.rebuild(["test.counts"])
    COUNTED.clear()
    with django_assert_num_queries(1):
        assert summaries.read("test.counts", ["a", "b"]) == {"a": 3, "b": 0}
    assert COUNTED == []


def test_a_marked_key_is_recounted_live_until_refreshed(kind):
    SOURCE["a"] = 3
    summaries.rebuild(["test.counts"])
    change("a", 4)
    change("c", 1)  # a key with no row yet: the mark brings its row
    assert summaries.read("test.counts", ["a", "b", "c"]) == {"a": 4, "b": 0, "c": 1}
    assert summaries.differences("test.counts") == []
    assert summaries.refresh_marked("test.counts") == 2
    assert not SummaryMark.objects.exists()
    COUNTED.clear()
    assert summaries.read("test.counts", ["a", "c"]) == {"a": 4, "c": 1}
    assert COUNTED == []


def test_a_change_without_its_mark_is_found(kind):
    SOURCE["a"] = 3
    summaries.rebuild(["test.counts"])
    SOURCE["a"] = 5  # bypassing the services
    assert summaries.differences("test.counts") == ["a"]


def test_a_topic_marks_every_key_of_the_kinds_that_depend_on_it(kind):
    SOURCE["a"] = 3
    summaries.rebuild(["test.counts"])
    SOURCE["a"] = 6
    summaries.mark_topic("test.thing")
    assert summaries.read("test.counts", ["a"]) == {"a": 6}
    summaries.refresh_marked("test.counts")
    assert summaries.differences("test.counts") == []


def test_an_older_count_never_replaces_a_newer_one(kind):
    summaries.rebuild(["test.counts"])
    newer = datetime(2030, 1, 1, tzinfo=UTC)
    summaries._store("test.counts", {"a": 2}, newer)
    summaries._store("test.counts", {"a": 1}, datetime(2029, 1, 1, tzinfo=UTC))
    assert Summary.objects.get(name="test.counts", key="a").value == 2


def test_a_refresh_keeps_the_marks_made_after_it_read_them(kind):
    SOURCE["a"] = 1
    summaries.rebuild(["test.counts"])
    change("a", 2)

    def recount_racing(keys: list[str]) -> dict[str, Any]:
        counted = _recount(keys)
        change("a", 3)  # committed while the refresh counts
        return counted

    summaries.KINDS[kind.name] = replace(kind, recount=recount_racing)
    summaries.refresh_marked("test.counts")
    assert SummaryMark.objects.filter(key="a").count() == 1  # the later mark stands
    assert summaries.read("test.counts", ["a"]) == {"a": 3}
