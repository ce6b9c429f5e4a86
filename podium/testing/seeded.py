"""What data migrations put in the database, put back after a transactional test's
flush emptied it (the root conftest.py calls `restore_seeded_data` after each)."""

from __future__ import annotations

import importlib

from django.apps import apps

from podium.testing.events import restore_default_policy
from podium.testing.speakers import restore_default_sources

# (migration module, function) pairs that seed lists every page expects. Each is
# idempotent (get_or_create), as a data migration must be.
SEEDING_MIGRATIONS: tuple[tuple[str, str], ...] = (
    ("podium.concerns.migrations.0001_initial", "add_lists"),
    ("podium.governance.migrations.0001_initial", "seed"),
)


def restore_seeded_data() -> None:
    restore_default_policy()
    restore_default_sources()
    for module, function in SEEDING_MIGRATIONS:
        getattr(importlib.import_module(module), function)(apps, None)
