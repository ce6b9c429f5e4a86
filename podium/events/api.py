"""`/api/v1/event-requests`: the event-request lifecycle for scripts and other systems.

As thin as the pages (`views.py`): find the request the person may see
(`access.get_request_or_404`, 404 otherwise), refuse with 403 someone who could never
take the action (the same access functions the services use), turn the JSON into the
services' facts, and call the same service, which checks state and rules and writes
the audit entry. A `DomainError` about a field answers 400, one about the request's
state 409, as everywhere in `/api/v1/` (`podium.api.v1`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from pydantic import AfterValidator, field_validator
from pydantic_core import PydanticCustomError

from podium.accounts import permissions
from podium.accounts.models import OrgUnit, User
from podium.accounts.roles import Capability, Role
from podium.api.v1 import ERRORS, WRITE, Cursor, Id, InvalidInput, UnitRef, Version
from podium.core.versioning import version_of
from podium.events import access, selectors, services
from podium.events.models import (
    AppealStatus,
    Attendance,
    Campus,
    Condition,
    ConditionMet,
    Decision,
    EventRequest,
    EventType,
    Format,
    Incident,
    Mitigation,
    OrganiserKind,
    Outcome,
    Recording,
    RejectionCategory,
    ScreeningQuestion,
    SpeakerRole,
    SpeechLawful,
    VenueKind,
)
from podium.events.models import (
    Status as RequestStatus,
)
from podium.events.services import VERSION_FIELDS, ConditionFacts, DecisionFacts, RequestFacts

router = Router(tags=["event requests"])

TEXT = 5000  # the pages' limit on free text (forms.py)
Severity = Incident.Severity


def _user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)
    return user


# --- Schemas out -------------------------------------------------------------------


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
        return EventRequestSummary(
            id=event.pk,
            reference=event.reference,
            title=event.title,
            status=RequestStatus(event.status),
            status_label=event.get_status_display(),
            unit=UnitRef(id=event.unit.pk, name=event.unit.name),
            organiser=PersonRef(id=event.organiser.pk, full_name=event.organiser.full_name),
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


class SpeakerOut(Schema):
    name: str
    affiliation: str
    role: SpeakerRole


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
    speakers: list[SpeakerOut]
    answers: list[AnswerOut]
    late_reason: str
    fast_tracked: bool
    submitted_at: datetime | None
    waiting: WaitingOut | None = Field(description="The review step it waits at, if any.")
    assessment: AssessmentOut | None = Field(description="Reviewers only; null for others.")
    notes: list[NoteOut] | None = Field(description="Reviewers only; null for others.")
    live_decision: DecisionOut | None
    decisions: list[DecisionOut] = Field(description="Every decision, oldest first.")
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


def _detail(user: User, event: EventRequest) -> EventRequestOut:
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
            SpeakerOut(name=s.name, affiliation=s.affiliation, role=SpeakerRole(s.role))
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


def _reloaded(user: User, pk: int) -> EventRequestOut:
    return _detail(user, access.get_request_or_404(user, pk))


# --- Schemas in --------------------------------------------------------------------


def _aware(value: datetime) -> datetime:
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def _plausible_time(value: datetime) -> datetime:
    """Aware, and a time the database can hold in UTC (not year 1 or 9999)."""
    try:
        value = _aware(value).astimezone(UTC)
    except (OverflowError, ValueError):
        raise PydanticCustomError("date_range", OUT_OF_RANGE) from None
    if not 1900 <= value.year <= 2999:
        raise PydanticCustomError("date_range", OUT_OF_RANGE)
    return value


OUT_OF_RANGE = "Enter a date and time between the years 1900 and 2999."


EventTime = Annotated[datetime, AfterValidator(_plausible_time)]


class In(Schema):
    """A request body. NUL characters, which PostgreSQL cannot store, are refused
    naming the field, as Django's form fields do."""

    @field_validator("*", mode="after")
    @classmethod
    def _storable(cls, value: Any) -> Any:
        if isinstance(value, str) and "\x00" in value:
            raise PydanticCustomError("null_character", "Null characters are not allowed.")
        return value


