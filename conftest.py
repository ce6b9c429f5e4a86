"""Personas and shared fixtures for the whole suite.

Personas (STYLE.md): one person per kind of access the suite must tell apart.
  admin          Administrator over the whole institution
  faculty_admin  Administrator over one faculty only ("another unit" for the rest)
  auditor        Auditor over the whole institution (reads, changes nothing)
  organiser      Organiser in the faculty (no administrative capability)
  outsider       signed in, holds no role
  anonymous      not signed in
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import DEFAULT_DB_ALIAS, connections
from django.test import TransactionTestCase, override_settings

from podium.accounts.models import OrgUnit
from podium.testing import factories, flush
from podium.testing.personas import Personas, make_personas
from podium.testing.seeded import restore_seeded_data

# Between transactional tests Django empties every table. On SQLite that is a
# DELETE, which the audit log's append-only trigger refuses; let the flush through.
# The flush also empties what data migrations put there; put it back. Both only
# when the test changed it (podium.testing.flush): a full flush costs ~5 s on
# PostgreSQL.
_flush = TransactionTestCase._fixture_teardown


def _fixture_teardown_allowing_audit_flush(self: TransactionTestCase) -> None:
    from podium.audit.db import maintenance

    connection = connections[DEFAULT_DB_ALIAS]
    as_django_does = (
        self.available_apps is not None
        or self.reset_sequences
        or self.serialized_rollback
        or list(self._databases_names(include_mirrors=False)) != [DEFAULT_DB_ALIAS]
    )
    with maintenance():
        emptied = not as_django_does and flush.empty_changed_tables(connection)
        if not emptied:
            _flush(self)
    if not emptied:
        restore_seeded_data()
        flush.remember_baseline(connection)


TransactionTestCase._fixture_teardown = _fixture_teardown_allowing_audit_flush


@pytest.fixture(scope="session")
def _no_saved_checkpoints(tmp_path_factory) -> object:
    return tmp_path_factory.mktemp("audit-checkpoints-none")


@pytest.fixture(scope="session", autouse=True)
def _test_settings(_no_saved_checkpoints) -> Iterator[None]:
    # Once per run (per xdist worker), not once per test: three per-test `settings`
    # fixtures cost ~1 ms each on every one of ~3,900 tests. A test that changes
    # one of these with `settings` still gets it back afterwards.
    with override_settings(
        # Hashing strength is Django's concern, not ours; tests sign in hundreds of times.
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
        # Every entry a test writes must use a declared code and declared data keys.
        PODIUM_AUDIT_CHECK_CODES=True,
        # `audit-verify` checks the newest checkpoint saved in this directory; a
        # developer's own (in var/) describe another database. Tests that save
        # checkpoints point it at their tmp_path.
        PODIUM_AUDIT_CHECKPOINT_DIR=_no_saved_checkpoints,
    ):
        yield


@pytest.fixture(autouse=True)
def _fresh_fragments() -> None:
    """Rendered fragments are kept in this process's memory by the version of their
    figures (podium/core/fragments.py), and each person's navigation by its versions
    (podium/core/navigation.py); each test's database starts again, so do they."""
    from podium.core import fragments, navigation

    fragments.clear()
    navigation.clear_cache()


@pytest.fixture
def institution(db) -> OrgUnit:
    return factories.make_institution()


@pytest.fixture
def faculty(institution) -> OrgUnit:
    return factories.make_unit(parent=institution, name="Faculty of Arts")


@pytest.fixture
def other_faculty(institution) -> OrgUnit:
    return factories.make_unit(parent=institution, name="Faculty of Science")


@pytest.fixture
def personas(institution, faculty, other_faculty) -> Personas:
    return make_personas(institution, faculty)
