"""What every event-request service shares: the version and editable fields,
the facts an organiser gives, the locked row, and who may act."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils import timezone

from podium.accounts.models import OrgUnit, User
from podium.audit.codes import TEXT_CHANGED
from podium.core.errors import DomainError
from podium.events import access, lifecycle, rules, summaries
from podium.events.lifecycle import Action
from podium.events.models import (
    Campus,
    Decision,
    EventRequest,
    EventSpeaker,
    EventsPolicy,
    EventType,
    ScreeningAnswer,
    ScreeningQuestion,
    SpeakerRole,
)
from podium.speakers import services as register

# A decision, note or appeal is taken on the request as it was when the page was
# opened: these fields change with every state change and edit.
VERSION_FIELDS = ["status", "updated_at"]

# The facts that, changed after approval, send the request back for re-approval.
MATERIAL_FIELDS = [
    "starts_at",
    "ends_at",
    "format",
    "venue_kind",
    "campus_id",
    "venue",
    "expected_audience",
    "attendance",
]
EDITABLE_FIELDS = [
    "title",
    "description",
    "event_type_id",
    "unit_id",
    "organiser_kind",
    "external_hirer",
    *MATERIAL_FIELDS,
    "affiliated",
    "funded",
    "branded",
    "ticketed",
    "recording",
]
# Free text the organiser types: audit entries name these fields, never their words.
TEXT_FIELDS = ["title", "description", "external_hirer", "venue"]
EDITABLE_STATUSES = lifecycle.statuses_allowing(Action.EDIT)
REJECTION_WORD_LIMIT = 300


# --- Facts of a request --------------------------------------------------------------


@dataclass
class SpeakerFacts:
    name: str
    affiliation: str = ""
    role: str = SpeakerRole.SPEAKER
    # The speaker register entry chosen for this row (podium.speakers); None: keep
    # the row's current entry, or add the speaker to the register.
    speaker_id: int | None = None


@dataclass
class RequestFacts:
    """What an organiser says about the event: the request form and the API both
    produce this. Fields left as None keep their current value."""

    title: str | None = None
    description: str | None = None
    event_type: EventType | None = None
    unit: OrgUnit | None = None
    organiser_kind: str | None = None
    external_hirer: str | None = None
    starts_at: datetime | None = None
    ends_at: datetime | None = None
    format: str | None = None
    venue_kind: str | None = None
    campus: Campus | None = None
    venue: str | None = None
    affiliated: bool | None = None
    funded: bool | None = None
    branded: bool | None = None
    expected_audience: int | None = None
    attendance: str | None = None
    ticketed: bool | None = None
    recording: str | None = None
    speakers: list[SpeakerFacts] | None = None
    # question id -> (answer, details)
    answers: dict[int, tuple[bool, str]] | None = None
    # Fields explicitly cleared (e.g. campus when the venue moves off campus).
    cleared: set[str] = field(default_factory=set)


def _speaker_list(event_request: EventRequest) -> list[dict[str, Any]]:
    return [
        {"name": s.name, "affiliation": s.affiliation, "role": s.role, "speaker": s.speaker_id}
        for s in event_request.speakers.all()
    ]


def _audit_speakers(speakers: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The speaker list as an audit entry carries it: roles and register ids, not
    the names and affiliations typed on the request."""
    return [{"role": s["role"], "speaker": s["speaker"]} for s in speakers]


def _audit_changes(changed: Mapping[str, Any]) -> dict[str, Any]:
    """`changes()` output as an audit entry carries it: a free-text field (or the
    speakers) named as changed, never its words."""
    return {
        key: dict(TEXT_CHANGED) if key in TEXT_FIELDS or key == "speakers" else value
        for key, value in changed.items()
    }


def _snapshot(event_request: EventRequest) -> dict[str, Any]:
    values = {name: getattr(event_request, name) for name in EDITABLE_FIELDS}
    return {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in values.items()}


