"""Rows made once for a whole test module, as Django's `TestCase.setUpTestData` does.

Most access tests start from the same records (the personas, one of everything a URL
can point at) and only read them or make one request. Making those records through
the services costs ~0.3 s per test; for the 2,300 tests of the permission matrix that
was most of the suite's time (docs/performance.md, "Test suite time (item 8)").

`kept_for_the_module(django_db_blocker)` opens a transaction around the module; a
module-scoped fixture makes its records inside it, and every test then runs in its own
savepoint inside that transaction (pytest-django's `db`), rolled back after the test.
So each test starts from exactly the rows the fixture made, whatever the test before
it changed, and when the module is done the transaction is rolled back: the next
module starts from an empty database as before.

Rules for a module that uses it:
- Hand tests a fresh copy of the Python objects (`copy.deepcopy`, as `setUpTestData`
  does), so an attribute one test caches on an instance cannot reach the next test.
- Its tests must not be transactional (`transaction=True`, `live_server`): those commit
  and flush, and cannot run inside the module's transaction.
- On-commit callbacks of the records made here never run (as in every `db` test).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import DEFAULT_DB_ALIAS, transaction
from django.test import override_settings

from podium.accounts.models import OrgUnit
from podium.testing import factories
from podium.testing.personas import Personas, make_personas


@contextmanager
def kept_for_the_module(django_db_blocker: Any, using: str = DEFAULT_DB_ALIAS) -> Iterator[None]:
    with django_db_blocker.unblock():
        block = transaction.atomic(using=using)
        # Marked as Django's TestCase marks its own class-wide block, so that a durable
        # block inside a test behaves as it does in any TestCase.
        block._from_testcase = True  # type: ignore[attr-defined]
        block.__enter__()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True, using=using)
            block.__exit__(None, None, None)


@dataclass
class World:
    """The root conftest.py's units and personas, and a module's own records."""

    institution: OrgUnit
    faculty: OrgUnit
    other_faculty: OrgUnit
    personas: Personas
    objects: Any = None


@contextmanager
def module_world(
    django_db_blocker: Any, make_objects: Callable[[World], Any], **settings: Any
) -> Iterator[World]:
    """The units and personas the root conftest.py makes for each test (same names,
    same order), then `make_objects(world)`, all inside `kept_for_the_module`, with
    `settings` overridden for the module. Tests take `copy.deepcopy(world)`."""
    with kept_for_the_module(django_db_blocker), override_settings(**settings):
        with django_db_blocker.unblock():
            institution = factories.make_institution()
            faculty = factories.make_unit(parent=institution, name="Faculty of Arts")
            other_faculty = factories.make_unit(parent=institution, name="Faculty of Science")
            world = World(institution, faculty, other_faculty, make_personas(institution, faculty))
            world.objects = make_objects(world)
        yield world
