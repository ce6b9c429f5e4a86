"""Subject access (`podium/core/subject_export.py`): what Prevent concerns hold about
a person — the concerns they raised, the cases they own, notes they wrote, their
break-glass access and views, the reportable events they recorded.

What a concern says about its subject (what was noticed, the subject's identity, a
note's text) is the subject's special category data: it is redacted from the raiser's
and the officers' exports. The subject is named only as text (`SubjectIdentity`), so
no path reaches them: for a subject's own request the DPO asks the case roles, and
decides on the crime and national security exemptions (README, "Subject access")."""

from __future__ import annotations

from podium.core.subject_export import ExportMapping

USER = "accounts.User"

MAPPINGS = [
    ExportMapping(
        "concerns.Case",
        "Prevent concerns you raised or handled",
        {USER: ("raised_by", "owner")},
        context=("reference", "raised_at", "noticed_on"),
        # What was noticed is about the subject of the concern, not the raiser.
        third_party=("noticed", "online_elements"),
    ),
    ExportMapping(
        "concerns.SubjectIdentity",
        "Identities of the subjects of concerns you raised or handled",
        # No link to the subject (name, number and contact are text): the row reaches
        # the raiser and the case owner, with the identity redacted.
        {USER: ("case__owner", "case__raised_by")},
        context=("case",),
        third_party=("full_name", "number", "contact"),
    ),
    ExportMapping(
        "concerns.CaseNote",
        "Notes you wrote on Prevent cases",
        {USER: ("author",)},
        context=("case", "created_at"),
        # The note is about the subject of the case.
        third_party=("text",),
    ),
    ExportMapping(
        "concerns.BreakGlassGrant",
        "Break-glass access you were given to Prevent cases",
        {USER: ("user",)},
        context=("case", "granted_at", "expires_at"),
    ),
    ExportMapping(
        "concerns.CaseView",
        "Your views of Prevent cases",
        {USER: ("viewer",)},
        context=("case", "viewed_at", "part"),
    ),
    ExportMapping(
        "concerns.ReportableEvent",
        "Reportable events you recorded",
        {USER: ("recorded_by",)},
        context=(
            "occurred_on",
            "category",
            "case",
            "regulator",
            "reported_on",
            "regulator_reference",
            "recorded_at",
        ),
    ),
    ExportMapping(
        "concerns.FollowUpAction",
        "Follow-up actions on reportable events you own or added",
        {USER: ("owner", "created_by")},
        context=("event", "due_on", "done_on", "created_at"),
    ),
]