def _apply(event_request: EventRequest, facts: RequestFacts) -> None:
    for name in (
        "title",
        "description",
        "organiser_kind",
        "external_hirer",
        "starts_at",
        "ends_at",
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
    ):
        value = getattr(facts, name)
        if value is not None:
            setattr(event_request, name, value.strip() if isinstance(value, str) else value)
    for name in ("event_type", "unit", "campus"):
        value = getattr(facts, name)
        if value is not None:
            setattr(event_request, name, value)
    for name in facts.cleared:
        if name in ("campus", "event_type", "starts_at", "ends_at", "expected_audience"):
            setattr(event_request, name, None)
    if event_request.venue_kind == "off_campus":
        event_request.campus = None
    if (
        event_request.starts_at
        and event_request.ends_at
        and event_request.ends_at <= event_request.starts_at
    ):
        raise DomainError("The event must end after it starts.", field="ends_at")


def _save_speakers(
    event_request: EventRequest, speakers: list[SpeakerFacts], acting_user: User
) -> None:
    """Replace the request's speakers, each linked to the speaker register: the
    entry chosen, else the one the same typed name was linked to before, else a new
    entry (pages and API alike; `podium.speakers.services`)."""
    cleaned = [s for s in speakers if s.name.strip()]
    before = {s.name.strip().casefold(): s.speaker_id for s in event_request.speakers.all()}
    event_request.speakers.all().delete()
    rows = []
    for n, s in enumerate(cleaned):
        if s.speaker_id:
            speaker = register.linkable(s.speaker_id)
        elif before.get(s.name.strip().casefold()):
            speaker = register.linkable(before[s.name.strip().casefold()])  # type: ignore[arg-type]
        else:
            speaker = register.register_for_request(
                acting_user=acting_user,
                request=event_request,
                name=s.name,
                affiliation=s.affiliation,
            )
        rows.append(
            EventSpeaker(
                request=event_request,
                name=s.name.strip(),
                affiliation=s.affiliation.strip(),
                role=s.role,
                position=n,
                speaker=speaker,
            )
        )
    EventSpeaker.objects.bulk_create(rows)


def _save_answers(event_request: EventRequest, answers: dict[int, tuple[bool, str]]) -> None:
    questions = ScreeningQuestion.objects.in_bulk(list(answers))
    for question_id, (answer, details) in answers.items():
        question = questions.get(question_id)
        if question is None:
            raise DomainError("A screening question no longer exists; reload the page.")
        ScreeningAnswer.objects.update_or_create(
            request=event_request,
            question=question,
            defaults={"question_text": question.text, "answer": answer, "details": details},
        )


def _touch(event_request: EventRequest, **fields: Any) -> None:
    for name, value in fields.items():
        setattr(event_request, name, value)
    event_request.updated_at = timezone.now()
    event_request.save()
    # The months the request counts in now (its summary rows: podium/events/summaries.py).
    summaries.request_changed(event_request)


def _lock(event_request: EventRequest) -> EventRequest:
    return EventRequest.objects.select_for_update().get(pk=event_request.pk)


def _fresh(event_request: EventRequest) -> EventRequest:
    """The locked row, with the relations pages and e-mails use."""
    locked = _lock(event_request)
    # The months the request counted in before this change.
    summaries.request_changed(locked)
    return EventRequest.objects.select_related(
        "unit", "organiser", "waiting_unit", "event_type", "campus", "suggested_level"
    ).get(pk=locked.pk)


def _require_organiser(user: User, event_request: EventRequest) -> None:
    access.require_organiser(user, event_request)


def _require_reviewer(user: User, event_request: EventRequest) -> None:
    access.require_reviewer_at_step(user, event_request)


def appeal_deadline(decision: Decision) -> date:
    policy = EventsPolicy.current()
    return rules.Calendar.current().add_working_days(
        timezone.localtime(decision.decided_at).date(), policy.appeal_window_days
    )
