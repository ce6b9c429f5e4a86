"""Subject access (`podium/core/subject_export.py`): the messages a person received."""

from podium.core.subject_export import ExportMapping

MAPPINGS = [
    ExportMapping(
        "notify.Message",
        "Messages sent to you",
        {"accounts.User": ("recipient",)},
        context=("link", "sent_at", "read_at"),
    ),
]
