"""What the governance services share: the capability check and field values."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from podium.accounts import permissions
from podium.accounts.roles import Capability
from podium.core.errors import NotAllowed

if TYPE_CHECKING:
    from podium.accounts.models import User

# The fields of a risk entry a version records, in the order the diff shows them.
RISK_FIELDS = [
    "topic",
    "description",
    "likelihood",
    "severity",
    "controls",
    "residual_likelihood",
    "residual_severity",
    "owner",
    "further_action",
]
RISK_TEXT_FIELDS = ("description", "controls", "further_action")
ACTION_FIELDS = ["risk", "category", "action", "owner", "deadline", "progress", "status"]
ACTION_TEXT_FIELDS = ("action", "progress")
# Owners hear about an action this many days before its deadline.
DUE_SOON_DAYS = 14


def require(user: User, capability: Capability) -> None:
    if not permissions.can_institution_wide(user, capability):
        raise NotAllowed("You may not do this.")


def values_of(instance: Any, fields: list[str]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name in fields:
        value = getattr(instance, name)
        values[name] = getattr(value, "pk", value)
        if isinstance(value, date):
            values[name] = value.isoformat()
    return values
