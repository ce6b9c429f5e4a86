"""Privacy's audit codes (`podium/audit/codes.py`): record types, ids, counts and
field names only — never a reason, a breach's words or a name."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.urls import reverse

from podium.accounts import permissions
from podium.accounts.roles import Capability
from podium.audit.codes import TargetLink, code

CODES = [
    # Written only by the demo (`demo.py`), dated in its earlier years, and pruned
    # by its retention run: what the log's own retention looks like after years.
    code(
        "privacy.demo.earlier_entry",
        "An entry from the demo's earlier years",
        ["year"],
    ),
    code(
        "privacy.rule.changed",
        "{actor} changed the retention rule: {target}",
        ["record_type", "changes"],
    ),
    code(
        "privacy.rule.reset",
        "{actor} put the retention rule back to its default: {target}",
        ["record_type"],
    ),
    code(
        "privacy.hold.placed",
        "{actor} placed a legal hold: {target}",
        ["kind", "record_type", "record_id"],
    ),
    code(
        "privacy.hold.lifted", "{actor} lifted a legal hold: {target}", ["record_type", "record_id"]
    ),
    code("privacy.retention.dry_run", "{actor} ran a retention dry run: {target}", ["counts"]),
    code(
        "privacy.retention.applied", "{actor} applied the retention schedule: {target}", ["counts"]
    ),
    code(
        "privacy.breach.recorded",
        "{actor} recorded a breach: {target}",
        ["risk", "reported_to_ico"],
    ),
    code("privacy.breach.changed", "{actor} changed a breach record: {target}", ["changes"]),
    code(
        "privacy.breach.reminded",
        "Podium reminded the data protection officers of a breach: {target}",
        ["hours_after_discovery", "officers"],
    ),
]


def _linker(url_name: str):  # type: ignore[no-untyped-def]
    def urls_for(reader: Any, ids: list[int]) -> Mapping[int, str]:
        if not permissions.has_capability(reader, Capability.VIEW_PRIVACY):
            return {}
        return {pk: reverse(url_name, args=[pk]) for pk in ids}

    return urls_for


LINKS = [
    TargetLink("privacy.breach", _linker("privacy:breach-detail")),
    TargetLink("privacy.retentionrun", _linker("privacy:run-detail")),
    TargetLink("privacy.legalhold", _linker("privacy:hold-detail")),
]
