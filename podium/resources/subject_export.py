"""Subject access (`podium/core/subject_export.py`): what the resources library holds
about a person: the resources and document versions they added or retired. A
contact's own details are the institution's published contact details, kept in
the library by an administrator, not found by the person search."""

from __future__ import annotations

from podium.core.subject_export import ExportMapping

USER = "accounts.User"

MAPPINGS = [
    ExportMapping(
        "resources.Resource",
        "Guidance and contacts you added or retired",
        {USER: ("created_by", "retired_by")},
        context=("kind", "created_at", "retired_at"),
    ),
    ExportMapping(
        "resources.DocumentVersion",
        "Document versions you uploaded",
        {USER: ("uploaded_by",)},
        context=("resource", "number", "uploaded_at"),
    ),
]
