"""Counts kept as data: one reusable kit for summary rows (issue 20, item 4;
docs/decisions/0004-summary-rows.md).

An app registers a `SummaryKind`: a name ("events.monthly"), how to recount the
figures of some keys (a key is a period, e.g. "2025-08": one grouped query for any
number of keys), and every key there is to count. Core knows no domain app: it
stores what the app counted, as JSON, in `Summary` (one row per name and key).

- **Writes** call `mark(name, keys)` in the same transaction as the change (the
  app's services do, never a signal): a `SummaryMark` row says the key no longer
  equals a recount. After the commit the marked keys are counted again
  (`refresh`), unless the caller asked for the worker to do it (bulk imports);
  the worker's periodic job catches anything left.
- **Reads** (`read`) take the stored rows of the keys asked for in one query, and
  recount, live, any key that is marked or was never counted. So a page is exact
  whatever state the rows are in: a mark commits with its change, and a key is
  trusted only while no mark names it.
- A stored value replaces another only if it was counted later (`counted_at`), and
  a refresh deletes only the marks it saw before counting, so two refreshes racing
  with a change cannot leave an old count unmarked.
- `podium summaries` recounts every key (after a migration, a restore, or a bulk
  load that bypassed the services); `podium summaries --check` compares every
  stored row with a recount.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache, partial
from typing import Any

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from podium.core.models import Summary, SummaryMark

logger = logging.getLogger(__name__)

# The key of a mark that says every key of the kind may differ from a recount.
ALL = "*"
# The key of the row `rebuild` writes: from then on, a key with no row and no mark
# has nothing to count (its value is the kind's `empty()`).
BUILT = "~built"
NEVER = datetime(2000, 1, 1, tzinfo=UTC)  # the count time of a row not yet counted
UNCOUNTED = "uncounted"  # and its value (never read: its mark stands until counted)


@dataclass(frozen=True)
class SummaryKind:
    """`recount(keys)` answers `{key: value}` for every key asked (a JSON value; the
    same queries whatever the number of keys), exactly what the app's live count
    would; `keys()` lists every key with something to count. `depends_on` names
    topics (e.g. "units") whose change marks every key (`mark_topic`)."""

    name: str
    recount: Callable[[list[str]], dict[str, Any]]
    keys: Callable[[], Iterable[str]]
    empty: Callable[[], Any]
    depends_on: frozenset[str] = field(default_factory=frozenset)
    complete: bool = True


KINDS: dict[str, SummaryKind] = {}


def register(kind: SummaryKind) -> SummaryKind:
    """Add an app's summary kind (from its `AppConfig.ready()`); names are "app.what"."""
    known = KINDS.get(kind.name)
    if known is not None and known != kind:
        raise ValueError(f"Two summary kinds are named {kind.name!r}.")
    KINDS[kind.name] = kind
    return kind


def mark(
    names: str | Iterable[str], keys: Iterable[str] | None = None, *, refresh: bool = True
) -> None:
    """In the caller's transaction: the stored figures of `keys` of each kind in
    `names` (None: every key) may no longer equal a recount (two queries, however
    many kinds and keys). With `refresh`, they are counted again once the
    transaction commits; without (a bulk import), by the worker's job or the next
    read."""
    kinds = [names] if isinstance(names, str) else list(names)
    wanted = [ALL] if keys is None else sorted(set(keys))
    if not wanted or not kinds:
        return
    SummaryMark.objects.bulk_create(
        [SummaryMark(name=name, key=key) for name in kinds for key in wanted]
    )
    # A row for each key marked, so that a read sees the mark (the row's figures are
    # counted after the commit, or by the next read while the mark stands).
    if ALL not in wanted:
        Summary.objects.bulk_create(
            [
                Summary(name=name, key=key, value=UNCOUNTED, counted_at=NEVER)
                for name in kinds
                for key in wanted
            ],
            ignore_conflicts=True,
        )
    if refresh:
        for name in kinds:
            transaction.on_commit(partial(refresh_marked, name), robust=True)


