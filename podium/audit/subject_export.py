"""Subject access (`podium/core/subject_export.py`): the audit entries of what a
person did. The record an entry names may be someone else's: its label is redacted."""

from podium.core.subject_export import ExportMapping

MAPPINGS = [
    ExportMapping(
        "audit.AuditEntry",
        "What you did in Podium (the audit log)",
        {"accounts.User": ("actor",)},
        context=("sequence", "created_at", "action", "target_type"),
        third_party=("target_label",),
    ),
]
