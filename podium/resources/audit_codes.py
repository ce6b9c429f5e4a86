"""The library's audit codes (`podium/audit/codes.py`)."""

from __future__ import annotations

from podium.audit.codes import code

CODES = [
    code(
        "resources.resource.added",
        "{actor} added to the resources library: {target}",
        ["kind", "places", "roles", "public", "version"],
    ),
    code("resources.resource.changed", "{actor} changed a resource: {target}", ["changes"]),
    code(
        "resources.document.uploaded",
        "{actor} uploaded a new version of a document: {target}",
        ["version"],
    ),
    code("resources.resource.retired", "{actor} retired a resource: {target}"),
    code("resources.resource.restored", "{actor} restored a resource: {target}"),
]
