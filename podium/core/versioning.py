"""Stale-edit protection without a version column.

An edit form carries the version of the record as it was when the form was
opened: a hash of the fields the form edits. The service recomputes it inside its
transaction, with the row locked; if someone else saved in between, the versions
differ and the edit is refused with a message (QUALITY.md: a stale edit is never
silently overwritten).
"""

from __future__ import annotations

import hashlib
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Model

from podium.core.errors import DomainError

STALE_MESSAGE = (
    "Someone else changed this while you were editing it. "
    "Your changes have not been saved: check the current details below and make them again."
)


class StaleEdit(DomainError):
    """The record changed after the edit form was opened."""


def version_of(instance: Model, fields: list[str]) -> str:
    values = {name: getattr(instance, name) for name in fields}
    payload = json.dumps(values, sort_keys=True, cls=DjangoJSONEncoder)
    return hashlib.sha256(payload.encode()).hexdigest()[:32]


def check_version(instance: Model, fields: list[str], expected: str | None) -> None:
    """Raise DomainError when `expected` is given and no longer matches."""
    if expected is not None and expected != version_of(instance, fields):
        raise StaleEdit(STALE_MESSAGE)
