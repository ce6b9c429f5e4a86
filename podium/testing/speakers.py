"""Test helpers for the speaker register."""

from __future__ import annotations

import importlib

from podium.speakers.models import CheckSource


def restore_default_sources() -> list[CheckSource]:
    """Re-create the check sources of migration speakers 0002 (after a transactional
    test's flush emptied them); returns the active sources."""
    from django.apps import apps

    migration = importlib.import_module("podium.speakers.migrations.0002_trigram_index_and_sources")
    migration.create_sources(apps, None)
    return list(CheckSource.objects.filter(is_active=True))