def mark_topic(topic: str, *, refresh: bool = False) -> None:
    """Every key of every kind that depends on `topic` (e.g. "units", when the unit
    tree changes) may no longer equal a recount."""
    for kind in KINDS.values():
        if topic in kind.depends_on:
            mark(kind.name, refresh=refresh)


def read(name: str, keys: Iterable[str]) -> dict[str, Any]:
    """The figures of `keys`, exact: the stored rows no mark names (one query), and a
    live recount of the rest (marked since, or never counted). A read writes nothing
    but the figures of a key never counted, in a kind not `complete`."""
    wanted = list(dict.fromkeys(keys))
    if not wanted:
        return {}
    marked = SummaryMark.objects.filter(name=name).filter(Q(key=OuterRef("key")) | Q(key=ALL))
    found: dict[str, Any] = {}
    rows = (
        Summary.objects.filter(name=name, key__in=[*wanted, BUILT])
        .annotate(marked=Exists(marked))
        .values_list("key", "value", "marked")
    )
    built, every_key_marked, present = False, False, set()
    for key, value, is_marked in rows:
        present.add(key)
        if key == BUILT:  # marked only by a mark of every key
            built, every_key_marked = True, is_marked
        elif not is_marked:
            found[key] = value
    kind = KINDS[name]
    todo = []
    for key in wanted:
        if key in found:
            continue
        if built and not every_key_marked and kind.complete and key not in present:
            # No row since the rebuild, and no mark (a mark always has its row):
            # nothing to count there.
            found[key] = kind.empty()
        else:
            todo.append(key)
    if todo:
        counted_at = timezone.now()
        values = kind.recount(todo)
        found.update(values)
        unmarked = [key for key in todo if key not in present]
        if built and not every_key_marked and unmarked:
            # Keys never counted (today's, of a kind keyed by dates): kept for the next
            # read. A change racing with this count has its mark, which stands.
            _store(name, {key: values[key] for key in unmarked}, counted_at)
    return {key: found[key] for key in wanted}


def stamp(name: str, keys: Iterable[str]) -> str | None:
    """A version of what `read(name, keys)` answers, without reading the figures (one
    query over the rows' keys and count times): it changes whenever any of those
    figures can have changed, so a page may cache what it draws from them under it.

    None when `read` would count live (a key marked, a kind never built, or a key of
    an incomplete kind never counted): such figures have no version to key by. The
    version is the count time of each key's row (a recount stores a later one: it is
    taken after the mark of the change it counts was committed) and of the last
    rebuild; keys with no row are named too (their empty value is a version)."""
    wanted = sorted(set(keys))
    sql, params = _stamp_sql(connection.vendor, name, tuple(wanted))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    times: dict[str, str] = {}
    for key, counted_at, is_marked in rows:
        if is_marked:
            return None
        times[key] = str(counted_at)  # a datetime, or SQLite's text: only compared
    if BUILT not in times:
        return None
    missing = [key for key in wanted if key not in times]
    if missing and not KINDS[name].complete:
        return None
    text = "|".join(f"{key}={times.get(key, '-')}" for key in [BUILT, *wanted])
    return f"{name}:{hashlib.sha256(text.encode()).hexdigest()[:32]}"


@lru_cache(maxsize=256)
def _stamp_sql(vendor: str, name: str, wanted: tuple[str, ...]) -> tuple[str, tuple[Any, ...]]:
    """`stamp`'s statement for a kind and its keys, built by the ORM once per process
    (a dashboard asks the same one on every view: building it cost more CPU than
    PostgreSQL spends answering it)."""
    marked = SummaryMark.objects.filter(name=name).filter(Q(key=OuterRef("key")) | Q(key=ALL))
    rows = (
        Summary.objects.filter(name=name, key__in=[*wanted, BUILT])
        .annotate(marked=Exists(marked))
        .values_list("key", "counted_at", "marked")
    )
    sql, params = rows.query.sql_with_params()
    return sql, tuple(params)


