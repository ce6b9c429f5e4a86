"""What `/api/v1/event-requests` accepts, and how it becomes the services' facts.
Lengths and choices are the models' and forms'; the rules are the services'."""

from __future__ import annotations

from collections.abc import Collection
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from django.utils import timezone
from ninja import Field, Schema
from pydantic import AfterValidator
from pydantic_core import PydanticCustomError

from podium.accounts.models import OrgUnit, User
from podium.api.kit import (
    YEAR_1900_TO_2999,
    Conflict,
    Cursor,
    FieldError,
    Id,
    In,
    InvalidInput,
    Version,
    required_text,
)
from podium.events import access, services
from podium.events.api.output import Severity
from podium.events.models import (
    Attendance,
    Campus,
    ConditionMet,
    EventType,
    Format,
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
from podium.events.models.requests import DESCRIPTION_LIMIT
from podium.events.services import ConditionFacts, DecisionFacts, RequestFacts
from podium.speakers import access as register_access
from podium.speakers.candidates import (
    CONFIRM_HELP,
    SpeakerCandidateOut,
    candidates,
    did_you_mean_message,
)
from podium.speakers.selectors import did_you_mean

TEXT = 5000  # the pages' limit on free text (forms.py)

# --- Schemas in --------------------------------------------------------------------


def aware(value: datetime) -> datetime:
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def _plausible_time(value: datetime) -> datetime:
    """Aware, and a time the database can hold in UTC (not year 1 or 9999). The year
    is checked as sent, which is what the schema's pattern (`YEAR_1900_TO_2999`) says."""
    if not 1900 <= value.year <= 2999:
        raise PydanticCustomError("date_range", OUT_OF_RANGE)
    try:
        return aware(value).astimezone(UTC)
    except (OverflowError, ValueError):
        raise PydanticCustomError("date_range", OUT_OF_RANGE) from None


OUT_OF_RANGE = "Enter a date and time between the years 1900 and 2999."


EventTime = Annotated[
    datetime,
    AfterValidator(_plausible_time),
    Field(description=OUT_OF_RANGE, json_schema_extra={"pattern": YEAR_1900_TO_2999}),
]


# The default of a field that may be left out but not sent as null ("keep as is").
NOT_SENT: Any = None

Text = Annotated[str, required_text(TEXT)]


class RequestSpeakerIn(In):
    name: str = Field(min_length=1, max_length=200)
    affiliation: str = Field(default="", max_length=200)
    role: SpeakerRole = SpeakerRole.SPEAKER
    speaker_id: int | None = Field(
        default=None,
        description=(
            "The speaker register entry (`/api/v1/speakers`) this row is. Omitted: the "
            "entry the same name had on this request; else, when the register has likely "
            "matches, 409 with them (`speakers[].matches`) unless "
            "`confirm_different_person`; else a new entry."
        ),
    )
    confirm_different_person: bool = Field(default=False, description=CONFIRM_HELP)


class RequestSpeakerMatches(Schema):
    index: int = Field(description="The row of `speakers` sent, from 0.")
    name: str
    matches: list[SpeakerCandidateOut]


class RequestSpeakerLikelyMatches(Schema):
    """409: a speaker sent without `speaker_id` has likely matches in the register:
    send one's id as `speaker_id`, or `confirm_different_person: true`."""

    errors: list[FieldError]
    speakers: list[RequestSpeakerMatches]


def require_speaker_choices(
    payload: RequestFields,
    user: User,
    linked_before: Collection[str] = (),
) -> None:
    """The page's "did you mean" rule (`forms.offer_register_matches`): each speaker
    row not linked to the register (no `speaker_id`, and not the name it had on this
    request before, `linked_before`, casefolded) whose name has likely matches among
    the speakers `user` may find, must choose one or confirm a different person.
    Conflict (409) lists every such row with its matches and their facts."""
    if "speakers" not in payload.model_fields_set:
        return
    visible = register_access.findable_filter(user)
    errors: list[tuple[str | None, str]] = []
    rows: list[dict[str, Any]] = []
    for index, row in enumerate(payload.speakers):
        name = " ".join(row.name.split())
        if (
            not name
            or row.speaker_id
            or row.confirm_different_person
            or name.casefold() in linked_before
        ):
            continue
        matches = did_you_mean(names=[name], visible=visible)
        if matches:
            use = "send one's id as speaker_id"
            errors.append((f"speakers.{index}.name", did_you_mean_message(name, use=use)))
            rows.append({"index": index, "name": name, "matches": candidates(matches)})
    if errors:
        raise Conflict(errors, speakers=rows)


class AnswerIn(In):
    question: Id
    answer: bool
    details: str = Field(default="", max_length=2000)


class RequestFields(In):
    """The facts of an event. On a change only the fields sent change; `null` clears
    the event type, campus, dates and audience size."""

    description: str = Field(default=NOT_SENT, max_length=DESCRIPTION_LIMIT)
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
    speakers: list[RequestSpeakerIn] = Field(
        default=NOT_SENT, max_length=30, description="Replaces the list of speakers."
    )
    answers: list[AnswerIn] = Field(
        default=NOT_SENT, max_length=100, description="Screening answers, one per question."
    )


class RequestIn(RequestFields):
    title: str = required_text(200)
    unit: Id = Field(description="The organising unit: one where you may request events.")


class RequestChange(RequestFields):
    title: str = required_text(200, default=NOT_SENT)
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


def request_facts(payload: RequestFields, user: User) -> RequestFacts:
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
            setattr(facts, name, aware(value))
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
            services.SpeakerFacts(
                name=s.name, affiliation=s.affiliation, role=s.role, speaker_id=s.speaker_id
            )
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
    rationale: str = required_text(10000, description="The organiser receives these words.")
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
    reasons_reread: bool = Field(
        default=False,
        description="True once the decider has re-read reasons that mention offence or "
        "reputation and confirms they do not rest on them (a 400 names the words).",
    )


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


def decision_facts(payload: DecisionFields, outcome: str) -> DecisionFacts:
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
        reasons_reread=payload.reasons_reread,
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
