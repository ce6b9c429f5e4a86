"""Reads of the audit log that other parts of Podium key things by."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from podium.audit.models import AuditEntry


def head_query(user: Any = None) -> QuerySet[AuditEntry, Any]:
    """The newest entry's sequence number, as a query (no row before the first entry).
    Every state change records an entry in the transaction that makes it, and entries
    are only ever added at the head (pruning keeps the newest), so this moves whenever
    any record can have changed. `user` is ignored: the navigation's versions
    (`podium.core.navigation.NAVIGATION_VERSIONS`) are asked per person."""
    return AuditEntry.objects.order_by("-sequence").values("sequence")[:1]