def _store(name: str, values: dict[str, Any], counted_at: Any) -> None:
    """Insert or replace each key's row, unless the row there was counted later."""
    if not values:
        return
    table = connection.ops.quote_name(Summary._meta.db_table)
    cast = "::jsonb" if connection.vendor == "postgresql" else ""
    sql = (
        f'INSERT INTO {table} ("name", "key", "value", "counted_at") '  # noqa: S608 - our table
        f"VALUES (%s, %s, %s{cast}, %s) "
        'ON CONFLICT ("name", "key") DO UPDATE SET "value" = excluded."value", '
        f'"counted_at" = excluded."counted_at" WHERE {table}."counted_at" <= excluded."counted_at"'
    )
    stamp = connection.ops.adapt_datetimefield_value(counted_at)
    with connection.cursor() as cursor:
        cursor.executemany(
            sql, [(name, key, json.dumps(value), stamp) for key, value in values.items()]
        )


def refresh_marked(name: str | None = None) -> int:
    """Count again every marked key (of `name`, or of every kind); a mark of every
    key recounts every stored key. Returns how many keys were counted."""
    counted = 0
    for kind in [KINDS[name]] if name else list(KINDS.values()):
        marks = list(SummaryMark.objects.filter(name=kind.name).values_list("pk", "key"))
        if not marks:
            continue
        keys = {key for _, key in marks}
        if ALL in keys:  # count every key again, as after a bulk load
            counted += rebuild([kind.name])[kind.name]
            continue
        counted_at = timezone.now()  # before the recount: it sees every change before this
        with transaction.atomic():
            _store(kind.name, kind.recount(sorted(keys)), counted_at)
            SummaryMark.objects.filter(pk__in=[pk for pk, _ in marks]).delete()
        counted += len(keys)
    return counted


def rebuild(names: Iterable[str] | None = None) -> dict[str, int]:
    """Recount every key of each kind (every kind when `names` is None) and forget
    rows for keys with nothing left to count. Returns the keys counted per kind."""
    done = {}
    for name in list(names) if names is not None else list(KINDS):
        kind = KINDS[name]
        marks = list(SummaryMark.objects.filter(name=name).values_list("pk", "key"))
        seen = [pk for pk, _ in marks]
        # Every key with something to count, and every key marked (its row is counted).
        keys = sorted(set(kind.keys()) | {key for _, key in marks if key != ALL})
        counted_at = timezone.now()
        with transaction.atomic():
            later = SummaryMark.objects.filter(name=name).exclude(pk__in=seen).values("key")
            Summary.objects.filter(name=name).exclude(key__in=[*keys, BUILT]).exclude(
                key__in=later
            ).delete()
            _store(name, {**kind.recount(keys), BUILT: True}, counted_at)
            SummaryMark.objects.filter(pk__in=seen).delete()
        done[name] = len(keys)
    return done


def build_missing() -> dict[str, int]:
    """Rebuild every kind never built (a new install, or a kind a migration added)."""
    built = set(Summary.objects.filter(key=BUILT).values_list("name", flat=True))
    missing = [name for name in KINDS if name not in built]
    return rebuild(missing) if missing else {}


def differences(name: str) -> list[str]:
    """The keys whose stored figures no mark names but which differ from a recount
    now: empty when every mark a change needed was written."""
    marked = set(SummaryMark.objects.filter(name=name).values_list("key", flat=True))
    if ALL in marked:
        return []
    stored = dict(Summary.objects.filter(name=name).exclude(key=BUILT).values_list("key", "value"))
    keys = sorted(set(stored) - marked)
    built = Summary.objects.filter(name=name, key=BUILT).exists()
    if built and KINDS[name].complete:
        # Built and complete: a key with something to count has a row (or a mark).
        keys = sorted((set(stored) | set(KINDS[name].keys())) - marked)
    recounted = KINDS[name].recount(keys) if keys else {}
    empty = KINDS[name].empty()
    return [key for key in keys if stored.get(key, empty) != recounted[key]]
