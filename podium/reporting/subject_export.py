"""Subject access (`podium/core/subject_export.py`): the return sign-offs a
governing body member made and the transparency reports a person published."""

from __future__ import annotations

from podium.core.subject_export import ExportMapping

USER = "accounts.User"

MAPPINGS = [
    ExportMapping(
        "reporting.ReturnSignOff",
        "Prevent returns you signed off for the governing body",
        {USER: ("signed_by",)},
        context=("year", "signed_on", "minute_reference", "signed_at"),
        third_party=("signer_name",),
    ),
    ExportMapping(
        "reporting.TransparencyReport",
        "Free-speech transparency reports you published",
        {USER: ("published_by",)},
        context=("year", "published_at"),
    ),
]