# The default of a field that may be left out but not sent as null ("keep as is").
NOT_SENT: Any = None

Text = Annotated[str, Field(max_length=TEXT)]


class SpeakerIn(In):
    name: str = Field(min_length=1, max_length=200)
    affiliation: str = Field(default="", max_length=200)
    role: SpeakerRole = SpeakerRole.SPEAKER


class AnswerIn(In):
    question: Id
    answer: bool
    details: str = Field(default="", max_length=2000)


class RequestFields(In):
    """The facts of an event. On a change only the fields sent change; `null` clears
    the event type, campus, dates and audience size."""

    description: str = Field(default=NOT_SENT, max_length=10000)
    event_type: Id | None = None
    organiser_kind: OrganiserKind = Field(default=NOT_SENT)
    external_hirer: str = Field(default=NOT_SENT, max_length=200)
    starts_at: EventTime | None = None
    ends_at: EventTime | None = None
    format: Format = Field(default=NOT_SENT)
    venue_kind: VenueKind = Field(default=NOT_SENT)
    campus: Id | None = None
    venue: str = Field(default=NOT_SENT, max_length=200)
    affiliated: bool = Field(default=NOT_SENT)
    funded: bool = Field(default=NOT_SENT)
    branded: bool = Field(default=NOT_SENT)
    expected_audience: int | None = Field(default=NOT_SENT, ge=1, le=1_000_000)
    attendance: Attendance = Field(default=NOT_SENT)
    ticketed: bool = Field(default=NOT_SENT)
    recording: Recording = Field(default=NOT_SENT)
    speakers: list[SpeakerIn] = Field(
        default=NOT_SENT, max_length=30, description="Replaces the list of speakers."
    )
    answers: list[AnswerIn] = Field(
        default=NOT_SENT, max_length=100, description="Screening answers, one per question."
    )


class RequestIn(RequestFields):
    title: str = Field(max_length=200)
    unit: Id = Field(description="The organising unit: one where you may request events.")


class RequestChange(RequestFields):
    title: str = Field(default=NOT_SENT, max_length=200)
    unit: Id = Field(default=NOT_SENT)
    version: Version = None


CLEARABLE = ("event_type", "campus", "starts_at", "ends_at", "expected_audience")
PLAIN = (
    "title",
    "description",
    "organiser_kind",
    "external_hirer",
    "format",
    "venue_kind",
    "venue",
    "affiliated",
    "funded",
    "branded",
    "expected_audience",
    "attendance",
    "ticketed",
    "recording",
)


def _facts(payload: RequestFields, user: User) -> RequestFacts:
    """The services' facts from the fields sent; unknown ids are a field error."""
    sent = payload.model_fields_set
    facts = RequestFacts()
    errors: list[tuple[str | None, str]] = []
    for name in PLAIN:
        if name in sent:
            setattr(facts, name, getattr(payload, name))
    for name in ("starts_at", "ends_at"):
        value = getattr(payload, name)
        if name in sent and value is not None:
            setattr(facts, name, _aware(value))
    if "starts_at" in sent and facts.starts_at is not None and facts.starts_at <= timezone.now():
        errors.append(("starts_at", "The start must be in the future."))
    if "event_type" in sent and payload.event_type is not None:
        facts.event_type = EventType.objects.filter(pk=payload.event_type, is_active=True).first()
        if facts.event_type is None:
            errors.append(("event_type", "Choose a type of event from the list."))
    if "campus" in sent and payload.campus is not None:
        facts.campus = Campus.objects.filter(pk=payload.campus, is_active=True).first()
        if facts.campus is None:
            errors.append(("campus", "Choose a campus from the list."))
    unit_pk = getattr(payload, "unit", None)
    if "unit" in sent and unit_pk is not None:
        unit = OrgUnit.objects.filter(pk=unit_pk, is_active=True).first()
        if unit is None or not access.may_request_in(user, unit):
            errors.append(("unit", "Choose a unit where you may request events."))
        facts.unit = unit
    facts.cleared = {name for name in CLEARABLE if name in sent and getattr(payload, name) is None}
    if "speakers" in sent:
        facts.speakers = [
            services.SpeakerFacts(name=s.name, affiliation=s.affiliation, role=s.role)
            for s in payload.speakers
        ]
        if not any(s.name.strip() for s in payload.speakers):
            errors.append(("speakers", "Add at least one speaker."))
    if "answers" in sent:
        asked = set(ScreeningQuestion.objects.filter(is_active=True).values_list("pk", flat=True))
        unknown = sorted({a.question for a in payload.answers} - asked)
        if unknown:
            errors.append(("answers", f"No screening question is open with id {unknown[0]}."))
        facts.answers = {a.question: (a.answer, a.details.strip()) for a in payload.answers}
    if errors:
        raise InvalidInput(errors)
    return facts


