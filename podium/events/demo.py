"""Demo event requests for the University of Exampleshire: one or more in every state
of the lifecycle, made through the real services so the audit log, inbox and
history are what a real institution would see.

Idempotent: each scenario is identified by its title and made only if missing.
Dates are relative to today. The services refuse to submit, decide or report on
an event in the past, so the two past scenarios (a lapsed request, a post-event
report) are built in the future and then moved back with one clearly marked
direct update each — the only writes here that bypass the services.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from podium.accounts.demo import PERSONAS
from podium.accounts.models import OrgUnit, User
from podium.events import services
from podium.events.models import (
    Campus,
    Condition,
    Decision,
    EventRequest,
    EventType,
    Mitigation,
    RiskLevel,
    RoutingRule,
    RoutingStep,
    ScreeningQuestion,
    StepKind,
)
from podium.events.services import ConditionFacts, DecisionFacts, RequestFacts, SpeakerFacts
from podium.speakers import selectors as speaker_selectors

CAMPUSES = ["City campus", "Riverside campus"]
DEMO_UNITS = [
    "Department of History",
    "Department of Philosophy",
    "Debating Society",
    "Politics Society",
    "Exampleshire Students' Union",
]
SU_RULE = "Students' union societies: the SU reviewer, then the Prevent lead"

# A "yes" to questions containing these words gives the default matrix's level.
LEVEL_WORDS: dict[str, set[str]] = {
    "Low": set(),
    "Medium": {"controversy", "open to the public"},
    "High": {"proscribed", "media interest"},
}


@dataclass
class Cast:
    organiser: User  # staff, Department of History
    student: User  # Debating Society
    officer: User  # events officer, Faculty of Arts and Humanities
    su: User  # students' union reviewer
    prevent: User
    panel: User
    appeals: User
    security: User
    history: OrgUnit
    philosophy: OrgUnit
    debating: OrgUnit
    politics_society: OrgUnit
    city: Campus
    riverside: Campus


def _answers(level: str) -> dict[int, tuple[bool, str]]:
    words = LEVEL_WORDS[level]
    return {
        q.pk: (
            any(w in q.text for w in words),
            "See the speaker's recent coverage." if any(w in q.text for w in words) else "",
        )
        for q in ScreeningQuestion.objects.filter(is_active=True)
    }


def _at(days: int, hour: int = 18) -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return timezone.make_aware(datetime(day.year, day.month, day.day, hour, 0))


def _known(name: str) -> int | None:
    speaker = speaker_selectors.speaker_named(name=name)
    return speaker.pk if speaker else None


def _facts(
    title: str,
    *,
    days: int,
    campus: Campus,
    level: str = "Low",
    venue: str = "Lecture Theatre 1",
    audience: int = 80,
    speaker: str = "Dr Jane Example",
    affiliation: str = "University of Elsewhere",
    event_type: str = "Talk or lecture",
) -> RequestFacts:
    starts = _at(days)
    return RequestFacts(
        title=title,
        description="A talk followed by questions from the floor.",
        event_type=EventType.objects.get(name=event_type),
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        format="in_person",
        venue_kind="on_campus",
        campus=campus,
        venue=venue,
        expected_audience=audience,
        # Agrees with the answer to "Is the event open to the public?".
        attendance="public" if "open to the public" in LEVEL_WORDS[level] else "members",
        # The same person each time: the register record made by the first request
        # that named them, not a new record per request (issue 14, item 12).
        speakers=[SpeakerFacts(name=speaker, affiliation=affiliation, speaker_id=_known(speaker))],
        answers=_answers(level),
    )


def _approval() -> DecisionFacts:
    return DecisionFacts(outcome="approved", rationale="Usual arrangements are enough.")


def _conditional(*names: str) -> DecisionFacts:
    mitigations = {m.name: m for m in Mitigation.objects.filter(name__in=names)}
    return DecisionFacts(
        outcome="approved_with_conditions",
        rationale="A public event on a contested subject: a chair and stewards keep it "
        "open and safe.",
        conditions=[
            ConditionFacts(
                text=name,
                owner=mitigations[name].default_owner if name in mitigations else "Organiser",
                prevent_related=mitigations[name].prevent_related if name in mitigations else False,
                mitigation=mitigations.get(name),
            )
            for name in names
        ],
        speech_lawful="yes",
        practicable_steps="An independent chair and stewards at the doors.",
        proportionality="Neither restricts anything the speakers may lawfully say.",
        viewpoint_neutral=True,
    )


def _rejection() -> DecisionFacts:
    return DecisionFacts(
        outcome="rejected",
        rationale="The venue cannot hold the expected audience safely on that date.",
        speech_lawful="yes",
        practicable_steps="A larger venue, which is not available on the date.",
        proportionality="The organiser was offered two other dates and declined both.",
        viewpoint_neutral=True,
        rejection_category="health_and_safety",
        rejection_reason="The expected audience is three times the room's capacity.",
    )


def _ensure_policy(units: dict[str, OrgUnit]) -> tuple[Campus, Campus]:
    """Campuses, and a routing rule sending society events to the students' union
    first (administrator-edited policy data, as the policy pages would save it)."""
    city, _ = Campus.objects.get_or_create(name=CAMPUSES[0])
    riverside, _ = Campus.objects.get_or_create(name=CAMPUSES[1])
    union = units["Exampleshire Students' Union"]
    rule, created = RoutingRule.objects.get_or_create(
        name=SU_RULE,
        defaults={"unit": union, "risk_level": RiskLevel.objects.get(rank=1), "order": 5},
    )
    if created:
        RoutingStep.objects.create(rule=rule, position=1, role="su_reviewer", deadline_days=5)
        RoutingStep.objects.create(
            rule=rule,
            position=2,
            role="prevent_lead",
            deadline_days=5,
            kind=StepKind.ESCALATION,
        )
    _sign_off_high_risk()
    return city, riverside


def _sign_off_high_risk() -> None:
    """The demo's high-risk route needs two sign-offs: the Prevent lead recommends,
    then the free-speech officer decides; the escalation panel is reached only by
    escalation. (The medium-risk route keeps its panel as an escalation-only step.)"""
    rule = RoutingRule.objects.filter(risk_level__rank=3, is_active=True).order_by("order").first()
    if rule is None or rule.steps.filter(role="free_speech_officer").exists():
        return
    rule.name = "High risk: the Prevent lead, then the free-speech officer; panel on escalation"
    rule.save(update_fields=["name"])
    rule.steps.all().delete()
    for position, role, kind in (
        (1, "prevent_lead", StepKind.SEQUENTIAL),
        (2, "free_speech_officer", StepKind.SEQUENTIAL),
        (3, "escalation_panel", StepKind.ESCALATION),
    ):
        RoutingStep.objects.create(
            rule=rule, position=position, role=role, deadline_days=5, kind=kind
        )


def _draft(c: Cast, title: str, **kw: object) -> EventRequest:
    return services.create_request(
        acting_user=c.organiser,
        unit=c.history,
        facts=_facts(title, campus=c.city, **kw),  # type: ignore[arg-type]
    )


def _submitted(
    c: Cast,
    title: str,
    *,
    organiser: User | None = None,
    unit: OrgUnit | None = None,
    late_reason: str = "",
    **kw: object,
) -> EventRequest:
    who = organiser or c.organiser
    kw.setdefault("campus", c.city)
    request = services.create_request(
        acting_user=who,
        unit=unit or c.history,
        facts=_facts(title, **kw),  # type: ignore[arg-type]
    )
    return services.submit_request(acting_user=who, event_request=request, late_reason=late_reason)


def _move_into_past(
    request: EventRequest, *, days_ago: int, submitted_days_before: int | None = None
) -> EventRequest:
    # DIRECT UPDATE, demo only: no service moves an event into the past (they refuse
    # to), and the demo needs events that have happened. With `submitted_days_before`
    # the submission (and any decision, three days later) moves back with it, so the
    # dashboards show the past year month by month. Nothing else is touched.
    starts = _at(-days_ago)
    EventRequest.objects.filter(pk=request.pk).update(
        starts_at=starts, ends_at=starts + timedelta(hours=2)
    )
    if submitted_days_before is not None:
        submitted = starts - timedelta(days=submitted_days_before)
        EventRequest.objects.filter(pk=request.pk).update(submitted_at=submitted)
        Decision.objects.filter(request=request).update(decided_at=submitted + timedelta(days=3))
    request.refresh_from_db()
    return request


def _scenarios(c: Cast) -> dict[str, Callable[[], object]]:
    def draft() -> object:
        return _draft(c, "Medieval manuscripts: a reading", days=60)

    def draft_student() -> object:
        return services.create_request(
            acting_user=c.student,
            unit=c.debating,
            facts=_facts(
                "This house would abolish exams",
                days=50,
                campus=c.riverside,
                event_type="Debate or panel",
            ),
        )

    def at_officer() -> object:
        return _submitted(c, "Oral history of the city docks", days=35, campus=c.riverside)

    def at_su() -> object:
        return _submitted(
            c,
            "Freshers' debate: social media and democracy",
            organiser=c.student,
            unit=c.debating,
            days=40,
            venue="Students' Union Debating Chamber",
        )

    def at_prevent() -> object:
        return _submitted(
            c,
            "Nationalism in modern Europe",
            level="Medium",
            days=30,
            audience=250,
            speaker="Prof. Karl Fischer",
        )

    def at_panel() -> object:
        request = _submitted(
            c,
            "In conversation with a former combatant",
            level="High",
            days=45,
            audience=400,
            venue="Great Hall",
            speaker="Mr John Doe",
            affiliation="Independent",
        )
        return services.escalate(
            acting_user=c.prevent,
            event_request=request,
            reason="Media interest and the size of the audience: the panel should decide.",
        )

    def at_free_speech() -> object:
        request = _submitted(
            c,
            "Extremism and the internet: a public debate",
            level="High",
            days=50,
            audience=350,
            venue="Great Hall",
            speaker="Dr Hana Example",
            affiliation="Independent researcher",
        )
        # The Prevent lead's approval is a recommendation: the free-speech officer decides.
        return services.decide(
            acting_user=c.prevent,
            event_request=request,
            facts=_conditional("Independent chair", "Stewarding or security presence"),
        )

    def late() -> object:
        return _submitted(
            c,
            "Visiting author: a last-minute booking",
            days=5,
            late_reason="The author's tour added our city this week.",
        )

    def information() -> object:
        request = _submitted(c, "Philosophy of free will", days=33, venue="Seminar Room 4")
        return services.request_information(
            acting_user=c.officer,
            event_request=request,
            question="Will the talk be recorded, and who will chair the questions?",
        )

    def approved() -> object:
        request = _submitted(c, "Local history society lecture", days=32, campus=c.riverside)
        return services.decide(acting_user=c.officer, event_request=request, facts=_approval())

    def approved_with_conditions() -> object:
        request = _submitted(
            c,
            "Debate: is there a right to offend?",
            level="Medium",
            days=21,
            audience=300,
            venue="Great Hall",
            event_type="Debate or panel",
        )
        decision = services.decide(
            acting_user=c.prevent,
            event_request=request,
            facts=_conditional("Independent chair", "Stewarding or security presence"),
        )
        assert isinstance(decision, Decision)  # the Prevent lead's step decides this route
        chair = Condition.objects.filter(decision=decision, text="Independent chair").get()
        return services.confirm_condition(
            acting_user=c.organiser,
            condition=chair,
            note="Dr Mary Smith (Law) has agreed to chair.",
        )

    def rejected() -> object:
        request = _submitted(
            c, "Rally for a new students' charter", level="Medium", days=26, audience=900
        )
        return services.decide(acting_user=c.prevent, event_request=request, facts=_rejection())

    def appeal_lodged() -> object:
        request = _submitted(
            c,
            "Screening and Q&A: a banned film",
            level="Medium",
            days=38,
            audience=700,
            event_type="Performance or screening",
        )
        services.decide(acting_user=c.prevent, event_request=request, facts=_rejection())
        return services.lodge_appeal(
            acting_user=c.organiser,
            event_request=request,
            grounds="We have since booked the Great Hall, which holds 800.",
        )

    def appeal_upheld() -> object:
        request = _submitted(
            c, "Religion and the state: a public lecture", level="Medium", days=42, audience=600
        )
        services.decide(acting_user=c.prevent, event_request=request, facts=_rejection())
        services.lodge_appeal(
            acting_user=c.organiser,
            event_request=request,
            grounds="The room was re-measured: it holds 650 under the fire certificate.",
        )
        return services.decide_appeal(
            acting_user=c.appeals,
            event_request=request,
            upheld=True,
            facts=DecisionFacts(
                outcome="approved",
                rationale="The room holds the audience safely; the reason for refusal has gone.",
            ),
        )

    def withdrawn() -> object:
        request = _submitted(c, "Archive open evening", days=31)
        return services.withdraw_request(
            acting_user=c.organiser,
            event_request=request,
            reason="The archive will be closed for works.",
        )

    def cancelled() -> object:
        request = _submitted(c, "Book launch: The Long Walk", days=29, campus=c.riverside)
        services.decide(acting_user=c.officer, event_request=request, facts=_approval())
        return services.cancel_event(
            acting_user=c.organiser, event_request=request, reason="The author is unwell."
        )

    def reported() -> object:
        request = _submitted(c, "Annual history lecture", days=30, audience=150)
        services.decide(
            acting_user=c.officer, event_request=request, facts=_conditional("Independent chair")
        )
        request = _move_into_past(request, days_ago=7)
        return services.report_after_event(
            acting_user=c.organiser,
            event_request=request,
            went_ahead=True,
            attendance=140,
            conditions_met="met",
            incidents="",
            notes="A lively discussion; the chair kept time well.",
        )

    def lapsed() -> object:
        request = _submitted(c, "Walking tour of the old town", days=30)
        _move_into_past(request, days_ago=3)
        return services.lapse_undecided()

    return {
        "Medieval manuscripts: a reading": draft,
        "This house would abolish exams": draft_student,
        "Oral history of the city docks": at_officer,
        "Freshers' debate: social media and democracy": at_su,
        "Nationalism in modern Europe": at_prevent,
        "In conversation with a former combatant": at_panel,
        "Extremism and the internet: a public debate": at_free_speech,
        "Visiting author: a last-minute booking": late,
        "Philosophy of free will": information,
        "Local history society lecture": approved,
        "Debate: is there a right to offend?": approved_with_conditions,
        "Rally for a new students' charter": rejected,
        "Screening and Q&A: a banned film": appeal_lodged,
        "Religion and the state: a public lecture": appeal_upheld,
        "Archive open evening": withdrawn,
        "Book launch: The Long Walk": cancelled,
        "Annual history lecture": reported,
        "Walking tour of the old town": lapsed,
    }


DEMO_TITLES = [
    "Medieval manuscripts: a reading",
    "This house would abolish exams",
    "Oral history of the city docks",
    "Freshers' debate: social media and democracy",
    "Nationalism in modern Europe",
    "In conversation with a former combatant",
    "Extremism and the internet: a public debate",
    "Visiting author: a last-minute booking",
    "Philosophy of free will",
    "Local history society lecture",
    "Debate: is there a right to offend?",
    "Rally for a new students' charter",
    "Screening and Q&A: a banned film",
    "Religion and the state: a public lecture",
    "Archive open evening",
    "Book launch: The Long Walk",
    "Annual history lecture",
    "Walking tour of the old town",
]


def create_event_demo() -> int:
    """Add the demo event requests that are missing; returns how many were made.
    Run after `podium.accounts.demo.create_demo`. The demo's people are fictional:
    their messages go to Podium's inbox, not to e-mail."""
    units = {u.name: u for u in OrgUnit.objects.filter(name__in=DEMO_UNITS)}
    emails = [persona.email for persona in PERSONAS]
    people = {u.email.split("@")[0]: u for u in User.objects.filter(email__in=emails)}
    with (
        override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
        transaction.atomic(),
    ):
        city, riverside = _ensure_policy(units)
        cast = Cast(
            organiser=people["organiser"],
            student=people["student.organiser"],
            officer=people["events.officer"],
            su=people["su.events"],
            prevent=people["prevent.lead"],
            panel=people["panel"],
            appeals=people["appeals"],
            security=people["security"],
            history=units["Department of History"],
            philosophy=units["Department of Philosophy"],
            debating=units["Debating Society"],
            politics_society=units["Politics Society"],
            city=city,
            riverside=riverside,
        )
        existing = set(
            EventRequest.objects.filter(title__in=DEMO_TITLES).values_list("title", flat=True)
        )
        made = 0
        for title, make in _scenarios(cast).items():
            if title not in existing:
                make()
                made += 1
    return made


