"""Subject access (`podium/core/subject_export.py`): a person's API tokens (never
their secret)."""

from podium.core.subject_export import ExportMapping

MAPPINGS = [
    ExportMapping(
        "api.ApiToken",
        "Your API tokens",
        {"accounts.User": ("user",)},
        context=("prefix", "scope", "created_at", "expires_at", "revoked_at"),
    ),
]
