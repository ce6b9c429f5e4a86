"""The hash chain: canonical JSON of each entry, chained with SHA-256.

entry_hash(n) = SHA-256( previous_hash(n) || canonical_json(entry n) )
previous_hash(1) = 64 zeros

Any edit, deletion, insertion or reordering changes some entry's recomputed hash
or breaks the run of sequence numbers; truncation of the newest entries is caught
against a checkpoint kept outside Podium (`podium audit-checkpoint`).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

GENESIS = "0" * 64


def canonical(fields: dict[str, Any]) -> bytes:
    """Sorted keys, no insignificant white space, UTF-8: the same bytes on every
    database and Python version for the same values."""
    return json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def hashed_fields(entry: Any) -> dict[str, Any]:
    """What the hash covers: everything but the hashes themselves."""
    return {
        "sequence": entry.sequence,
        "created_at": entry.created_at.isoformat(timespec="microseconds"),
        "actor_id": entry.actor_id,
        "actor_label": entry.actor_label,
        "action": entry.action,
        "target_type": entry.target_type,
        "target_id": entry.target_id,
        "target_label": entry.target_label,
        "unit_id": entry.unit_id,
        "data": entry.data,
    }


def entry_hash(previous_hash: str, entry: Any) -> str:
    return hashlib.sha256(previous_hash.encode() + canonical(hashed_fields(entry))).hexdigest()
