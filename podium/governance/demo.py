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
    Risk,
    RiskEntry,
    RiskTopic,
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
    first.minute_reference = "Council minute 24/117"
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
    if create_governance_demo():
        return [
            "Prevent risk assessment: version 1 signed off, version 2 in draft with changes; "
            "an action plan with overdue actions."
        ]
    return []
