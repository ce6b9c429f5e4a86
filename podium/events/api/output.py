"""What `/api/v1/event-requests` answers: a request in a list, and everything about
one request as its page shows it to the caller (reviewers see more)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Schema

from podium.accounts.models import User
from podium.accounts.roles import Role
from podium.api.kit import UnitRef
from podium.core.versioning import version_of
from podium.events import access, selectors
from podium.events.models import (
    AppealStatus,
    Attendance,
    ConditionMet,
    Decision,
    EventRequest,
    Format,
    Incident,
    OrganiserKind,
    Outcome,
    Recording,
    RejectionCategory,
    SpeakerRole,
    SpeechLawful,
    VenueKind,
)
from podium.events.models import (
    Status as RequestStatus,
)
from podium.events.route import StepPlace
from podium.events.services import VERSION_FIELDS

Severity = Incident.Severity


def user_of(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


class Ref(Schema):
    id: int
    name: str


class PersonRef(Schema):
    id: int
    full_name: str


def _person(user: User) -> PersonRef:
    return PersonRef(id=user.pk, full_name=user.full_name)


def _maybe_person(user: User | None) -> PersonRef | None:
    return _person(user) if user is not None else None


class EventRequestSummary(Schema):
    id: int
    reference: str
    title: str
    status: RequestStatus
    status_label: str
    unit: UnitRef
    organiser: PersonRef
    starts_at: datetime | None
    ends_at: datetime | None
    waiting_role: Role | None
    waiting_since: datetime | None
    due_on: date | None
    submitted_at: datetime | None
    created_at: datetime

    @staticmethod
    def of(event: EventRequest) -> EventRequestSummary:
        # Built without validation (`model_construct`): every value is typed here
        # from the database row, and a list of 50 paid ninja's validating getter
        # for each field of each item and its two references (issue 20). The
        # response is still serialised by the schema; `test_api.py` compares each
        # item of a list with the summary validated field by field.
        return EventRequestSummary.model_construct(
            id=event.pk,
            reference=event.reference,
            title=event.title,
            status=RequestStatus(event.status),
            status_label=str(event.get_status_display()),
            unit=UnitRef.model_construct(id=event.unit.pk, name=event.unit.name),
            organiser=PersonRef.model_construct(
                id=event.organiser.pk, full_name=event.organiser.full_name
            ),
            starts_at=event.starts_at,
            ends_at=event.ends_at,
            waiting_role=Role(event.waiting_role) if event.waiting_role else None,
            waiting_since=event.waiting_since,
            due_on=event.due_on,
            submitted_at=event.submitted_at,
            created_at=event.created_at,
        )


class EventRequestPage(Schema):
    items: list[EventRequestSummary]
    next_cursor: str | None


class RequestSpeakerOut(Schema):
    name: str
    affiliation: str
    role: SpeakerRole
    speaker_id: int | None = Field(description="The speaker register entry.")


class AnswerOut(Schema):
    question: int | None
    question_text: str
    answer: bool
    details: str


class WaitingOut(Schema):
    role: Role
    role_label: str
    unit: UnitRef
    since: datetime | None
    due_on: date | None


class RiskDriver(Schema):
    question: str
    likelihood: int
    impact: int


class AssessmentOut(Schema):
    """The reviewers' side of a submitted request (the page shows it to reviewers only)."""

    suggested_level: str | None = Field(description="Advisory: a reviewer decides.")
    likelihood: int | None
    impact: int | None
    drivers: list[RiskDriver]
    routing_reasons: str
    notice_required_days: int | None
    notice_given_days: int | None
    reapproval_changes: dict[str, Any]


class ConditionOut(Schema):
    id: int
    text: str
    owner: str
    prevent_related: bool
    mitigation: int | None
    confirmed_at: datetime | None
    confirmed_by: PersonRef | None
    confirmation_note: str
    review: ConditionMet | None
    review_note: str


class DecisionOut(Schema):
    id: int
    outcome: Outcome
    outcome_label: str
    decided_by: PersonRef
    decided_at: datetime
    acting_as: Role | None
    rationale: str
    on_appeal: bool
    is_live: bool
    speech_lawful: SpeechLawful | None
    practicable_steps: str
    proportionality: str
    viewpoint_neutral: bool
    rejection_category: RejectionCategory | None
    rejection_reason: str
    organiser_bears_security_costs: bool
    security_costs_reason: str
    conditions: list[ConditionOut]

    @staticmethod
    def of(d: Decision) -> DecisionOut:
        return DecisionOut(
            id=d.pk,
            outcome=Outcome(d.outcome),
            outcome_label=d.get_outcome_display(),
            decided_by=PersonRef(id=d.decided_by.pk, full_name=d.decided_by.full_name),
            decided_at=d.decided_at,
            acting_as=Role(d.acting_as) if d.acting_as else None,
            rationale=d.rationale,
            on_appeal=d.on_appeal,
            is_live=d.is_live,
            speech_lawful=SpeechLawful(d.speech_lawful) if d.speech_lawful else None,
            practicable_steps=d.practicable_steps,
            proportionality=d.proportionality,
            viewpoint_neutral=d.viewpoint_neutral,
            rejection_category=RejectionCategory(d.rejection_category)
            if d.rejection_category
            else None,
            rejection_reason=d.rejection_reason,
            organiser_bears_security_costs=d.organiser_bears_security_costs,
            security_costs_reason=d.security_costs_reason,
            conditions=[
                ConditionOut(
                    id=c.pk,
                    text=c.text,
                    owner=c.owner,
                    prevent_related=c.prevent_related,
                    mitigation=c.mitigation_id,
                    confirmed_at=c.confirmed_at,
                    confirmed_by=_maybe_person(c.confirmed_by),
                    confirmation_note=c.confirmation_note,
                    review=ConditionMet(c.review) if c.review else None,
                    review_note=c.review_note,
                )
                for c in d.conditions.all()
            ],
        )


