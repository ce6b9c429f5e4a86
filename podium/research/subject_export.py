"""Subject access (`podium/core/subject_export.py`): what the security-sensitive
research register holds about a person — registrations where they are the
researcher or the supervisor, lookups they made, and lookups that found their
registration. The lookup's typed query names the person looked for and the found
registrations are the researchers': both are redacted (the link shows who it
reached). Whether a lookup made for the police or the security services is released
to the researcher it found is the DPO's decision (crime and national security
exemptions), recorded as a withholding."""

from __future__ import annotations

from podium.core.subject_export import ExportMapping

USER = "accounts.User"

MAPPINGS = [
    ExportMapping(
        "research.Registration",
        "Security-sensitive research registrations you hold or supervise",
        {USER: ("researcher", "supervisor")},
        context=("researcher_kind", "unit", "state", "starts_on", "ends_on", "created_at"),
    ),
    ExportMapping(
        "research.Lookup",
        "Research register lookups you made, or that found your registration",
        {USER: ("made_by", "found__researcher")},
        context=("made_at", "purpose", "kind"),
        third_party=("query", "found"),
    ),
]
