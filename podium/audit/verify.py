"""Walk the chain and say whether it is intact; make and check checkpoints."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core import signing
from django.utils.crypto import constant_time_compare

from podium.audit.chain import GENESIS, canonical, entry_hash
from podium.audit.models import AuditEntry

_SALT = "podium.audit.checkpoint"


@dataclass(frozen=True)
class Checkpoint:
    count: int
    head: str


@dataclass(frozen=True)
class Finding:
    sequence: int | None
    problem: str

    def __str__(self) -> str:
        where = f"entry {self.sequence}" if self.sequence is not None else "the log"
        return f"{where}: {self.problem}"


@dataclass(frozen=True)
class Report:
    entries: int
    head: str
    finding: Finding | None

    @property
    def intact(self) -> bool:
        return self.finding is None


def verify_chain(*, checkpoint: Checkpoint | None = None) -> Report:
    """Recompute every hash in sequence order. Stops at the first bad entry."""
    previous, expected, seen = GENESIS, 1, 0
    hash_at_checkpoint = None
    for entry in AuditEntry.objects.order_by("sequence").iterator(chunk_size=2000):
        if entry.sequence != expected:
            problem = f"expected entry {expected} next, found {entry.sequence}: " + (
                "entries are missing"
                if entry.sequence > expected
                else "entries were inserted or reordered"
            )
            return Report(seen, previous, Finding(entry.sequence, problem))
        if entry.previous_hash != previous:
            return Report(
                seen, previous, Finding(entry.sequence, "does not follow the entry before it")
            )
        if entry_hash(previous, entry) != entry.entry_hash:
            return Report(
                seen,
                previous,
                Finding(entry.sequence, "its contents were changed after it was written"),
            )
        previous, expected, seen = entry.entry_hash, expected + 1, seen + 1
        if checkpoint and entry.sequence == checkpoint.count:
            hash_at_checkpoint = entry.entry_hash
    if checkpoint:
        if seen < checkpoint.count:
            return Report(
                seen,
                previous,
                Finding(
                    None,
                    f"the checkpoint counted {checkpoint.count} entries but the log has {seen}: "
                    "it was truncated",
                ),
            )
        if hash_at_checkpoint != checkpoint.head:
            return Report(seen, previous, Finding(checkpoint.count, "differs from the checkpoint"))
    return Report(seen, previous, None)


def make_checkpoint(*, sign: bool) -> dict[str, Any]:
    head = AuditEntry.objects.order_by("-sequence").values_list("sequence", "entry_hash").first()
    payload: dict[str, Any] = {
        "count": head[0] if head else 0,
        "head": head[1] if head else GENESIS,
    }
    if sign:
        payload["signature"] = signing.Signer(salt=_SALT).signature(canonical(payload).decode())
    return payload


def read_checkpoint(payload: dict[str, Any]) -> Checkpoint:
    """A checkpoint from its JSON; ValueError when malformed or wrongly signed."""
    try:
        checkpoint = Checkpoint(count=int(payload["count"]), head=str(payload["head"]))
    except (KeyError, TypeError, ValueError):
        raise ValueError("The checkpoint must be JSON with a count and a head hash.") from None
    if "signature" in payload:
        expected = signing.Signer(salt=_SALT).signature(
            canonical({"count": checkpoint.count, "head": checkpoint.head}).decode()
        )
        if not constant_time_compare(expected, str(payload["signature"])):
            raise ValueError("The checkpoint's signature is not valid for this installation.")
    return checkpoint