class AppealOut(Schema):
    id: int
    status: AppealStatus
    grounds: str
    lodged_by: PersonRef
    lodged_at: datetime
    against: int
    outcome_decision: int | None


class InformationRequestOut(Schema):
    id: int
    question: str
    asked_by: PersonRef
    asked_at: datetime
    answer: str
    answered_by: PersonRef | None
    answered_at: datetime | None


class NoteOut(Schema):
    id: int
    text: str
    author: PersonRef
    created_at: datetime


class IncidentOut(Schema):
    id: int
    occurred_at: datetime
    severity: Severity
    description: str
    recorded_by: PersonRef
    recorded_at: datetime


class ReportOut(Schema):
    went_ahead: bool
    attendance: int | None
    conditions_met: ConditionMet | None
    incidents: str
    notes: str
    reported_by: PersonRef
    reported_at: datetime


class AllowedOut(Schema):
    """What the caller may do now, as the page offers it."""

    is_organiser: bool
    is_reviewer: bool
    can_act: bool = Field(description="The request waits at a review step the caller acts at.")
    may_decide_appeal: bool
    may_record_incident: bool
    appeal_until: date | None


class RouteStepOut(Schema):
    position: int
    reviewer: str
    kind: str = Field(description="sequential (must approve before the next) or escalation.")
    kind_label: str
    state: str = Field(
        description="recommended, decided, current, skipped, passed, not_reached or to_come."
    )
    state_label: str
    acted_by: PersonRef | None
    acted_at: datetime | None
    outcome: Outcome | None = Field(description="What was recommended or decided there.")


class EventRequestOut(Schema):
    id: int
    reference: str
    status: RequestStatus
    status_label: str
    title: str
    description: str
    event_type: Ref | None
    unit: UnitRef
    organiser: PersonRef
    organiser_kind: OrganiserKind
    external_hirer: str
    starts_at: datetime | None
    ends_at: datetime | None
    format: Format
    venue_kind: VenueKind
    campus: Ref | None
    venue: str
    affiliated: bool
    funded: bool
    branded: bool
    expected_audience: int | None
    attendance: Attendance
    ticketed: bool
    recording: Recording
    speakers: list[RequestSpeakerOut]
    answers: list[AnswerOut]
    late_reason: str
    fast_tracked: bool
    submitted_at: datetime | None
    waiting: WaitingOut | None = Field(description="The review step it waits at, if any.")
    assessment: AssessmentOut | None = Field(description="Reviewers only; null for others.")
    notes: list[NoteOut] | None = Field(description="Reviewers only; null for others.")
    live_decision: DecisionOut | None
    decisions: list[DecisionOut] = Field(description="Every decision, oldest first.")
    route: list[RouteStepOut] | None = Field(
        description="Its place on its route: each step, its kind and what happened there."
    )
    recorded: str | None = Field(
        None,
        description="On POST …/decision only: `decision`, or `recommendation` when a "
        "sign-off step remains (the request moved on and stays in review).",
    )
    appeals: list[AppealOut]
    information_requests: list[InformationRequestOut]
    incidents: list[IncidentOut]
    post_event_report: ReportOut | None
    cancelled_reason: str
    allowed: AllowedOut
    version: str = Field(
        description="Send it back with a change or an action and it is refused (409) if "
        "the request changed in between."
    )
    created_at: datetime
    updated_at: datetime