class VersionIn(In):
    version: Version = None


class SubmitIn(VersionIn):
    late_reason: str = Field(
        default="", max_length=TEXT, description="Needed when the notice given is short."
    )


class OptionalReasonIn(VersionIn):
    reason: str = Field(default="", max_length=TEXT)


class ReasonIn(VersionIn):
    reason: Text


class QuestionIn(VersionIn):
    question: Text


class AnswerInformationIn(VersionIn):
    answer: Text


class NoteIn(In):
    text: Text


class GroundsIn(VersionIn):
    grounds: Text


class ConditionIn(In):
    mitigation: Id | None = Field(default=None, description="From the mitigation catalogue.")
    text: str = Field(default="", max_length=500, description="Blank: the mitigation's name.")
    owner: str = Field(
        default="", max_length=100, description="Blank: the mitigation's default owner."
    )
    prevent_related: bool = False


class DecisionFields(VersionIn):
    rationale: str = Field(max_length=10000, description="The organiser receives these words.")
    conditions: list[ConditionIn] = Field(default_factory=list, max_length=20)
    speech_lawful: SpeechLawful | None = Field(
        default=None, description="Needed for conditions or a rejection."
    )
    practicable_steps: str = Field(default="", max_length=TEXT)
    proportionality: str = Field(default="", max_length=TEXT)
    viewpoint_neutral: bool = False
    rejection_category: RejectionCategory | None = None
    rejection_reason: str = Field(
        default="", max_length=TEXT, description="At most 300 words; rejection only."
    )
    organiser_bears_security_costs: bool = False
    security_costs_reason: str = Field(default="", max_length=TEXT)


class DecisionIn(DecisionFields):
    outcome: Outcome


class AppealDecisionIn(DecisionFields):
    upheld: bool = Field(
        description="True: the appeal is upheld and `outcome` is the new decision. False: "
        "dismissed, the decision under appeal stands."
    )
    outcome: Literal["approved", "approved_with_conditions"] | None = Field(
        default=None, description="If upheld: the new outcome."
    )


def _conditions(items: list[ConditionIn]) -> list[ConditionFacts]:
    chosen = []
    for item in items:
        mitigation = None
        if item.mitigation is not None:
            mitigation = Mitigation.objects.filter(pk=item.mitigation, is_active=True).first()
            if mitigation is None:
                raise InvalidInput([("conditions", "Choose a mitigation from the catalogue.")])
        chosen.append(
            ConditionFacts(
                text=item.text or (mitigation.name if mitigation else ""),
                owner=item.owner or (mitigation.default_owner if mitigation else ""),
                prevent_related=item.prevent_related
                or bool(mitigation and mitigation.prevent_related),
                mitigation=mitigation,
            )
        )
    return chosen


