"""Subject access (`podium/core/subject_export.py`): what the exchange holds about a
person — the messages about a speaker (through the request or disclosure they
belong to; their body repeats the request and the fields shared), and the staff
who sent messages, registered peers or added and trusted their keys."""

from __future__ import annotations

from podium.core.subject_export import ExportMapping

USER = "accounts.User"
SPEAKER = "speakers.Speaker"

MAPPINGS = [
    ExportMapping(
        "exchange.Message",
        "Messages exchanged with partners' Podium instances about you, or that you sent",
        {
            SPEAKER: ("request__speaker", "disclosure__speaker"),
            USER: ("created_by",),
        },
        context=("direction", "kind", "state", "peer", "message_id", "created_at"),
    ),
    ExportMapping(
        "exchange.Peer",
        "Podium peers you registered",
        {USER: ("registered_by",)},
        context=("name", "base_url", "registered_at"),
    ),
    ExportMapping(
        "exchange.PeerKey",
        "Podium peer keys you added or trusted",
        {USER: ("added_by", "trusted_by")},
        context=("peer", "key_id", "added_at", "trusted_at"),
    ),
]