def detail(user: User, event: EventRequest) -> EventRequestOut:
    view = selectors.request_view(user=user, request=event)
    explanation = event.risk_explanation or {}
    assessment = None
    if view.is_reviewer and event.submitted_at is not None:
        assessment = AssessmentOut(
            suggested_level=event.suggested_level.name if event.suggested_level else None,
            likelihood=explanation.get("likelihood"),
            impact=explanation.get("impact"),
            drivers=[RiskDriver(**d) for d in explanation.get("drivers", [])],
            routing_reasons=event.routing_reasons,
            notice_required_days=event.notice_required_days,
            notice_given_days=event.notice_given_days,
            reapproval_changes=event.reapproval_changes,
        )
    waiting = None
    if event.waiting_role and event.waiting_unit is not None:
        waiting = WaitingOut(
            role=Role(event.waiting_role),
            role_label=event.get_waiting_role_display(),
            unit=UnitRef(id=event.waiting_unit.pk, name=event.waiting_unit.name),
            since=event.waiting_since,
            due_on=event.due_on,
        )
    report = view.report
    return EventRequestOut(
        id=event.pk,
        reference=event.reference,
        status=RequestStatus(event.status),
        status_label=event.get_status_display(),
        title=event.title,
        description=event.description,
        event_type=Ref(id=event.event_type.pk, name=event.event_type.name)
        if event.event_type
        else None,
        unit=UnitRef(id=event.unit.pk, name=event.unit.name),
        organiser=PersonRef(id=event.organiser.pk, full_name=event.organiser.full_name),
        organiser_kind=OrganiserKind(event.organiser_kind),
        external_hirer=event.external_hirer,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        format=Format(event.format),
        venue_kind=VenueKind(event.venue_kind),
        campus=Ref(id=event.campus.pk, name=event.campus.name) if event.campus else None,
        venue=event.venue,
        affiliated=event.affiliated,
        funded=event.funded,
        branded=event.branded,
        expected_audience=event.expected_audience,
        attendance=Attendance(event.attendance),
        ticketed=event.ticketed,
        recording=Recording(event.recording),
        speakers=[
            RequestSpeakerOut(
                name=s.name,
                affiliation=s.affiliation,
                role=SpeakerRole(s.role),
                speaker_id=s.speaker_id,
            )
            for s in view.speakers
        ],
        answers=[
            AnswerOut(
                question=a.question_id,
                question_text=a.question_text,
                answer=a.answer,
                details=a.details,
            )
            for a in view.answers
        ],
        late_reason=event.late_reason,
        fast_tracked=event.fast_tracked,
        submitted_at=event.submitted_at,
        waiting=waiting,
        assessment=assessment,
        notes=[
            NoteOut(id=n.pk, text=n.text, author=_person(n.author), created_at=n.created_at)
            for n in view.notes
        ]
        if view.is_reviewer
        else None,
        live_decision=DecisionOut.of(view.live_decision) if view.live_decision else None,
        decisions=[DecisionOut.of(d) for d in view.decisions],
        route=[_route_step(place) for place in view.route.steps] if view.route else None,
        recorded=None,
        appeals=[
            AppealOut(
                id=a.pk,
                status=AppealStatus(a.status),
                grounds=a.grounds,
                lodged_by=_person(a.lodged_by),
                lodged_at=a.lodged_at,
                against=a.against_id,
                outcome_decision=a.outcome_decision_id,
            )
            for a in view.appeals
        ],
        information_requests=[
            InformationRequestOut(
                id=q.pk,
                question=q.question,
                asked_by=_person(q.asked_by),
                asked_at=q.asked_at,
                answer=q.answer,
                answered_by=_maybe_person(q.answered_by),
                answered_at=q.answered_at,
            )
            for q in view.information_requests
        ],
        incidents=[
            IncidentOut(
                id=i.pk,
                occurred_at=i.occurred_at,
                severity=Severity(i.severity),
                description=i.description,
                recorded_by=_person(i.recorded_by),
                recorded_at=i.recorded_at,
            )
            for i in view.incidents
        ],
        post_event_report=ReportOut(
            went_ahead=report.went_ahead,
            attendance=report.attendance,
            conditions_met=ConditionMet(report.conditions_met) if report.conditions_met else None,
            incidents=report.incidents,
            notes=report.notes,
            reported_by=_person(report.reported_by),
            reported_at=report.reported_at,
        )
        if report is not None
        else None,
        cancelled_reason=event.cancelled_reason,
        allowed=AllowedOut(
            is_organiser=view.is_organiser,
            is_reviewer=view.is_reviewer,
            can_act=view.can_act,
            may_decide_appeal=view.may_decide_appeal,
            may_record_incident=view.may_record_incident,
            appeal_until=view.appeal_until,
        ),
        version=version_of(event, VERSION_FIELDS),
        created_at=event.created_at,
        updated_at=event.updated_at,
    )


def _route_step(place: StepPlace) -> RouteStepOut:
    acted = place.recommendation or place.decision
    by, at = (
        (place.recommendation.recommended_by, place.recommendation.recommended_at)
        if place.recommendation
        else (place.decision.decided_by, place.decision.decided_at)
        if place.decision
        else (None, None)
    )
    return RouteStepOut(
        position=place.step.position,
        reviewer=str(place.step),
        kind=place.step.kind,
        kind_label=place.kind_label,
        state=place.state,
        state_label=place.label,
        acted_by=_maybe_person(by),
        acted_at=at,
        outcome=Outcome(acted.outcome) if acted is not None else None,
    )


def reloaded(user: User, pk: int) -> EventRequestOut:
    return detail(user, access.get_request_or_404(user, pk))