def _decision_facts(payload: DecisionFields, outcome: str) -> DecisionFacts:
    return DecisionFacts(
        outcome=outcome,
        rationale=payload.rationale,
        conditions=_conditions(payload.conditions),
        speech_lawful=payload.speech_lawful or "",
        practicable_steps=payload.practicable_steps,
        proportionality=payload.proportionality,
        viewpoint_neutral=payload.viewpoint_neutral,
        rejection_category=payload.rejection_category or "",
        rejection_reason=payload.rejection_reason,
        organiser_bears_security_costs=payload.organiser_bears_security_costs,
        security_costs_reason=payload.security_costs_reason,
    )


class ConfirmIn(In):
    note: str = Field(default="", max_length=500, description="How it is in place.")


class ReviewIn(In):
    review: ConditionMet
    note: str = Field(default="", max_length=500)


class ReportIn(In):
    went_ahead: bool
    attendance: int | None = Field(default=None, ge=0, le=1_000_000)
    conditions_met: ConditionMet | None = None
    incidents: str = Field(default="", max_length=TEXT)
    notes: str = Field(default="", max_length=TEXT)


class IncidentIn(In):
    occurred_at: EventTime
    severity: Severity
    description: Text


class ListFilter(Schema):
    scope: Literal["mine", "all"] = Field(
        default="mine", description="`all`: every request a reviewer may see."
    )
    status: RequestStatus | None = None
    cursor: Cursor = None


class QueueFilter(Schema):
    cursor: Cursor = None


# --- Who may try -------------------------------------------------------------------


def _organiser_only(user: User, event: EventRequest) -> None:
    if event.organiser_id != user.pk:
        raise PermissionDenied


def _reviewer_only(user: User, event: EventRequest) -> None:
    if not access.is_reviewer_of(user, event):
        raise PermissionDenied


def _visible(request: HttpRequest, pk: int, check: Callable[[User, EventRequest], None]) -> Any:
    user = _user(request)
    event = access.get_request_or_404(user, pk)
    check(user, event)
    return user, event


# --- Lists -------------------------------------------------------------------------


@router.get(
    "",
    response={200: EventRequestPage, **ERRORS},
    summary="List event requests",
    url_name="event-requests",
)
def request_list(request: HttpRequest, filters: Query[ListFilter]) -> EventRequestPage:
    """Your own requests, newest first; with `scope=all`, a reviewer's every request in
    scope (as the requests page). 50 a page; `cursor` is the previous `next_cursor`."""
    user = _user(request)
    status = filters.status or ""
    reviewer = bool(access.acting_assignments(user)) or any(
        permissions.has_capability(user, c) for c in access.SEEING
    )
    if filters.scope == "all" and reviewer:
        page = selectors.requests_in_scope(user=user, status=status, after=filters.cursor)
    else:
        page = selectors.my_requests(user=user, status=status, after=filters.cursor)
        for event in page.items:
            event.organiser = user
    return EventRequestPage(
        items=[EventRequestSummary.of(e) for e in page.items], next_cursor=page.next_cursor
    )


@router.post(
    "",
    response={201: EventRequestOut, **ERRORS},
    auth=WRITE,
    summary="Start a draft event request",
    url_name="event-requests",
)
def request_create(request: HttpRequest, payload: RequestIn) -> Status[EventRequestOut]:
    """A draft owned by you, for a unit where you may request events. Fill it in now
    or with later changes, then submit it."""
    user = _user(request)
    if not permissions.has_capability(user, Capability.REQUEST_EVENTS):
        raise PermissionDenied
    facts = _facts(payload, user)
    assert facts.unit is not None
    event = services.create_request(acting_user=user, unit=facts.unit, facts=facts)
    return Status(201, _reloaded(user, event.pk))


@router.get(
    "/queue",
    response={200: EventRequestPage, **ERRORS},
    summary="Requests waiting for me",
    url_name="event-request-queue",
)
def request_queue(request: HttpRequest, filters: Query[QueueFilter]) -> EventRequestPage:
    """Requests (and appeals) waiting at a review step you act at, or act at as a
    deputy, oldest first. Only for reviewers."""
    user = _user(request)
    if not access.acting_assignments(user):
        raise PermissionDenied
    page = selectors.review_queue(user=user, after=filters.cursor)
    return EventRequestPage(
        items=[EventRequestSummary.of(e) for e in page.items], next_cursor=page.next_cursor
    )


