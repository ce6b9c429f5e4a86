"""Subject access (`podium/core/subject_export.py`): what information sharing holds
about a person — a speaker shared about or asked about, an organiser whose event
request was shared, and the staff who made, decided, reviewed or signed off a
disclosure or request, published the policy or own an agreement.

A partner's contact is not a person record in Podium: the partner row reaches the
owners of its agreements, with the contact redacted. Text naming a person who may
not be the requester (a disclosure's "other" subject, a typed speaker name) is
redacted; the speaker link shows "you" to the speaker."""

from __future__ import annotations

from podium.core.subject_export import ExportMapping

USER = "accounts.User"
SPEAKER = "speakers.Speaker"

MAPPINGS = [
    ExportMapping(
        "sharing.SharingAgreement",
        "Data sharing agreements you own",
        {USER: ("owner",)},
        context=("title", "starts_on", "review_on", "ends_on"),
    ),
    ExportMapping(
        "sharing.Partner",
        "Partners of the data sharing agreements you own",
        # The contact is someone at the partner, not the agreement owner.
        {USER: ("agreements__owner",)},
        context=("name", "kind"),
        third_party=("contact_name", "contact_route"),
    ),
    ExportMapping(
        "sharing.PolicyVersion",
        "Appropriate policy versions you published",
        {USER: ("published_by",)},
        context=("number", "published_at"),
    ),
    ExportMapping(
        "sharing.AgreementReview",
        "Reviews of data sharing agreements you made",
        {USER: ("reviewed_by",)},
        context=("agreement", "reviewed_on", "outcome"),
    ),
    ExportMapping(
        "sharing.Disclosure",
        "Information shared about you, or sharing you recorded or decided",
        {
            SPEAKER: ("speaker",),
            USER: ("created_by", "decision_maker", "reviewed_by", "event_request__organiser"),
        },
        context=(
            "direction",
            "state",
            "partner",
            "subject",
            "purpose",
            "lawful_basis",
            "method",
            "shared_on",
            "sent_at",
        ),
        # Describes a subject who is neither a speaker nor an event request.
        third_party=("subject_text",),
    ),
    ExportMapping(
        "sharing.SignOff",
        "Sign-offs of disclosures you decided, made, or that are about you",
        {USER: ("decided_by", "disclosure__created_by"), SPEAKER: ("disclosure__speaker",)},
        context=("disclosure", "approved", "decided_at"),
    ),
    ExportMapping(
        "sharing.InformationRequest",
        "Speaker information requests about you, or that you made",
        {SPEAKER: ("speaker",), USER: ("created_by",)},
        context=("direction", "partner", "due_on", "created_at"),
        # The name as typed: the speaker link says whether it is the requester.
        third_party=("speaker_name",),
    ),
    ExportMapping(
        "sharing.Recipient",
        "Partners' answers to speaker information requests",
        {SPEAKER: ("request__speaker",), USER: ("request__created_by",)},
        context=("request", "partner", "rag", "answered_at"),
    ),
]
