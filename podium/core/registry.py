"""Where the apps plug into the shared parts of Podium.

`core` knows no domain app. Each app adds what it contributes (home page
panels, demo steps, seed steps) to the registries below from its
`AppConfig.ready()`, and the shared code (the home page, `podium demo`,
`podium seed`) reads them in `order`. Navigation sections work the same way
(`navigation.NAVIGATION`). The orders in use are listed in
`podium/core/README.md`; a new app picks a free number. (Periodic jobs have their
own registry, `scheduling.register_job`.)
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Generic, Protocol, TypeVar

from django.core.management.base import CommandParser

if TYPE_CHECKING:
    # The placeholder django-stubs refines to settings.AUTH_USER_MODEL: core
    # names the user model without importing the app that defines it.
    from django.contrib.auth.models import _User


class _Entry(Protocol):
    @property
    def name(self) -> str: ...

    @property
    def order(self) -> int: ...


E = TypeVar("E", bound=_Entry)


class Registry(Generic[E]):
    """Entries added once each (by name), read in `order`."""

    def __init__(self, what: str) -> None:
        self.what = what
        self._entries: dict[str, E] = {}

    def add(self, entry: E) -> E:
        known = self._entries.get(entry.name)
        if known is not None and known != entry:
            raise ValueError(f"Two {self.what} are named {entry.name!r}.")
        self._entries[entry.name] = entry
        return entry

    def __iter__(self) -> Iterator[E]:
        return iter(sorted(self._entries.values(), key=lambda entry: (entry.order, entry.name)))

    def __len__(self) -> int:
        return len(self._entries)


# --- The home page ----------------------------------------------------------------


@dataclass(frozen=True)
class Waiting:
    """One line of the home page's "Waiting for you": what, and where to do it."""

    text: str
    url: str


@dataclass(frozen=True)
class Figure:
    """One number a role answers for, on a home card, and where to see the records
    behind it. `attention` marks a number that needs action when it is not zero
    (overdue, urgent): the card says so in words, not by colour alone."""

    label: str
    count: int
    url: str
    attention: bool = False
    one: str = ""  # the label when the count is 1 ("event on the calendar"), if it differs

    @property
    def text(self) -> str:
        """The label that agrees with the count."""
        return self.one if self.count == 1 and self.one else self.label


@dataclass(frozen=True)
class HomeCard:
    """A card on the home page: a role's queue and figures, with links, and the
    actions it starts from there (buttons)."""

    title: str
    figures: tuple[Figure, ...]
    actions: tuple[Waiting, ...] = ()
    more: Waiting | None = None  # "See all …": the page the card summarises
    # When the figures next change with the clock alone, at a finer grain than the
    # day (a break-glass grant expiring, an event starting): the home keeps the
    # card until then at most (`core.navigation.kept`). None: only a write or the
    # date moves them.
    until: datetime | None = None


@dataclass(frozen=True)
class HomePanel:
    """What an app adds to a signed-in person's home page: lines for "Waiting for
    you" (`waiting`), cards with the figures the person's roles answer for
    (`cards`, empty for a person whose roles need none), and/or a section of its own
    (`template`, rendered with the context `context` returns).

    The home keeps each person's panels across requests under the person, the date
    and the navigation's versions (`core.navigation.kept`): every input of a panel
    must be one of those (state changed with an audit entry, the unread count, the
    date, the person's roles), or the clock, said by `HomeCard.until`. A panel
    whose figures move otherwise sets `live`: it is asked on every view."""

    name: str
    order: int
    waiting: Callable[[_User], list[Waiting]] | None = None
    template: str = ""
    context: Callable[[_User], Mapping[str, Any]] | None = None
    cards: Callable[[_User], list[HomeCard]] | None = None
    live: bool = False


HOME_PANELS: Registry[HomePanel] = Registry("home page panels")


# --- podium demo ------------------------------------------------------------------


@dataclass(frozen=True)
class DemoStep:
    """Part of the demo institution. `run(password)` creates (or refreshes) it,
    idempotently, and returns the lines `podium demo` prints about it."""

    name: str
    order: int
    run: Callable[[str], list[str]]


DEMO_STEPS: Registry[DemoStep] = Registry("demo steps")


# --- podium seed ------------------------------------------------------------------


@dataclass(frozen=True)
class SeedRun:
    """What one `podium seed` run asks for: `scale` people, one random generator
    shared by every step (so a seed reproduces), the command's options (each step
    reads its own) and where progress is written."""

    scale: int
    rng: random.Random
    options: Mapping[str, Any]
    write: Callable[[str], None]


@dataclass(frozen=True)
class SeedStep:
    """Bulk data for `make bench`. `add_arguments` adds the step's own options to
    `podium seed`; `run` adds the data, writing its progress."""

    name: str
    order: int
    run: Callable[[SeedRun], None]
    add_arguments: Callable[[CommandParser], None] | None = None


SEED_STEPS: Registry[SeedStep] = Registry("seed steps")


# --- The record of processing (podium.privacy) ---------------------------------------


@dataclass(frozen=True)
class Recipients:
    """Who outside the institution receives personal data, for the record of
    processing activities (UK GDPR Art 30): `describe()` returns one line per
    recipient, e.g. a sharing partner and what it receives."""

    name: str
    order: int
    describe: Callable[[], list[str]]


PROCESSING_RECIPIENTS: Registry[Recipients] = Registry("recipients of personal data")
