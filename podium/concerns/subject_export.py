"""Subject access (`podium/core/subject_export.py`): what Prevent concerns hold about
a person — the concerns they raised, the cases they own, notes they wrote, their
break-glass access and views, the reportable events they recorded — and about the
subject of a concern.

What a concern says about its subject (what was noticed, the subject's identity, a
note's text) is the subject's special category data: it is redacted from the raiser's
and the officers' exports. The subject is named only as text (`SubjectIdentity`);
`find_subjects` finds them by name (the speaker register's matcher, as every finder),
by student or staff number exactly and by the contact details exactly as stored (the
requester's e-mail address). A hit tells the DPO only that the subject of a Prevent
concern matches, the case reference, and why (never the name as stored, nor anything
the case says). Once the DPO confirms it, the subject's export holds their identity,
what was noticed and the case's notes as their own data (`owned_by`), with the raiser,
the officers and the notes' authors redacted as third parties; the export page asks
the DPO to consider the crime and national security exemptions before release
(`consider`; README, "Subject access")."""

from __future__ import annotations

from podium.concerns.models import SubjectIdentity
from podium.core.subject_export import (
    ExportMapping,
    Hit,
    NameScorer,
    SearchTerms,
    name_prefilter,
    scored_once,
)

USER = "accounts.User"
SUBJECT = "concerns.SubjectIdentity"
_LIMIT = 50

# Asked of the DPO before a subject's own concern records are released.
CONSIDER = ("crime", "national_security")
CONSIDER_WHY = (
    "This is what a Prevent concern records about the requester. Before release, ask "
    "the Prevent lead whether telling them would prejudice the prevention or detection "
    "of crime or national security (for example an open Channel referral or police "
    "involvement), and withhold what that covers, with the reason. Read the free text "
    "for other people's names too: withhold those as another person's data."
)


def _label(reference: str) -> str:
    # Only that a concern's subject matches, and which case: never the name as
    # stored nor anything the case says.
    return f"The subject of Prevent concern {reference}"


def find_subjects(terms: SearchTerms, scorer: NameScorer) -> list[Hit]:
    """The subjects of Prevent concerns who may be the requester: number and contact
    exactly (as stored, any case), the name by the register's matcher."""
    hits: dict[int, Hit] = {}
    rows = SubjectIdentity.objects.order_by()
    if terms.staff_number:
        by_number = rows.filter(number__iexact=terms.staff_number.strip())
        for pk, reference in by_number.values_list("pk", "case__reference")[:_LIMIT]:
            hits[pk] = Hit(SUBJECT, pk, _label(reference), "student or staff number", 1.0)
    if terms.email:
        by_contact = rows.filter(contact__iexact=terms.email.strip()).exclude(pk__in=list(hits))
        for pk, reference in by_contact.values_list("pk", "case__reference")[:_LIMIT]:
            hits[pk] = Hit(SUBJECT, pk, _label(reference), "contact details (e-mail address)", 1.0)
    condition = name_prefilter("full_name", terms.name)
    if condition is not None:
        score_name = scored_once(scorer)
        by_name = rows.filter(condition).exclude(pk__in=list(hits))
        for pk, full_name, reference in by_name.values_list("pk", "full_name", "case__reference")[
            :2000
        ]:
            score = score_name(terms.name, full_name)
            if score >= terms.threshold:
                hits[pk] = Hit(
                    SUBJECT, pk, _label(reference), f"name, {round(score * 100)}%", score
                )
    return sorted(hits.values(), key=lambda hit: (-hit.score, hit.label))[:_LIMIT]


MAPPINGS = [
    ExportMapping(
        "concerns.Case",
        "Prevent concerns you raised or handled, or about you",
        {USER: ("raised_by", "owner"), SUBJECT: ("identity",)},
        context=("reference", "raised_at", "noticed_on"),
        # What was noticed is about the subject of the concern, not the raiser: the
        # subject's own data in their export.
        third_party=("noticed", "online_elements"),
        owned_by=(SUBJECT,),
        consider=CONSIDER,
        consider_why=CONSIDER_WHY,
    ),
    ExportMapping(
        "concerns.SubjectIdentity",
        "Who Prevent concerns you raised or handled are about, or your identity on a concern",
        # The row reaches the raiser and the case owner with the identity redacted,
        # and the subject (found by `find_subjects`) with it as their own.
        {USER: ("case__owner", "case__raised_by"), SUBJECT: ("pk",)},
        context=("case",),
        third_party=("full_name", "number", "contact"),
        owned_by=(SUBJECT,),
        consider=CONSIDER,
        consider_why=CONSIDER_WHY,
    ),
    ExportMapping(
        "concerns.CaseNote",
        "Notes you wrote on Prevent cases, or on a case about you",
        {USER: ("author",), SUBJECT: ("case__identity",)},
        context=("case", "created_at"),
        # The note is about the subject of the case: theirs in their export (the
        # author is redacted as another person's data).
        third_party=("text",),
        owned_by=(SUBJECT,),
        consider=CONSIDER,
        consider_why=CONSIDER_WHY,
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