# --- One request -------------------------------------------------------------------


@router.get(
    "/{pk}",
    response={200: EventRequestOut, **ERRORS},
    summary="Get an event request",
    url_name="event-request",
)
def request_detail(request: HttpRequest, pk: Id) -> EventRequestOut:
    """Everything the request page shows you: reviewers also get the assessment and
    the notes."""
    return _reloaded(_user(request), pk)


@router.patch(
    "/{pk}",
    response={200: EventRequestOut, **ERRORS},
    auth=WRITE,
    summary="Change an event request",
    url_name="event-request",
)
def request_update(request: HttpRequest, pk: Id, payload: RequestChange) -> EventRequestOut:
    """The organiser changes a draft, a request awaiting information, or an approved
    event. Changing a material fact of an approved event suspends the approval and
    sends it back for re-approval."""
    user, event = _visible(request, pk, _organiser_only)
    services.update_request(
        acting_user=user,
        request=event,
        facts=_facts(payload, user),
        expected_version=payload.version,
    )
    return _reloaded(user, pk)


@router.post(
    "/{pk}/submit",
    response={200: EventRequestOut, **ERRORS},
    auth=WRITE,
    summary="Submit a draft for review",
    url_name="event-request-submit",
)
def request_submit(request: HttpRequest, pk: Id, payload: SubmitIn) -> EventRequestOut:
    """Measure the notice, suggest a risk level and route it to its first reviewer.
    Refused (400, naming the field) while anything is missing."""
    user, event = _visible(request, pk, _organiser_only)
    services.submit_request(
        acting_user=user,
        request=event,
        late_reason=payload.late_reason,
        expected_version=payload.version,
    )
    return _reloaded(user, pk)


@router.post(
    "/{pk}/withdraw",
    response={200: EventRequestOut, **ERRORS},
    auth=WRITE,
    summary="Withdraw a request",
    url_name="event-request-withdraw",
)
def request_withdraw(request: HttpRequest, pk: Id, payload: OptionalReasonIn) -> EventRequestOut:
    """The organiser withdraws a request not yet decided."""
    user, event = _visible(request, pk, _organiser_only)
    services.withdraw_request(
        acting_user=user, request=event, reason=payload.reason, expected_version=payload.version
    )
    return _reloaded(user, pk)


@router.post(
    "/{pk}/information-requests",
    response={201: EventRequestOut, **ERRORS},
    auth=WRITE,
    summary="Ask the organiser for information",
    url_name="event-request-information-requests",
)
def request_ask(request: HttpRequest, pk: Id, payload: QuestionIn) -> Status[EventRequestOut]:
    """A reviewer at the current step asks a question; the review clock stops."""
    user, event = _visible(request, pk, _reviewer_only)
    services.request_information(
        acting_user=user, request=event, question=payload.question, expected_version=payload.version
    )
    return Status(201, _reloaded(user, pk))


@router.post(
    "/{pk}/information-requests/answer",
    response={200: EventRequestOut, **ERRORS},
    auth=WRITE,
    summary="Answer the reviewer's question",
    url_name="event-request-answer",
)
def request_answer(request: HttpRequest, pk: Id, payload: AnswerInformationIn) -> EventRequestOut:
    """The organiser answers the open question; the review clock restarts."""
    user, event = _visible(request, pk, _organiser_only)
    services.answer_information(
        acting_user=user, request=event, answer=payload.answer, expected_version=payload.version
    )
    return _reloaded(user, pk)


