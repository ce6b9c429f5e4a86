"""Walk the chain and say whether it is intact; make and check checkpoints."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core import signing
from django.utils import timezone
from django.utils.crypto import constant_time_compare

from podium.audit.chain import GENESIS, canonical, entry_hash
from podium.audit.models import AuditAnchor, AuditEntry
from podium.audit.pruning import is_signed

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
    entries: int  # entries checked: those after the newest anchor
    head: str
    finding: Finding | None
    anchor: AuditAnchor | None = None  # where verification started, if the log was pruned

    @property
    def intact(self) -> bool:
        return self.finding is None


def verify_chain(*, checkpoint: Checkpoint | None = None) -> Report:
    """Recompute every hash in sequence order, from the newest anchor when the
    oldest entries were pruned (every anchor's signature must be valid, and the
    first entry kept must chain from the anchor's hash), else from the genesis
    hash. Stops at the first bad entry."""
    anchors = list(AuditAnchor.objects.order_by("sequence"))
    for each in anchors:
        if not is_signed(each):
            return Report(
                0,
                GENESIS,
                Finding(
                    each.sequence,
                    "its anchor is not signed by this installation: "
                    "it was forged or altered after it was made",
                ),
                each,
            )
    anchor = anchors[-1] if anchors else None
    start = anchor.sequence if anchor else 0
    previous, expected, seen = (anchor.entry_hash if anchor else GENESIS), start + 1, 0
    # A checkpoint at the start (an empty log, or the anchor's entry) holds its hash;
    # one from before the anchor is only checked for truncation below.
    hash_at_checkpoint = previous if checkpoint and checkpoint.count == start else None
    entries = AuditEntry.objects.filter(sequence__gt=start).order_by("sequence")
    for entry in entries.iterator(chunk_size=2000):
        if entry.sequence != expected:
            problem = f"expected entry {expected} next, found {entry.sequence}: " + (
                "entries are missing"
                if entry.sequence > expected
                else "entries were inserted or reordered"
            )
            return Report(seen, previous, Finding(entry.sequence, problem), anchor)
        if entry.previous_hash != previous:
            problem = (
                "does not chain from the anchor's hash"
                if anchor and entry.sequence == start + 1
                else "does not follow the entry before it"
            )
            return Report(seen, previous, Finding(entry.sequence, problem), anchor)
        if entry_hash(previous, entry) != entry.entry_hash:
            return Report(
                seen,
                previous,
                Finding(entry.sequence, "its contents were changed after it was written"),
                anchor,
            )
        previous, expected, seen = entry.entry_hash, expected + 1, seen + 1
        if checkpoint and entry.sequence == checkpoint.count:
            hash_at_checkpoint = entry.entry_hash
    last = expected - 1
    if checkpoint:
        if last < checkpoint.count:
            return Report(
                seen,
                previous,
                Finding(
                    None,
                    f"the checkpoint counted {checkpoint.count} entries but the log has {last}: "
                    "it was truncated or rolled back",
                ),
                anchor,
            )
        if checkpoint.count >= start and hash_at_checkpoint != checkpoint.head:
            return Report(
                seen, previous, Finding(checkpoint.count, "differs from the checkpoint"), anchor
            )
    return Report(seen, previous, None, anchor)


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


# --- Checkpoints kept by the worker -------------------------------------------------

_SAVED = "audit-checkpoint-*.json"


def checkpoint_dir() -> Path:
    return Path(settings.PODIUM_AUDIT_CHECKPOINT_DIR)


def save_checkpoint(*, directory: Path | None = None) -> Path:
    """Write a signed checkpoint to the checkpoint directory (the worker does this
    every `PODIUM_AUDIT_CHECKPOINT_HOURS`); `audit-verify` checks the newest. The
    file is written whole under a temporary name, then renamed, and never
    overwritten."""
    directory = directory or checkpoint_dir()
    directory.mkdir(parents=True, exist_ok=True)
    made_at = timezone.now()
    payload = make_checkpoint(sign=True)
    payload["made_at"] = made_at.isoformat(timespec="seconds")
    # Named by time and count, so the names sort oldest first.
    path = directory / f"audit-checkpoint-{made_at:%Y%m%dT%H%M%S%fZ}-{payload['count']}.json"
    partial = path.with_suffix(".partial")
    partial.write_text(json.dumps(payload, indent=2) + "\n")
    os.chmod(partial, 0o440)
    partial.rename(path)
    return path


def latest_checkpoint(*, directory: Path | None = None) -> tuple[Path, Checkpoint] | None:
    """The newest saved checkpoint, or None when there is none. ValueError when it
    is unreadable, unsigned or wrongly signed: a checkpoint nobody can trust must
    fail verification, not be skipped."""
    directory = directory or checkpoint_dir()
    saved = sorted(directory.glob(_SAVED)) if directory.is_dir() else []
    if not saved:
        return None
    newest = saved[-1]
    try:
        payload = json.loads(newest.read_text())
    except (OSError, json.JSONDecodeError) as error:
        raise ValueError(f"{newest.name} cannot be read: {error}") from None
    if not isinstance(payload, dict) or "signature" not in payload:
        raise ValueError(f"{newest.name} is not a signed checkpoint.")
    try:
        return newest, read_checkpoint(payload)
    except ValueError as error:
        raise ValueError(f"{newest.name}: {error}") from None
