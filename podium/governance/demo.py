"""Demo governance for the University of Exampleshire: version 1 of the Prevent
risk assessment signed off by the governing body ten months ago, version 2 being
prepared by the Prevent lead with changes (scores moved, a risk added, one
removed), and an action plan with overdue, due-soon, open and done actions.
Idempotent: nothing is added once a version exists."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from podium.accounts.demo import PERSONAS
from podium.accounts.models import User
from podium.governance.defaults import ensure_defaults
from podium.governance.models import (
    ActionCategory,
    ActionItem,
    ActionStatus,
    AssessmentVersion,
    CodeSection,
    CodeVersion,
    Complaint,
    NoticeChannel,
    Risk,
    RiskEntry,
    RiskTopic,
    StudentNotice,
    VersionStatus,
)

# (topic, description, L, S, controls, residual L, residual S, owner, further action)
RISKS = [
    (
        "Speakers and events",
        "An external speaker draws people into terrorism or expresses views that "
        "risk drawing people in, at an event on campus.",
        3,
        5,
        "External speaker procedure; notice periods; screening by the events office; "
        "escalation to the Prevent lead.",
        2,
        4,
        "events.officer",
        "Review the screening sources each term.",
    ),
    (
        "IT and online",
        "Extremist material is accessed or shared on university networks.",
        3,
        4,
        "Acceptable use policy; web filtering with a process for research access.",
        2,
        3,
        "security",
        "",
    ),
    (
        "Training",
        "Staff in key roles do not recognise vulnerability to radicalisation.",
        3,
        4,
        "Prevent awareness for front-line staff every two years.",
        2,
        4,
        "training",
        "Extend training to residences staff.",
    ),
    (
        "Welfare and chaplaincy",
        "A vulnerable student is not referred for support in time.",
        2,
        5,
        "Notice-Check-Share; safeguarding team; multi-faith chaplaincy.",
        2,
        3,
        "safeguarding",
        "",
    ),
    (
        "Premises and lettings",
        "Rooms let to external bodies are used by groups that promote terrorism.",
        2,
        4,
        "Lettings checks against the events procedure.",
        1,
        4,
        "security",
        "",
    ),
    (
        "Freedom of expression",
        "Prevent measures chill lawful debate on campus.",
        3,
        3,
        "Free-speech code of practice; decisions recorded with reasons.",
        2,
        2,
        "prevent.lead",
        "",
    ),
]


def _people() -> dict[str, User]:
    emails = {p.email: p.local_part for p in PERSONAS}
    return {emails[u.email]: u for u in User.objects.filter(email__in=list(emails))}


@transaction.atomic
def create_governance_demo() -> int:
    if AssessmentVersion.objects.exists():
        return 0
    people = _people()
    if "prevent.lead" not in people or "governor" not in people:
        return 0
    lead, governor = people["prevent.lead"], people["governor"]
    ensure_defaults()
    topics = {t.name: t for t in RiskTopic.objects.all()}
    now = timezone.now()
    today = timezone.localdate()
    signed_on = today - timedelta(days=300)
    first = AssessmentVersion.objects.create(
        number=1,
        prepared_by=lead,
        created_at=now - timedelta(days=330),
        submitted_at=now - timedelta(days=310),
    )
    risks = []
    for n, (topic, text, li, se, controls, rl, rs, owner, further) in enumerate(RISKS, start=1):
        risk = Risk.objects.create(reference=n, created_at=now - timedelta(days=330))
        risks.append(risk)
        RiskEntry.objects.create(
            version=first,
            risk=risk,
            topic=topics[topic],
            description=text,
            likelihood=li,
            severity=se,
            controls=controls,
            residual_likelihood=rl,
            residual_severity=rs,
            owner=people.get(owner, lead),
            further_action=further,
        )
    first.status = VersionStatus.SIGNED
    first.signed_by = governor
    first.signer_name = governor.full_name
    first.signed_on = signed_on
    first.minute_reference = "Council 24/117"
    first.signed_at = now - timedelta(days=300)
    first.save()
    # Version 2: the Prevent lead's draft, with changes since version 1.
    second = AssessmentVersion.objects.create(
        number=2, prepared_by=lead, created_at=now - timedelta(days=14)
    )
    for entry in first.entries.select_related("risk"):
        entry.pk = None
        entry.version = second
        if entry.risk.reference == 1:
            # A rise in requests from new societies: likelihood up.
            entry.likelihood = 4
            entry.residual_likelihood = 3
            entry.controls += " Speaker register checks for repeat speakers."
        if entry.risk.reference == 5:
            continue  # lettings folded into the events procedure: removed
        entry.save()
    added = Risk.objects.create(reference=7)
    RiskEntry.objects.create(
        version=second,
        risk=added,
        topic=topics["Research"],
        description="Security-sensitive research material is stored outside the research "
        "governance process.",
        likelihood=2,
        severity=4,
        controls="Research ethics review.",
        residual_likelihood=2,
        residual_severity=3,
        owner=people.get("research", lead),
        further_action="Register security-sensitive projects.",
    )
    plan = [
        (
            risks[0],
            ActionCategory.POLICY,
            "Publish the revised external speaker procedure.",
            "prevent.lead",
            -20,
            ActionStatus.IN_PROGRESS,
            "Draft with the students' union.",
        ),
        (
            risks[2],
            ActionCategory.TRAINING,
            "Train all residences staff in Prevent awareness.",
            "training",
            -45,
            ActionStatus.NOT_STARTED,
            "",
        ),
        (
            risks[1],
            ActionCategory.PREMISES,
            "Review the web filtering exceptions list.",
            "security",
            10,
            ActionStatus.IN_PROGRESS,
            "Half reviewed.",
        ),
        (
            risks[3],
            ActionCategory.WELFARE,
            "Refresh the Notice-Check-Share guidance for tutors.",
            "safeguarding",
            60,
            ActionStatus.NOT_STARTED,
            "",
        ),
        (
            risks[5],
            ActionCategory.MONITORING,
            "Report Prevent decisions to the free-speech committee each term.",
            "prevent.lead",
            -90,
            ActionStatus.DONE,
            "Reported in June.",
        ),
    ]
    for risk, category, text, owner, days, status, progress in plan:
        ActionItem.objects.create(
            risk=risk,
            category=category,
            action=text,
            owner=people.get(owner, lead),
            deadline=today + timedelta(days=days),
            status=status,
            progress=progress,
            created_at=now - timedelta(days=120),
            updated_at=now - timedelta(days=5),
        )
    return 2


def demo_step(password: str) -> list[str]:
    lines = []
    if create_governance_demo():
        lines.append(
            "Prevent risk assessment: version 1 signed off, version 2 in draft with changes; "
            "an action plan with overdue actions."
        )
    if create_complaints_demo():
        lines.append("Free-speech complaints: one in each stage, one past its 30 days.")
    if create_code_demo():
        lines.append("Free-speech code of practice: two published versions; a notice is due.")
    return lines


# (kind, name, days since the matter, days since received, stage, scheme reference, outcome)
COMPLAINTS = [
    ("speaker", "Dr Martin Hale", 20, 12, "with_provider", "", ""),
    ("student", "Jordan Ellis", 60, 45, "with_provider", "", ""),
    ("student", "Amira Haddad", 150, 120, "escalated", "OIA/2026/04417", ""),
    ("staff", "Dr Ruth Okoro", 210, 180, "escalated", "OFS-FSC-00912", ""),
    ("applicant", "Dr Tomasz Nowak", 300, 260, "closed", "", "partly_upheld"),
]


@transaction.atomic
def create_complaints_demo() -> int:
    """A complaint in each stage: with us inside the 30 days, with us past them,
    escalated to the OIA (a student) and to the OfS scheme (staff), and closed."""
    if Complaint.objects.exists():
        return 0
    officer = _people().get("free.speech")
    if officer is None:
        return 0
    today = timezone.localdate()
    for kind, name, matter, received, stage, reference, outcome in COMPLAINTS:
        received_on = today - timedelta(days=received)
        complaint = Complaint.objects.create(
            complainant_kind=kind,
            complainant_name=name,
            complainant_email=name.split()[-1].lower() + "@example.net",
            matter_on=today - timedelta(days=matter),
            received_on=received_on,
            about="The decision to impose conditions on a talk restricted lawful speech.",
            adverse_consequence="The talk was moved to a smaller room at short notice.",
            owner=officer,
            stage=stage,
        )
        if stage in ("escalated", "closed"):
            complaint.provider_response_on = received_on + timedelta(days=25)
            complaint.provider_response = "We reviewed the decision and explained our reasons."
        if stage == "escalated":
            complaint.scheme = "oia" if kind == "student" else "ofs"
            complaint.escalated_on = received_on + timedelta(days=40)
            complaint.external_reference = reference
        if stage == "closed":
            complaint.outcome = outcome
            complaint.remedies = "An apology and a rebooked talk in the main hall."
            complaint.closed_on = received_on + timedelta(days=28)
        complaint.save()
    return len(COMPLAINTS)


CODE_V1 = {
    "values": "We protect lawful freedom of speech within the law for staff, students, "
    "members and visiting speakers.",
    "meetings": "Organisers request events through Podium with the notice the event type "
    "needs; reviewers decide with reasons.",
    "conduct": "Speakers, organisers and attendees keep within the law; protest is allowed "
    "where it does not stop others speaking or hearing.",
    "premises": "Rooms are not refused because of a speaker's lawful views or a group's "
    "policy or objectives.",
    "security_costs": "Security costs are charged to organisers only in exceptional "
    "circumstances: a credible threat assessed by the head of security.",
}


@transaction.atomic
def create_code_demo() -> int:
    """Version 1 of the code published 400 days ago, version 2 (clearer security-cost
    criteria) 60 days ago; the last notice to students sent 380 days ago, so the
    yearly notice is due."""
    if CodeVersion.objects.exists():
        return 0
    officer = _people().get("free.speech")
    if officer is None:
        return 0
    now = timezone.now()
    for number, days, texts in (
        (1, 400, CODE_V1),
        (
            2,
            60,
            {
                **CODE_V1,
                "security_costs": CODE_V1["security_costs"]
                + " The organiser is told the cost and the reason before the decision.",
            },
        ),
    ):
        version = CodeVersion.objects.create(
            number=number,
            created_by=officer,
            created_at=now - timedelta(days=days + 10),
            published_at=now - timedelta(days=days),
        )
        CodeSection.objects.bulk_create(
            CodeSection(version=version, kind=kind, text=text) for kind, text in texts.items()
        )
    StudentNotice.objects.create(
        sent_on=timezone.localdate() - timedelta(days=380),
        channel=NoticeChannel.EMAIL,
        audience="All registered students",
        text="Your freedom of speech at Exampleshire: read our code of practice.",
        recorded_by=officer,
    )
    return 2