# Last academic year's events, for the regulator's return (podium/reporting): title,
# (month, day) of the event in that year, what became of it.
LAST_YEAR = [
    ("Freedom of expression on campus: a panel", (10, 15), "approved"),
    ("Colonial archives: a public reading", (11, 20), "approved"),
    ("Debate: should universities take sides?", (2, 10), "conditions"),
    ("Extremism and the internet: a research seminar", (3, 5), "prevent_conditions"),
    ("Rally against the tuition fee rise", (5, 12), "rejected"),
    ("Poetry night with a visiting writer", (6, 18), "withdrawn"),
    ("Summer walking tour of the docks", (7, 10), "lapsed"),
]


def create_last_year_demo() -> int:
    """Requests whose events fell in the last academic year (1 August to 31 July),
    so its return has numbers. Idempotent by title."""
    units = {u.name: u for u in OrgUnit.objects.filter(name__in=DEMO_UNITS)}
    emails = [persona.email for persona in PERSONAS]
    people = {u.email.split("@")[0]: u for u in User.objects.filter(email__in=emails)}
    today = timezone.localdate()
    year = (today.year if today.month >= 8 else today.year - 1) - 1
    existing = set(
        EventRequest.objects.filter(title__in=[t for t, _, _ in LAST_YEAR]).values_list(
            "title", flat=True
        )
    )
    made = 0
    with (
        override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"),
        transaction.atomic(),
    ):
        campus = Campus.objects.order_by("pk").first()
        assert campus is not None
        organiser, officer = people["organiser"], people["events.officer"]
        for title, (month, day), fate in LAST_YEAR:
            if title in existing:
                continue
            when = date(year if month >= 8 else year + 1, month, day)
            request = services.create_request(
                acting_user=organiser,
                unit=units["Department of History"],
                facts=_facts(title, days=30, campus=campus),
            )
            request = services.submit_request(acting_user=organiser, event_request=request)
            if fate == "approved":
                services.decide(acting_user=officer, event_request=request, facts=_approval())
            elif fate == "conditions":
                services.decide(
                    acting_user=officer,
                    event_request=request,
                    facts=_conditional("Stewarding or security presence"),
                )
            elif fate == "prevent_conditions":
                services.decide(
                    acting_user=officer,
                    event_request=request,
                    facts=_conditional("Independent chair"),
                )
            elif fate == "rejected":
                services.decide(acting_user=officer, event_request=request, facts=_rejection())
            elif fate == "withdrawn":
                services.withdraw_request(
                    acting_user=organiser, event_request=request, reason="The writer cancelled."
                )
            _move_into_past(request, days_ago=(today - when).days, submitted_days_before=30)
            made += 1
        services.lapse_undecided()
    return made


def demo_step(password: str) -> list[str]:
    """The events part of `podium demo`."""
    requests = create_event_demo()
    lines = [f"Added {requests} demo event requests."] if requests else []
    if last := create_last_year_demo():
        lines.append(f"Added {last} event requests from last academic year (for the return).")
    if requests:
        # Set after the demo's requests were submitted: only new submissions are checked.
        EventType.objects.filter(name="Debate or panel").update(requires_briefing=True)
        RiskLevel.objects.filter(name="High").update(requires_briefing=True)
        lines.append(
            "Student organisers need an in-date briefing to submit debates and "
            "high-level requests (Sam Okafor's draft debate shows it)."
        )
    return lines
