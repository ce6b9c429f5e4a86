"""`record()`: the one way to write to the audit log.

Call it inside the transaction that makes the change, so the entry and the change
commit or roll back together. Appends are serialised (an advisory lock on
PostgreSQL; SQLite serialises writers itself), so the chain never forks.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from podium.audit import codes
from podium.audit.chain import GENESIS, entry_hash
from podium.audit.models import AuditAnchor, AuditEntry

MASK = "[masked]"
# Keys whose values are secrets or special-category data: never written, at any depth.
SENSITIVE_KEY = re.compile(
    r"password|secret|token|totp|recovery|otp|session|credential|private_key|"
    r"ideology|religio|ethnic|health|sexual|criminal|political",
    re.IGNORECASE,
)
_LOCK_KEY = 0x706F6469756D  # "podium": the advisory lock that serialises appends


def mask(value: Any) -> Any:
    """`value` with every sensitive key's value replaced by MASK."""
    if isinstance(value, Mapping):
        return {k: MASK if SENSITIVE_KEY.search(str(k)) else mask(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [mask(v) for v in value]
    return value


def changes(
    before: Mapping[str, Any], after: Mapping[str, Any], *, text_fields: Iterable[str] = ()
) -> dict[str, dict[str, Any]]:
    """Old and new values of the fields that changed; a field in `text_fields`
    (free text someone typed) is named with `{"changed": true}`, never its words."""
    text = set(text_fields)
    return {
        key: dict(codes.TEXT_CHANGED)
        if key in text
        else {"old": before.get(key), "new": after.get(key)}
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


def label_of(target: models.Model | None) -> tuple[str, str, str]:
    """Type, id and label of the record. A model whose `str()` carries free text
    (a request's title) gives an `audit_label` instead (its reference)."""
    if target is None:
        return "", "", ""
    label = getattr(target, "audit_label", None)
    return target._meta.label_lower, str(target.pk), str(label if label else target)[:300]


def _head() -> tuple[int, str] | None:
    """The newest entry's sequence and hash; after pruning (which always keeps the
    newest entry) an empty table can only follow an anchor, so chain from it."""
    head = ("sequence", "entry_hash")
    last = AuditEntry.objects.order_by("-sequence").values_list(*head).first()
    if last is None:
        last = AuditAnchor.objects.order_by("-sequence").values_list(*head).first()
    return last


def record(
    *,
    action: str,
    actor: Any,
    target: models.Model | None = None,
    unit: Any = None,
    data: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Append one entry. `action` is a dotted code (`accounts.role.granted`);
    `actor` the person acting (None for the system); `target` the record changed;
    `unit` the organisational unit it belongs to, which decides who may read the
    entry; `data` structured detail, e.g. `{"changes": changes(old, new)}`."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("record() must be called inside the transaction that makes the change.")
    codes.check(action, data or {})
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])
    last = _head()
    sequence, previous = (last[0] + 1, last[1]) if last else (1, GENESIS)
    target_type, target_id, target_label = label_of(target)
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    entry = AuditEntry(
        sequence=sequence,
        created_at=timezone.now(),
        actor=actor if authenticated else None,
        actor_label=actor.email if authenticated else "",
        action=action,
        target_type=target_type,
        target_id=target_id,
        target_label=target_label,
        unit=unit,
        data=mask(dict(data or {})),
        previous_hash=previous,
        entry_hash="",
    )
    # Hash what the database will return: JSON round-trips, times at microseconds.
    entry.data = _round_trip(entry.data)
    entry.entry_hash = entry_hash(previous, entry)
    entry.save(force_insert=True)
    return entry


def bulk_record(
    *,
    entries: list[dict[str, Any]],
    batch_size: int = 2000,
    written_at: datetime | None = None,
) -> int:
    """Append many entries at once, chained exactly as `record()` would chain them,
    for bulk loads such as `podium seed`. Each dict takes `record()`'s keyword
    arguments. Must run inside the transaction that makes the changes.

    `written_at` dates the entries in the past, for the demo's earlier years (so
    that the log's retention has something to prune): only onto an empty log or
    after the newest entry's time, never in the future, so times still rise with
    sequence numbers (pruning cuts the log as a prefix by time)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError(
            "bulk_record() must be called inside the transaction that makes the change."
        )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])
    last = _head()
    sequence, previous = (last[0], last[1]) if last else (0, GENESIS)
    now = timezone.now()
    if written_at is not None:
        newest = AuditEntry.objects.order_by("-sequence").values_list("created_at", flat=True)
        after = newest.first()
        if written_at > now or (after is not None and written_at < after):
            raise ValueError("Entries may be dated only between the newest entry's time and now.")
        now = written_at
    rows = []
    for item in entries:
        codes.check(item["action"], item.get("data") or {})
        actor = item.get("actor")
        target_type, target_id, target_label = label_of(item.get("target"))
        sequence += 1
        entry = AuditEntry(
            sequence=sequence,
            created_at=now,
            actor=actor,
            actor_label=actor.email if actor is not None else "",
            action=item["action"],
            target_type=target_type,
            target_id=target_id,
            target_label=target_label,
            unit=item.get("unit"),
            data=_round_trip(mask(dict(item.get("data") or {}))),
            previous_hash=previous,
            entry_hash="",
        )
        entry.entry_hash = previous = entry_hash(previous, entry)
        rows.append(entry)
    AuditEntry.objects.bulk_create(rows, batch_size=batch_size)
    return len(rows)


def _round_trip(data: dict[str, Any]) -> Any:
    import json

    from django.core.serializers.json import DjangoJSONEncoder

    return json.loads(json.dumps(data, cls=DjangoJSONEncoder))
