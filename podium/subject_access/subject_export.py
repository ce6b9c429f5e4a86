"""Subject access requests are themselves personal data of the people who handled
them (`podium/core/subject_export.py`)."""

from podium.core.subject_export import ExportMapping

USER = "accounts.User"

MAPPINGS = [
    ExportMapping(
        "subject_access.SubjectAccessRequest",
        "Subject access requests you handled",
        {USER: ("logged_by", "identity_checked_by", "reviewed_by", "released_by")},
        context=("received_on", "due_on", "status"),
        # The requester of someone else's request is a third party to the DPO.
        third_party=("requester_name", "requester_email", "staff_number", "details"),
    ),
    ExportMapping(
        "subject_access.Candidate",
        "Search results you decided on",
        {USER: ("decided_by",)},
        context=("request", "decided_at", "confirmed"),
        third_party=("label",),
    ),
    ExportMapping(
        "subject_access.Withholding",
        "Parts of exports you withheld",
        {USER: ("created_by",)},
        context=("request", "record_type", "exemption", "created_at"),
        third_party=("reason",),
    ),
]
