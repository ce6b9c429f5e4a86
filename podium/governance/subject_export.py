"""Subject access (`podium/core/subject_export.py`): what governance holds about a
person — risk assessment versions they prepared or signed, risks and actions they
own, complaints they handle or that concern them as a speaker, code of practice
versions they wrote, notices to students they recorded.

A complainant is recorded by name and e-mail address (text, no person link): the
complaint reaches its owner and the speaker it concerns, with the complainant's name,
address, account and the response to them redacted. A complainant's own request is
found by the DPO in the complaints log."""

from __future__ import annotations

from podium.core.subject_export import ExportMapping

USER = "accounts.User"
SPEAKER = "speakers.Speaker"

MAPPINGS = [
    ExportMapping(
        "governance.AssessmentVersion",
        "Prevent risk assessment versions you prepared or signed",
        {USER: ("prepared_by", "signed_by")},
        context=("number", "status", "created_at", "submitted_at", "signed_on", "signed_at"),
        # The signer's name as minuted: the signed_by link shows "you" to the signer.
        third_party=("signer_name",),
    ),
    ExportMapping(
        "governance.RiskEntry",
        "Risks you own in the risk assessment",
        {USER: ("owner",)},
        context=("version", "risk", "topic"),
    ),
    ExportMapping(
        "governance.ActionItem",
        "Risk actions you own",
        {USER: ("owner",)},
        context=("risk", "category", "action", "deadline", "status", "progress"),
    ),
    ExportMapping(
        "governance.Complaint",
        "Free-speech complaints you handle or that concern you",
        {USER: ("owner",), SPEAKER: ("speaker",)},
        context=(
            "complainant_kind",
            "event_request",
            "matter_on",
            "received_on",
            "stage",
            "scheme",
            "escalated_on",
            "outcome",
            "closed_on",
        ),
        # The complainant is not linked to a person record.
        third_party=(
            "complainant_name",
            "complainant_email",
            "about",
            "adverse_consequence",
            "provider_response",
            "remedies",
        ),
    ),
    ExportMapping(
        "governance.CodeVersion",
        "Free-speech code of practice versions you wrote",
        {USER: ("created_by",)},
        context=("number", "created_at", "published_at"),
    ),
    ExportMapping(
        "governance.StudentNotice",
        "Notices to students you recorded",
        {USER: ("recorded_by",)},
        context=("sent_on", "channel", "audience", "created_at"),
    ),
]
