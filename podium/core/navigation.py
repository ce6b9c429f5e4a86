"""The navigation each person sees, from what they may do.

`core` knows no app's pages: each app adds a `NavSection` to `NAVIGATION` in its
`AppConfig.ready()`, and the sections are shown in `order` (see README.md).

An item may name a menu (`NavItem.menu`): the items of one menu, from whichever
apps, are shown together under the menu's name, a disclosure (`<details>`) that
works without JavaScript. The top-level links come first, then the menus in
`MENU_ORDER`; a menu with one item is shown as that item's link.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.cache import caches
from django.db import connection, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString

from podium.core import fragments
from podium.core.memo import per_request
from podium.core.registry import Registry

if TYPE_CHECKING:
    # The placeholders django-stubs refines to settings.AUTH_USER_MODEL: core
    # names the user model without importing the app that defines it.
    from django.contrib.auth.models import _AnyUser, _User


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    count: int | None = None  # shown beside the label, e.g. how many wait
    count_label: str = "waiting"  # read after the count by screen readers
    menu: str = ""  # the menu it sits in (see MENU_ORDER); "" for a top-level link

    def is_current(self, path: str) -> bool:
        return path == self.url if self.url == "/" else path.startswith(self.url)


@dataclass(frozen=True)
class NavSection:
    """Items of the main navigation for a signed-in person (often none)."""

    name: str
    order: int
    items: Callable[[_User], list[NavItem]]


NAVIGATION: Registry[NavSection] = Registry("navigation sections")

# The menus of the main navigation, in the order they are shown: the words people
# look for, not the apps behind them (a menu gathers items of several apps). A menu
# not listed here comes after these, in the order its first item appears.
MENU_ORDER = (
    "Events",
    "Safeguarding",
    "Governance",
    "Data protection",
    "Administration",
)


@dataclass(frozen=True)
class NavMenu:
    """A menu of the main navigation and its items (two or more)."""

    label: str
    items: tuple[NavItem, ...]

    @property
    def count(self) -> int:
        """What waits behind the menu's items, shown on the closed menu."""
        return sum(item.count or 0 for item in self.items)

    def is_current(self, path: str) -> bool:
        return any(item.is_current(path) for item in self.items)


@dataclass(frozen=True)
class NavVersion:
    """Something whose change can change what the navigation shows. `query(user)` is
    a query answering its current value in one row of one column (or no row); every
    version's query is asked in one statement on every page, so each must be cheap
    (an index look-up), and its SQL must depend on the person only (it is compiled
    once per person and process, `versions`). The navigation is kept across
    requests under all of them (see `navigation_for`)."""

    name: str
    order: int
    query: Callable[[_User], QuerySet[Any]]


NAVIGATION_VERSIONS: Registry[NavVersion] = Registry("navigation versions")

# Each process keeps each person's navigation (CACHES["navigation"], memory: no
# query to read it) under the versions above; an entry is dropped at the latest
# after this long (seconds), which bounds how long a write that moves none of the
# versions (a change made in a shell, outside the services) can go unseen.
CACHE_ALIAS = "navigation"
TIMEOUT = 300


def compute_navigation(user: _AnyUser) -> list[NavItem]:
    """Every section's items for the person, asked of the apps now."""
    if not user.is_authenticated:
        return []
    items: list[NavItem] = []
    for section in NAVIGATION:
        items += section.items(user)
    return items


def _cache_key(user: _User) -> str | None:
    """The key the person's kept parts (`kept`) are stored under, or None when nothing
    may be kept.

    It names the person (an entry is never shown to anyone else), today's date (who
    one deputises for changes at midnight; a due date becomes overdue) and every
    `NAVIGATION_VERSIONS` value: the audit log's newest entry moves with every state
    change (roles, deputies, units, requests, settings: each is recorded in the
    transaction that makes it), the unread count with a message read (not audited)
    or sent by a job.

    Inside a transaction nothing is kept or read: a version read there may belong to
    work that is rolled back (and the audit log's sequence numbers are reused after
    a rollback), so the page is computed afresh. Outside one, the versions are read
    once per page view (`_versions_key`, memoised per request): the navigation and
    the home's cards share the statement."""
    if not NAVIGATION_VERSIONS or transaction.get_connection().in_atomic_block:
        return None
    return _versions_key(user)


@per_request
def _versions_key(user: _User) -> str:
    names = [entry.name for entry in NAVIGATION_VERSIONS]
    values = repr(list(zip(names, versions(user), strict=True)))
    digest = hashlib.sha256(values.encode()).hexdigest()[:32]
    return f"nav:{user.pk}:{timezone.localdate().isoformat()}:{digest}"


# The versions statement of each person, compiled once per process (see `versions`):
# (the registry's entries, the person's id) -> (SQL, parameters). At most
# STATEMENTS_KEPT people; when full it is emptied and filled again.
_statements: dict[tuple[tuple[NavVersion, ...], object], tuple[str, tuple[Any, ...]]] = {}
STATEMENTS_KEPT = 5000