@router.post(
    "/{pk}/notes",
    response={201: EventRequestOut, **ERRORS},
    auth=WRITE,
    summary="Add a reviewer's note",
    url_name="event-request-notes",
)
def request_note(request: HttpRequest, pk: Id, payload: NoteIn) -> Status[EventRequestOut]:
    """Notes are seen by reviewers only and are never edited or deleted."""
    user, event = _visible(request, pk, _reviewer_only)
    services.add_note(acting_user=user, request=event, text=payload.text)
    return Status(201, _reloaded(user, pk))


@router.post(
    "/{pk}/escalate",
    response={200: EventRequestOut, **ERRORS},
    auth=WRITE,
    summary="Escalate to the next review step",
    url_name="event-request-escalate",
)
def request_escalate(request: HttpRequest, pk: Id, payload: ReasonIn) -> EventRequestOut:
    user, event = _visible(request, pk, _reviewer_only)
    services.escalate(
        acting_user=user, request=event, reason=payload.reason, expected_version=payload.version
    )
    return _reloaded(user, pk)


@router.post(
    "/{pk}/fast-track",
    response={200: EventRequestOut, **ERRORS},
    auth=WRITE,
    summary="Fast-track a late request",
    url_name="event-request-fast-track",
)
def request_fast_track(request: HttpRequest, pk: Id, payload: VersionIn) -> EventRequestOut:
    """Accept a late request for review, due before the event."""
    user, event = _visible(request, pk, _reviewer_only)
    services.fast_track(acting_user=user, request=event, expected_version=payload.version)
    return _reloaded(user, pk)


@router.post(
    "/{pk}/decision",
    response={201: EventRequestOut, **ERRORS},
    auth=WRITE,
    summary="Decide a request",
    url_name="event-request-decision",
)
def request_decide(request: HttpRequest, pk: Id, payload: DecisionIn) -> Status[EventRequestOut]:
    """Approve, approve with conditions, or reject a request waiting for you. A
    restriction needs the free-speech record; a rejection, its category and a reason of
    at most 300 words."""
    user, event = _visible(request, pk, _reviewer_only)
    services.decide(
        acting_user=user,
        request=event,
        facts=_decision_facts(payload, payload.outcome),
        expected_version=payload.version,
    )
    return Status(201, _reloaded(user, pk))


@router.post(
    "/{pk}/appeal",
    response={201: EventRequestOut, **ERRORS},
    auth=WRITE,
    summary="Appeal the decision",
    url_name="event-request-appeal",
)
def request_appeal(request: HttpRequest, pk: Id, payload: GroundsIn) -> Status[EventRequestOut]:
    """The organiser appeals a rejection or conditions, within the appeal window."""
    user, event = _visible(request, pk, _organiser_only)
    services.lodge_appeal(
        acting_user=user, request=event, grounds=payload.grounds, expected_version=payload.version
    )
    return Status(201, _reloaded(user, pk))


def _appeal_decider_only(user: User, event: EventRequest) -> None:
    if not access.may_decide_appeal(user, event):
        raise PermissionDenied


@router.post(
    "/{pk}/appeal/decision",
    response={201: EventRequestOut, **ERRORS},
    auth=WRITE,
    summary="Decide an appeal",
    url_name="event-request-appeal-decision",
)
def request_appeal_decide(
    request: HttpRequest, pk: Id, payload: AppealDecisionIn
) -> Status[EventRequestOut]:
    """Uphold (with the new outcome: an approval) or dismiss. Someone other than the
    person who took the decision under appeal decides it."""
    user, event = _visible(request, pk, _appeal_decider_only)
    if payload.upheld and payload.outcome is None:
        raise InvalidInput([("outcome", "Choose the new outcome.")])
    facts = (
        _decision_facts(payload, payload.outcome or "")
        if payload.upheld
        else DecisionFacts(outcome="", rationale=payload.rationale)
    )
    services.decide_appeal(
        acting_user=user,
        request=event,
        upheld=payload.upheld,
        facts=facts,
        expected_version=payload.version,
    )
    return Status(201, _reloaded(user, pk))


def _organiser_or_reviewer(user: User, event: EventRequest) -> None:
    if event.organiser_id != user.pk and not access.is_reviewer_of(user, event):
        raise PermissionDenied


