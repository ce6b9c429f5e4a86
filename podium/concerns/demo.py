"""Demo concerns for the University of Exampleshire: cases shared by the staff
organiser (a lecturer) at every stage and in every ideology category, a
break-glass look by the head of security, notes, reviews due, and reportable
events reported and not. Idempotent: nothing is added once the demo cases exist."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from podium.accounts.demo import PERSONAS
from podium.accounts.models import User
from podium.accounts.roles import Role
from podium.concerns.models import (
    AdviceFrom,
    BreakGlassGrant,
    Case,
    CaseNote,
    ConcernSettings,
    EventCategory,
    FollowUpAction,
    Ideology,
    Indicator,
    OtherPath,
    Outcome,
    ReferralRoute,
    ReportableEvent,
    SubjectIdentity,
)
from podium.events.models import EventRequest

# (days ago shared, stage reached, urgent) — stage: new, triaged, lead, advice, referral,
# nfa (closed, no further action), support (closed, non-Prevent support)
PLAN = [
    (1, "new", True),
    (3, "new", False),
    (20, "triaged", False),
    (45, "lead", False),
    (60, "advice", False),
    (90, "referral", False),
    (200, "nfa", False),
    (300, "support", False),
    (400, "referral", False),
]
NOTICED = [
    "A student repeatedly shared videos from a proscribed group in a seminar group chat.",
    "A colleague overheard a student saying violence against a named community was justified.",
    "A student's essay drafts moved from the set topic to material copied from extremist sites.",
    "Posters with symbols of an extreme right-wing group appeared on a study-room door.",
]


def _person(role: Role) -> User:
    persona = next(p for p in PERSONAS if p.role == role)
    return User.objects.get(email=persona.email)


@transaction.atomic
def create_concerns_demo() -> int:
    lecturer = _person(Role.ORGANISER)
    if Case.objects.filter(raised_by=lecturer).exists():
        return 0
    lead, officer, security = (
        _person(Role.PREVENT_LEAD),
        _person(Role.SAFEGUARDING_OFFICER),
        _person(Role.HEAD_OF_SECURITY),
    )
    route = ConcernSettings.current().referral_route
    ideologies = list(Ideology.objects.filter(is_active=True))
    indicators = list(Indicator.objects.filter(is_active=True))
    today = timezone.localdate()
    made = 0
    for position in range(max(len(PLAN), len(ideologies))):
        days, stage, urgent = PLAN[position % len(PLAN)]
        shared_on = today - timedelta(days=days + position)
        case = Case.objects.create(
            raised_by=lecturer,
            raised_at=timezone.make_aware(datetime.combine(shared_on, time(10, position))),
            noticed=NOTICED[position % len(NOTICED)],
            noticed_on=shared_on,
            online_elements="Group chat on a messaging app." if position % 2 else "",
            immediate_danger=urgent,
            urgent=urgent,
        )
        case.indicators.set(indicators[position % len(indicators) :][:2])
        SubjectIdentity.objects.create(
            case=case,
            full_name=f"Demo Subject {position + 1}",
            number=f"DS{position + 1:05d}",
            contact=f"subject{position + 1}@students.example.ac.uk",
        )
        if stage != "new":
            case.triaged_on = shared_on + timedelta(days=1)
            case.owner = officer
            case.ideology = ideologies[position % len(ideologies)]
            case.review_on = (
                today - timedelta(days=1) if position % 3 == 0 else today + timedelta(days=14)
            )
        if stage in ("lead", "advice", "referral"):
            case.lead_involved_on = shared_on + timedelta(days=2)
            case.owner = lead
        if stage in ("advice", "referral"):
            case.advice_sought_on = shared_on + timedelta(days=4)
            case.advice_from = list(AdviceFrom)[position % len(AdviceFrom)].value
        if stage == "referral":
            case.referral_on = shared_on + timedelta(days=7)
            case.referral_route = route or ReferralRoute.CHANNEL
        if stage in ("nfa", "support"):
            case.other_path = (
                OtherPath.NO_FURTHER_ACTION if stage == "nfa" else OtherPath.NON_PREVENT_SUPPORT
            )
            case.outcome = Outcome.NO_FURTHER_ACTION if stage == "nfa" else Outcome.OTHER_SUPPORT
            case.closed_on = shared_on + timedelta(days=10)
            case.review_on = None
        case.save()
        if stage != "new":
            CaseNote.objects.create(
                case=case,
                author=case.owner or officer,
                created_at=case.raised_at + timedelta(days=1),
                text="Spoke to the member of staff who shared it; agreed next steps.",
            )
        made += 1
    referred = Case.objects.filter(raised_by=lecturer, referral_on__isnull=False).first()
    if referred is not None:
        BreakGlassGrant.objects.create(
            case=referred,
            user=security,
            reason="Security incident on campus involving the subject; needed the risk picture.",
            granted_at=referred.raised_at + timedelta(days=8),
            expires_at=referred.raised_at + timedelta(days=8, hours=4),
        )
    regulator = ConcernSettings.current().regulator
    ReportableEvent.objects.create(
        occurred_on=today - timedelta(days=40),
        category=EventCategory.CHANGE_OF_CIRCUMSTANCE,
        description="New Prevent lead appointed.",
        follow_up="Update the Prevent policy contacts (Fatima Rahman).",
        regulator=regulator,
        reported_on=today - timedelta(days=35),
        regulator_reference="PREV-2026-0142",
        recorded_by=lead,
    )
    incident = ReportableEvent.objects.create(
        occurred_on=today - timedelta(days=30),
        category=EventCategory.SERIOUS_INCIDENT,
        description="Referral made to Channel after a threat on campus.",
        case=referred,
        follow_up="Agreed at the safeguarding meeting the day after.",
        recorded_by=lead,
    )
    # Follow-up actions with owners: one done, one overdue (it reminds its owner),
    # one not yet due.
    for action, owner, due_in, done in (
        ("Report the incident to the regulator", lead, -20, True),
        ("Brief the security team on the threat", security, -5, False),
        ("Review the campus access policy", officer, 21, False),
    ):
        FollowUpAction.objects.create(
            event=incident,
            action=action,
            owner=owner,
            due_on=today + timedelta(days=due_in),
            done_on=today - timedelta(days=22) if done else None,
            created_by=lead,
        )
    # An incident at one of the demo's event requests (the events demo ran first).
    lecture = EventRequest.objects.filter(title="Annual history lecture").first()
    if lecture is not None:
        ReportableEvent.objects.create(
            occurred_on=timezone.localdate(lecture.starts_at),
            category=EventCategory.SERIOUS_INCIDENT,
            description="Protesters blocked the entrance; security cleared it and the "
            "lecture went ahead.",
            event_request=lecture,
            follow_up="Review the stewarding condition with the students' union (Gareth Price).",
            recorded_by=lead,
        )
    return made


def demo_step(password: str) -> list[str]:
    made = create_concerns_demo()
    return [
        f"Prevent concerns: {made} demo cases at every stage and in every ideology"
        if made
        else "Prevent concerns: demo cases already present",
        "  the staff organiser shares concerns; the safeguarding officer and Prevent lead "
        "work them; the head of security has used break-glass (the Prevent lead reviews it "
        "under Break-glass uses); a reportable event has follow-up actions, one overdue",
    ]