def versions(user: _User) -> tuple[object, ...]:
    """Every `NAVIGATION_VERSIONS` value for the person, in one statement (one round
    trip, however many apps add one): `SELECT (first query), (second query), ...`.

    The statement depends only on the registry and the person (a version's query
    may not depend on anything else: the time, a setting), so it is compiled through
    the ORM once per person and process (~0.4 ms of CPU each time it was compiled
    on every page: docs/performance.md) and only executed on each page."""
    entries = tuple(NAVIGATION_VERSIONS)
    key = (entries, user.pk)
    statement = _statements.get(key)
    if statement is None:
        parts: list[str] = []
        params: list[Any] = []
        for entry in entries:
            sql, query_params = entry.query(user).query.sql_with_params()
            parts.append(f"({sql})")
            params += query_params
        statement = ("SELECT " + ", ".join(parts), tuple(params))
        if len(_statements) >= STATEMENTS_KEPT:
            _statements.clear()
        _statements[key] = statement
    with connection.cursor() as cursor:
        cursor.execute(*statement)
        row = cursor.fetchone()
    return tuple(row) if row else ()


T = TypeVar("T")


def kept(
    user: _User,
    part: str,
    compute: Callable[[], T],
    *,
    until: Callable[[T], datetime | None] | None = None,
) -> tuple[T, str | None]:
    """What `compute()` answers for the person, kept across requests under the
    person, today's date and the versions (`_cache_key`), with the key it is kept
    under (None: not kept, inside a transaction). `part` names what is kept (the
    navigation's items, the home's cards): each is its own entry.

    What also moves with the clock at a finer grain than the day says when:
    `until(value)` is the instant the value next changes with no write (a
    break-glass grant expiring, an event starting), or None. The entry is kept with
    that instant and not served from it on: the instant is a part of the key that
    is known only once the value is computed. At the latest an entry is dropped
    after `TIMEOUT`."""
    key = _cache_key(user)
    if key is None:
        return compute(), None
    name = f"{key}:{part}"
    cache = caches[CACHE_ALIAS]
    entry: tuple[T, datetime | None] | None = cache.get(name)
    if entry is not None and (entry[1] is None or timezone.now() < entry[1]):
        return entry[0], name
    value = compute()
    cache.set(name, (value, until(value) if until is not None else None), TIMEOUT)
    return value, name


def navigation_for(user: _AnyUser) -> list[NavItem]:
    """The person's navigation items: kept from an earlier request under the same
    versions (`_cache_key`), or computed now and kept."""
    return _kept(user)[0]


def _kept(user: _AnyUser) -> tuple[list[NavItem], str | None]:
    """The person's items, and the key they are kept under (None: not kept)."""
    if not user.is_authenticated:
        return [], None
    return kept(user, "items", lambda: compute_navigation(user))


def navigation_html(user: _AnyUser, path: str) -> SafeString:
    """The main navigation's markup (`core/_navigation.html`) for the person on the
    page at `path`. Kept beside the items, under their key and which entries are
    current (the only thing that differs between the person's pages), so most pages
    render no navigation at all."""
    items, key = _kept(user)
    rows = [
        (
            entry,
            entry.is_current(path),
            [(item, item.is_current(path)) for item in entry.items]
            if isinstance(entry, NavMenu)
            else None,
        )
        for entry in _menus(items)
    ]

    def draw() -> str:
        return render_to_string("core/_navigation.html", {"nav_entries": rows})

    current = "".join(
        "1" if is_current else "0"
        for _, is_current, sub in rows
        for is_current in (is_current, *(c for _, c in sub or ()))
    )
    # Not kept (key None) inside a transaction; else under the items' key and which
    # entries are current.
    return fragments.cached(
        (key, "html"), None if key is None else current, draw, alias=CACHE_ALIAS, timeout=TIMEOUT
    )


def clear_cache() -> None:
    """Forget every kept navigation (tests; nothing in Podium needs it: versions move on)."""
    caches[CACHE_ALIAS].clear()
    _statements.clear()


def menus_for(user: _AnyUser) -> list[NavItem | NavMenu]:
    """The main navigation as shown: top-level links, then the menus."""
    return _menus(navigation_for(user))


def _menus(items: list[NavItem]) -> list[NavItem | NavMenu]:
    top: list[NavItem | NavMenu] = []
    menus: dict[str, list[NavItem]] = {}
    for item in items:
        if item.menu:
            menus.setdefault(item.menu, []).append(item)
        else:
            top.append(item)
    known = {label: i for i, label in enumerate(MENU_ORDER)}
    for label in sorted(menus, key=lambda label: known.get(label, len(known))):
        items = menus[label]
        top.append(items[0] if len(items) == 1 else NavMenu(label, tuple(items)))
    return top
