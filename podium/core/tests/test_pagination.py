"""Keyset pages over a date-time column: the cursor survives JSON signing."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from podium.audit.models import AuditEntry
from podium.core.pagination import _cursor, _read
from podium.governance.models import ActionItem


def test_a_date_time_cursor_reads_back_as_the_same_moment():
    moment = timezone.now() - timedelta(days=3)
    entry = AuditEntry(pk=7, created_at=moment)
    assert _read(_cursor(entry, "created_at")) == (moment, 7)


def test_a_tampered_cursor_is_ignored():
    assert _read("not-a-cursor") is None


def test_a_date_cursor_reads_back_as_the_same_day():
    # A list keyset-paged by a date column (the action plan by deadline) has a next
    # page: its cursor must sign, and read back as a date, not fail as JSON.
    item = ActionItem(pk=12, deadline=date(2027, 3, 1))
    assert _read(_cursor(item, "deadline")) == (date(2027, 3, 1), 12)