@router.post(
    "/{pk}/cancel",
    response={200: EventRequestOut, **ERRORS},
    auth=WRITE,
    summary="Cancel an approved event",
    url_name="event-request-cancel",
)
def request_cancel(request: HttpRequest, pk: Id, payload: ReasonIn) -> EventRequestOut:
    """By its organiser or a reviewer, with the reason; security is told."""
    user, event = _visible(request, pk, _organiser_or_reviewer)
    services.cancel_event(
        acting_user=user, request=event, reason=payload.reason, expected_version=payload.version
    )
    return _reloaded(user, pk)


def _condition(event: EventRequest, condition_pk: int) -> Condition:
    condition = (
        Condition.objects.filter(pk=condition_pk, decision__request=event)
        .select_related("decision")
        .first()
    )
    if condition is None:
        raise Http404
    return condition


def _may_confirm(user: User, event: EventRequest) -> None:
    if not (
        event.organiser_id == user.pk
        or access.is_reviewer_of(user, event)
        or access.may_record_incident(user, event)
    ):
        raise PermissionDenied


@router.post(
    "/{pk}/conditions/{condition_pk}/confirm",
    response={200: EventRequestOut, **ERRORS},
    auth=WRITE,
    summary="Confirm a condition is in place",
    url_name="event-request-condition-confirm",
)
def condition_confirm(
    request: HttpRequest, pk: Id, condition_pk: Id, payload: ConfirmIn
) -> EventRequestOut:
    """Before the event: by the organiser, a reviewer or security."""
    user, event = _visible(request, pk, _may_confirm)
    services.confirm_condition(
        acting_user=user, condition=_condition(event, condition_pk), note=payload.note
    )
    return _reloaded(user, pk)


@router.post(
    "/{pk}/conditions/{condition_pk}/review",
    response={200: EventRequestOut, **ERRORS},
    auth=WRITE,
    summary="Review whether a condition was met",
    url_name="event-request-condition-review",
)
def condition_review(
    request: HttpRequest, pk: Id, condition_pk: Id, payload: ReviewIn
) -> EventRequestOut:
    """After the event, a reviewer records whether the condition was met."""
    user, event = _visible(request, pk, _reviewer_only)
    services.review_condition(
        acting_user=user,
        condition=_condition(event, condition_pk),
        review=payload.review,
        note=payload.note,
    )
    return _reloaded(user, pk)


@router.post(
    "/{pk}/post-event-report",
    response={201: EventRequestOut, **ERRORS},
    auth=WRITE,
    summary="Report on the event",
    url_name="event-request-post-event-report",
)
def request_report(request: HttpRequest, pk: Id, payload: ReportIn) -> Status[EventRequestOut]:
    """The organiser's report, once the approved event has started: did it go ahead,
    how many came, were the conditions met, what happened."""
    user, event = _visible(request, pk, _organiser_only)
    services.report_after_event(
        acting_user=user,
        request=event,
        went_ahead=payload.went_ahead,
        attendance=payload.attendance,
        conditions_met=payload.conditions_met or "",
        incidents=payload.incidents,
        notes=payload.notes,
    )
    return Status(201, _reloaded(user, pk))


def _security_only(user: User, event: EventRequest) -> None:
    if not access.may_record_incident(user, event):
        raise PermissionDenied


@router.post(
    "/{pk}/incidents",
    response={201: EventRequestOut, **ERRORS},
    auth=WRITE,
    summary="Log an incident at an event",
    url_name="event-request-incidents",
)
def request_incident(request: HttpRequest, pk: Id, payload: IncidentIn) -> Status[EventRequestOut]:
    """Security logs something that happened at a submitted event."""
    user, event = _visible(request, pk, _security_only)
    services.record_incident(
        acting_user=user,
        request=event,
        occurred_at=_aware(payload.occurred_at),
        severity=payload.severity,
        description=payload.description,
    )
    return Status(201, _reloaded(user, pk))
