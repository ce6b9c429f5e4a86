"""The log's own retention: prune the oldest entries behind a signed anchor.

Entries are kept seven years (the retention schedule's rule for audit entries,
which the DPO may change). When the retention job runs, the entries written
before the cut-off go, oldest first, as one run of sequence numbers from the
start of what is left:

1. An `AuditAnchor` is written first: the sequence and hash of the last entry to
   go, how many it covers, the cut-off, when and by which run, and an HMAC over
   those values made with this installation's `SECRET_KEY` (as the checkpoints
   are signed, with a salt of its own). One audit entry records it, with counts
   only.
2. The entries at or below the anchor are then deleted, `batch` per transaction.
   The database lets these deletions through and no others (migration 0004); a
   run interrupted between batches finishes at the next run.

Never pruned: the newest entry (the next append chains from it), an entry under
a legal hold, or anything after one (the log is pruned as a prefix, so that
verification can start from one anchor). `verify_chain()` starts from the newest
anchor: its signature must be valid and the first entry kept must chain from its
hash.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from django.core import signing
from django.db import connection, transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from podium.audit.chain import canonical
from podium.audit.models import AuditAnchor, AuditEntry
from podium.audit.services import record

RECORD_TYPE = "audit.auditentry"  # the retention schedule's name for the log
BATCH = 1000
_SALT = "podium.audit.anchor"
_LOCK_KEY = 0x706F6469756D  # the lock `record()` takes: no append while an anchor is set


def signed_values(anchor: AuditAnchor) -> dict[str, Any]:
    """What an anchor's signature covers: everything but the signature."""
    return {
        "sequence": anchor.sequence,
        "entry_hash": anchor.entry_hash,
        "pruned": anchor.pruned,
        # In UTC, as the database gives them back whatever zone they were made in.
        "pruned_before": anchor.pruned_before.astimezone(UTC).isoformat(timespec="microseconds"),
        "made_at": anchor.made_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "made_by_run": anchor.made_by_run,
    }


def signature_of(anchor: AuditAnchor, *, key: str | None = None) -> str:
    """The anchor's HMAC with `key`, by default this installation's SECRET_KEY."""
    signer = signing.Signer(key=key, salt=_SALT)
    return signer.signature(canonical(signed_values(anchor)).decode())


def is_signed(anchor: AuditAnchor, *, key: str | None = None) -> bool:
    """True when the anchor's signature was made over its values with `key` (by
    default this installation's SECRET_KEY)."""
    return constant_time_compare(signature_of(anchor, key=key), anchor.signature)


class NotSignedByOldKey(ValueError):
    """An anchor is signed neither by the old key given nor by the current one."""


def resign(*, old_key: str, actor: Any = None) -> dict[str, int]:
    """Re-sign every anchor with the current SECRET_KEY after a rotation.

    Each anchor must verify under `old_key` (or already under the current key,
    for a run repeated after success); if any verifies under neither, nothing
    changes and `NotSignedByOldKey` names the first (a wrong old key, or an anchor
    forged or altered). One audit entry records the counts. The key is never
    logged or stored. Returns {"resigned", "already"}."""
    if not old_key:
        raise NotSignedByOldKey("No old key was given.")
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])
        anchors = list(AuditAnchor.objects.select_for_update().order_by("sequence"))
        due, already = [], 0
        for anchor in anchors:
            if is_signed(anchor):
                already += 1
            elif is_signed(anchor, key=old_key):
                due.append(anchor)
            else:
                raise NotSignedByOldKey(
                    f"The anchor at entry {anchor.sequence} is not signed by the old key "
                    "given (nor by the current one): check the old key; if it is right, "
                    "the anchor was forged or altered. Nothing was re-signed."
                )
        for anchor in due:
            anchor.signature = signature_of(anchor)
            anchor.save(update_fields=["signature"])
        if due:
            record(
                action="audit.anchors.resigned",
                actor=actor,
                data={"resigned": len(due), "already": already},
            )
    return {"resigned": len(due), "already": already}


def newest_anchor() -> AuditAnchor | None:
    return AuditAnchor.objects.order_by("-sequence").first()


def _plan(before: datetime, held: Iterable[int]) -> tuple[int, int, int]:
    """(newest anchor's sequence, the last sequence this run may prune, entries due).
    Due: entries kept so far that were written before the cut-off."""
    anchored = AuditAnchor.objects.order_by("-sequence").values_list("sequence", flat=True)
    start = anchored.first() or 0
    kept = AuditEntry.objects.filter(sequence__gt=start)
    due = kept.filter(created_at__lt=before).count()
    head = kept.order_by("-sequence").values_list("sequence", flat=True).first()
    if not due or head is None:
        return start, start, due
    first_young = (
        kept.filter(created_at__gte=before).aggregate(first=Min("sequence"))["first"] or head + 1
    )
    through = min(first_young, head) - 1  # the newest entry always stays
    held_ids = list(held)
    if held_ids:
        first_held = kept.filter(pk__in=held_ids).aggregate(first=Min("sequence"))["first"]
        if first_held is not None:
            through = min(through, first_held - 1)
    return start, max(through, start), due


def count(*, before: datetime, held: Iterable[int] = ()) -> dict[str, int]:
    """What a run would prune: entries due, kept (by a hold, or as the newest), done 0."""
    start, through, due = _plan(before, held)
    return {"due": due, "held": due - (through - start), "done": 0}


def prune(
    *, before: datetime, run: str, held: Iterable[int] = (), batch: int = BATCH
) -> dict[str, int]:
    """Prune the entries written before `before` behind a new anchor (see the module
    docstring); `run` names the run by type and id ("privacy.retentionrun:12");
    `held` are ids of entries under a legal hold. Idempotent: a second run finds
    nothing due. Returns {"due", "held", "done"}: counts only."""
    held = list(held)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK_KEY])
        start, through, due = _plan(before, held)
        if through > start:
            anchor = AuditAnchor(
                sequence=through,
                entry_hash=AuditEntry.objects.get(sequence=through).entry_hash,
                pruned=through - start,
                pruned_before=before,
                made_at=timezone.now(),
                made_by_run=run[:100],
            )
            # Sign what the database will return (times at microseconds).
            anchor.signature = signature_of(anchor)
            anchor.save(force_insert=True)
            record(
                action="audit.log.pruned",
                actor=None,
                target=anchor,
                data={"pruned": anchor.pruned, "through_sequence": through},
            )
    done = 0
    while True:
        with transaction.atomic():
            newest = newest_anchor()
            lowest = AuditEntry.objects.aggregate(first=Min("sequence"))["first"]
            if newest is None or lowest is None or lowest > newest.sequence:
                break
            upto = min(newest.sequence, lowest + batch - 1)
            deleted, _ = AuditEntry.objects.filter(sequence__lte=upto).delete()
            done += deleted
    return {"due": due, "held": due - (through - start), "done": done}
