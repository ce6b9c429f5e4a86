"""Keyset pages over a date-time column: the cursor survives JSON signing."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from podium.audit.models import AuditEntry
from podium.core.pagination import _cursor, _read


def test_a_date_time_cursor_reads_back_as_the_same_moment():
    moment = timezone.now() - timedelta(days=3)
    entry = AuditEntry(pk=7, created_at=moment)
    assert _read(_cursor(entry, "created_at")) == (moment, 7)


def test_a_tampered_cursor_is_ignored():
    assert _read("not-a-cursor") is None
