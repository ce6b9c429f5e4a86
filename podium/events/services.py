"""Writes for event requests: every state change of the lifecycle in README.md.

Each service is keyword-only, locks the request, checks its state and the actor's
right to act inside one transaction, raises `DomainError` with a message the person
can read, writes exactly one audit entry, and sends e-mail only after the
transaction commits. The API calls these same functions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from uuid import uuid4

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from podium.accounts.models import OrgUnit, User
from podium.accounts.roles import Role
from podium.audit.services import changes, record
from podium.core.errors import DomainError
from podium.core.versioning import check_version
from podium.events import access, rules
from podium.events.models import (
    APPROVED_STATUSES,
    Appeal,
    AppealStatus,
    Campus,
    Condition,
    ConditionMet,
    Decision,
    Deputy,
    EventRequest,
    EventSpeaker,
    EventsPolicy,
    EventType,
    Incident,
    InformationRequest,
    Mitigation,
    Outcome,
    PostEventReport,
    ReminderSent,
    ReviewNote,
    ScreeningAnswer,
    ScreeningQuestion,
    SpeakerRole,
    Status,
)
from podium.notify.services import notify

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
EDITABLE_STATUSES = (Status.DRAFT, Status.INFORMATION_REQUESTED, *APPROVED_STATUSES)
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


def _speaker_list(request: EventRequest) -> list[dict[str, Any]]:
    return [
        {"name": s.name, "affiliation": s.affiliation, "role": s.role, "speaker": s.speaker_id}
        for s in request.speakers.all()
    ]


def _snapshot(request: EventRequest) -> dict[str, Any]:
    values = {name: getattr(request, name) for name in EDITABLE_FIELDS}
    return {k: (v.isoformat() if isinstance(v, datetime) else v) for k, v in values.items()}


def _apply(request: EventRequest, facts: RequestFacts) -> None:
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
            setattr(request, name, value.strip() if isinstance(value, str) else value)
    for name in ("event_type", "unit", "campus"):
        value = getattr(facts, name)
        if value is not None:
            setattr(request, name, value)
    for name in facts.cleared:
        if name in ("campus", "event_type", "starts_at", "ends_at", "expected_audience"):
            setattr(request, name, None)
    if request.venue_kind == "off_campus":
        request.campus = None
    if request.starts_at and request.ends_at and request.ends_at <= request.starts_at:
        raise DomainError("The event must end after it starts.", field="ends_at")


def _save_speakers(request: EventRequest, speakers: list[SpeakerFacts], acting_user: User) -> None:
    """Replace the request's speakers, each linked to the speaker register: the
    entry chosen, else the one the same typed name was linked to before, else a new
    entry (pages and API alike; `podium.speakers.services`)."""
    from podium.speakers import services as register

    cleaned = [s for s in speakers if s.name.strip()]
    before = {s.name.strip().casefold(): s.speaker_id for s in request.speakers.all()}
    request.speakers.all().delete()
    rows = []
    for n, s in enumerate(cleaned):
        if s.speaker_id:
            speaker = register.linkable(s.speaker_id)
        elif before.get(s.name.strip().casefold()):
            speaker = register.linkable(before[s.name.strip().casefold()])  # type: ignore[arg-type]
        else:
            speaker = register.register_for_request(
                acting_user=acting_user, request=request, name=s.name, affiliation=s.affiliation
            )
        rows.append(
            EventSpeaker(
                request=request,
                name=s.name.strip(),
                affiliation=s.affiliation.strip(),
                role=s.role,
                position=n,
                speaker=speaker,
            )
        )
    EventSpeaker.objects.bulk_create(rows)


def _save_answers(request: EventRequest, answers: dict[int, tuple[bool, str]]) -> None:
    questions = ScreeningQuestion.objects.in_bulk(list(answers))
    for question_id, (answer, details) in answers.items():
        question = questions.get(question_id)
        if question is None:
            raise DomainError("A screening question no longer exists; reload the page.")
        ScreeningAnswer.objects.update_or_create(
            request=request,
            question=question,
            defaults={"question_text": question.text, "answer": answer, "details": details},
        )


def _touch(request: EventRequest, **fields: Any) -> None:
    for name, value in fields.items():
        setattr(request, name, value)
    request.updated_at = timezone.now()
    request.save()


def _lock(request: EventRequest) -> EventRequest:
    return EventRequest.objects.select_for_update().get(pk=request.pk)


def _fresh(request: EventRequest) -> EventRequest:
    """The locked row, with the relations pages and e-mails use."""
    locked = _lock(request)
    return EventRequest.objects.select_related(
        "unit", "organiser", "waiting_unit", "event_type", "campus", "suggested_level"
    ).get(pk=locked.pk)


# --- Drafts ------------------------------------------------------------------------


def create_request(*, acting_user: User, unit: OrgUnit, facts: RequestFacts) -> EventRequest:
    """Start a draft request owned by `acting_user` for `unit`."""
    if not access.may_request_in(acting_user, unit):
        raise DomainError("You cannot request events for this unit.", field="unit")
    title = (facts.title or "").strip()
    if not title:
        raise DomainError("Enter the event's title.", field="title")
    with transaction.atomic():
        request = EventRequest(unit=unit, organiser=acting_user, reference=uuid4().hex[:20])
        _apply(request, facts)
        request.unit = unit
        request.save()
        request.reference = f"EV-{request.created_at:%Y}-{request.pk:06d}"
        request.save(update_fields=["reference"])
        if facts.speakers is not None:
            _save_speakers(request, facts.speakers, acting_user)
        if facts.answers is not None:
            _save_answers(request, facts.answers)
        record(
            action="events.request.created",
            actor=acting_user,
            target=request,
            unit=unit,
            data={"facts": _snapshot(request), "speakers": _speaker_list(request)},
        )
    return request


def update_request(
    *,
    acting_user: User,
    request: EventRequest,
    facts: RequestFacts,
    expected_version: str | None = None,
) -> EventRequest:
    """Change a draft, a request awaiting information, or an approved event. If a
    material fact of an approved event changes, the approval is suspended and the
    request goes back for re-approval with the changes highlighted."""
    with transaction.atomic():
        request = _fresh(request)
        _require_organiser(acting_user, request)
        check_version(request, VERSION_FIELDS, expected_version)
        if request.status not in EDITABLE_STATUSES:
            raise DomainError(
                f"A request that is {request.get_status_display().lower()} cannot be changed."
            )
        if facts.unit is not None and not access.may_request_in(acting_user, facts.unit):
            raise DomainError("You cannot request events for this unit.", field="unit")
        before, speakers_before = _snapshot(request), _speaker_list(request)
        _apply(request, facts)
        if not request.title.strip():
            raise DomainError("Enter the event's title.", field="title")
        request.updated_at = timezone.now()
        request.save()
        if facts.speakers is not None:
            _save_speakers(request, facts.speakers, acting_user)
        if facts.answers is not None:
            _save_answers(request, facts.answers)
        after, speakers_after = _snapshot(request), _speaker_list(request)
        changed = changes(before, after)
        if speakers_before != speakers_after:
            changed["speakers"] = {"old": speakers_before, "new": speakers_after}
        if not changed and facts.answers is None:
            return request
        material = {k: v for k, v in changed.items() if k in [*MATERIAL_FIELDS, "speakers"]}
        if request.status in APPROVED_STATUSES and material:
            _suspend_for_reapproval(acting_user, request, material)
            return request
        record(
            action="events.request.changed",
            actor=acting_user,
            target=request,
            unit=request.unit,
            data={"changes": changed},
        )
    return request


def _require_organiser(user: User, request: EventRequest) -> None:
    if request.organiser_id != user.pk:
        raise DomainError("Only the request's organiser can do this.")


# --- Submission and routing --------------------------------------------------------


def missing_for_submission(request: EventRequest) -> list[tuple[str, str]]:
    """What still has to be filled in: (field, message) pairs, in form order."""
    missing: list[tuple[str, str]] = []
    if not request.title.strip():
        missing.append(("title", "Enter the event's title."))
    if not request.description.strip():
        missing.append(("description", "Describe the event."))
    if request.event_type_id is None:
        missing.append(("event_type", "Choose the type of event."))
    if request.starts_at is None:
        missing.append(("starts_at", "Enter when the event starts."))
    if request.ends_at is None:
        missing.append(("ends_at", "Enter when the event ends."))
    if request.format != "online" and not request.venue.strip():
        missing.append(("venue", "Enter the venue."))
    if request.format != "online" and request.venue_kind == "on_campus" and not request.campus_id:
        missing.append(("campus", "Choose the campus."))
    if request.expected_audience is None:
        missing.append(("expected_audience", "Enter the expected audience size."))
    if request.organiser_kind == "external" and not request.external_hirer.strip():
        missing.append(("external_hirer", "Enter the external hirer's name."))
    if not request.speakers.exists():
        missing.append(("speakers", "Add at least one speaker."))
    answered = set(request.answers.values_list("question_id", flat=True))
    unanswered = ScreeningQuestion.objects.filter(is_active=True).exclude(pk__in=answered)
    if unanswered.exists():
        missing.append(("answers", "Answer every screening question."))
    return missing


def _place_at_step(request: EventRequest, step: Any, *, role: str = "", unit: Any = None) -> None:
    """Put the request in the queue of a step (or of `role` over `unit`)."""
    calendar = rules.Calendar.current()
    today = timezone.localdate()
    if step is not None:
        request.current_step = step
        request.waiting_role = step.role
        request.waiting_unit = rules.waiting_unit(step, request.unit)
        request.due_on = calendar.add_working_days(today, step.deadline_days)
    else:
        request.current_step = None
        request.waiting_role = role
        request.waiting_unit = unit
        request.due_on = calendar.add_working_days(today, 5)
    request.waiting_since = timezone.now()


def _clear_waiting(request: EventRequest) -> None:
    request.current_step = None
    request.waiting_role = ""
    request.waiting_unit = None
    request.waiting_since = None
    request.due_on = None


def _first_staffed_step(first: Any, unit: OrgUnit) -> tuple[Any, list[Any]]:
    """The first step from `first` that somebody can act at, and the steps skipped
    because nobody holds their role there (the last step is kept regardless, so
    the request is never left without a step)."""
    step, skipped = first, []
    while not access.holders_of(step.role, rules.waiting_unit(step, unit)).exists():
        following = rules.next_step(step)
        if following is None:
            break
        skipped.append(step)
        step = following
    return step, skipped


def _assess_and_route(request: EventRequest) -> None:
    answers = list(request.answers.select_related("question"))
    assessment = rules.assess((a.question, a.answer) for a in answers)
    request.suggested_level = assessment.level
    request.risk_explanation = assessment.as_record()
    route = rules.route_for(unit=request.unit, level=assessment.level)
    request.routing_rule = route.rule
    if route.first_step is not None:
        step, skipped = _first_staffed_step(route.first_step, request.unit)
        request.routing_reasons = route.reasons + "".join(
            f" Nobody holds the role of {s} over {request.unit}, so that step is skipped."
            for s in skipped
        )
        _place_at_step(request, step)
    else:
        institution = OrgUnit.objects.get(parent__isnull=True)
        request.routing_reasons = (
            route.reasons + " Until then it goes to the administrators of the institution."
        )
        _place_at_step(request, None, role=Role.ADMINISTRATOR, unit=institution)


def submit_request(
    *,
    acting_user: User,
    request: EventRequest,
    late_reason: str = "",
    expected_version: str | None = None,
) -> EventRequest:
    """Send a complete draft for review: the notice is measured, the screening answers
    give an advisory level, and the routing rules pick the first reviewer."""
    with transaction.atomic():
        request = _fresh(request)
        _require_organiser(acting_user, request)
        check_version(request, VERSION_FIELDS, expected_version)
        if request.status != Status.DRAFT:
            raise DomainError("This request has already been submitted.")
        missing = missing_for_submission(request)
        if missing:
            raise DomainError(missing[0][1], field=missing[0][0])
        assert request.starts_at is not None
        if request.starts_at <= timezone.now():
            raise DomainError("The event's start has passed; change the date.", field="starts_at")
        notice = rules.notice_for(
            event_type=request.event_type, unit=request.unit, starts_at=request.starts_at
        )
        late_reason = late_reason.strip()
        if notice.is_late and not late_reason:
            raise DomainError(
                f"This request is {notice.shortfall} working day"
                f"{'s' if notice.shortfall != 1 else ''} short of the {notice.required} "
                "required: say why it is late.",
                field="late_reason",
            )
        request.notice_required_days = notice.required
        request.notice_given_days = notice.given
        request.late_reason = late_reason if notice.is_late else ""
        request.submitted_at = timezone.now()
        request.status = Status.IN_REVIEW
        _assess_and_route(request)
        _touch(request)
        record(
            action="events.request.submitted",
            actor=acting_user,
            target=request,
            unit=request.unit,
            data={
                "status": {"old": Status.DRAFT, "new": Status.IN_REVIEW},
                "notice": {"required": notice.required, "given": notice.given},
                "suggested_level": request.risk_explanation.get("level"),
                "routing": request.routing_reasons,
                "waiting_for": request.waiting_role,
            },
        )
        _notify_reviewers(request, "submitted")
        _notify(
            [request.organiser],
            request,
            subject=f"{request.reference} submitted for review",
            template="submitted_organiser",
        )
    return request


def withdraw_request(
    *,
    acting_user: User,
    request: EventRequest,
    reason: str = "",
    expected_version: str | None = None,
) -> EventRequest:
    """The organiser withdraws a request not yet decided."""
    with transaction.atomic():
        request = _fresh(request)
        _require_organiser(acting_user, request)
        check_version(request, VERSION_FIELDS, expected_version)
        if request.status not in (Status.DRAFT, Status.IN_REVIEW, Status.INFORMATION_REQUESTED):
            raise DomainError(
                "Only a request not yet decided can be withdrawn; cancel an approved event instead."
            )
        old = request.status
        was_in_review = request.waiting_role != ""
        waiting = (request.waiting_role, request.waiting_unit)
        _clear_waiting(request)
        _touch(request, status=Status.WITHDRAWN)
        record(
            action="events.request.withdrawn",
            actor=acting_user,
            target=request,
            unit=request.unit,
            data={"status": {"old": old, "new": Status.WITHDRAWN}, "reason": reason.strip()},
        )
        if was_in_review and waiting[1] is not None:
            _notify(
                access.holders_of(waiting[0], waiting[1]),
                request,
                subject=f"{request.reference} withdrawn by the organiser",
                template="withdrawn",
                extra={"reason": reason.strip()},
            )
    return request


# --- Review ------------------------------------------------------------------------


def _require_reviewer(user: User, request: EventRequest) -> None:
    if not access.can_act_on(user, request):
        raise DomainError("This request is not waiting for you.")


def request_information(
    *, acting_user: User, request: EventRequest, question: str, expected_version: str | None = None
) -> InformationRequest:
    """Ask the organiser a question; the review clock stops until they answer."""
    question = question.strip()
    if not question:
        raise DomainError("Enter your question for the organiser.", field="question")
    with transaction.atomic():
        request = _fresh(request)
        _require_reviewer(acting_user, request)
        check_version(request, VERSION_FIELDS, expected_version)
        if request.status != Status.IN_REVIEW:
            raise DomainError("You can ask for information only while a request is in review.")
        asked = InformationRequest.objects.create(
            request=request, question=question, asked_by=acting_user
        )
        _touch(request, status=Status.INFORMATION_REQUESTED)
        record(
            action="events.request.information_requested",
            actor=acting_user,
            target=request,
            unit=request.unit,
            data={
                "status": {"old": Status.IN_REVIEW, "new": Status.INFORMATION_REQUESTED},
                "question": question,
            },
        )
        _notify(
            [request.organiser],
            request,
            subject=f"{request.reference}: the reviewer has a question",
            template="information_requested",
            extra={"question": question},
        )
    return asked


def answer_information(
    *, acting_user: User, request: EventRequest, answer: str, expected_version: str | None = None
) -> InformationRequest:
    """The organiser answers; the review clock restarts, its deadline moved on by the
    working days it was stopped."""
    answer = answer.strip()
    if not answer:
        raise DomainError("Enter your answer.", field="answer")
    with transaction.atomic():
        request = _fresh(request)
        _require_organiser(acting_user, request)
        check_version(request, VERSION_FIELDS, expected_version)
        open_question = request.information_requests.filter(answered_at__isnull=True).first()
        if request.status != Status.INFORMATION_REQUESTED or open_question is None:
            raise DomainError("There is no question waiting for your answer.")
        now = timezone.now()
        open_question.answer, open_question.answered_by, open_question.answered_at = (
            answer,
            acting_user,
            now,
        )
        open_question.save()
        calendar = rules.Calendar.current()
        paused = calendar.working_days_between(
            timezone.localtime(open_question.asked_at).date(), timezone.localdate()
        )
        if request.due_on is not None:
            request.due_on = calendar.add_working_days(request.due_on, paused)
        _touch(request, status=Status.IN_REVIEW)
        record(
            action="events.request.information_given",
            actor=acting_user,
            target=request,
            unit=request.unit,
            data={
                "status": {"old": Status.INFORMATION_REQUESTED, "new": Status.IN_REVIEW},
                "answer": answer,
                "clock_stopped_working_days": paused,
            },
        )
        _notify(
            [open_question.asked_by],
            request,
            subject=f"{request.reference}: the organiser has answered",
            template="information_given",
            extra={"question": open_question.question, "answer": answer},
        )
    return open_question


def add_note(*, acting_user: User, request: EventRequest, text: str) -> ReviewNote:
    """Append a reviewer's note. Notes are never edited or deleted."""
    text = text.strip()
    if not text:
        raise DomainError("Enter the note.", field="text")
    with transaction.atomic():
        request = _fresh(request)
        if not access.is_reviewer_of(acting_user, request):
            raise DomainError("Only reviewers can add notes.")
        note = ReviewNote.objects.create(request=request, author=acting_user, text=text)
        record(
            action="events.request.note_added",
            actor=acting_user,
            target=request,
            unit=request.unit,
            data={"note": text},
        )
    return note


def fast_track(
    *, acting_user: User, request: EventRequest, expected_version: str | None = None
) -> EventRequest:
    """Accept a late request for review and bring its deadline before the event."""
    with transaction.atomic():
        request = _fresh(request)
        _require_reviewer(acting_user, request)
        check_version(request, VERSION_FIELDS, expected_version)
        if not request.late_reason or request.fast_tracked:
            raise DomainError("Only a late request not yet fast-tracked can be fast-tracked.")
        calendar = rules.Calendar.current()
        assert request.starts_at is not None
        event_day = timezone.localtime(request.starts_at).date()
        day_before = event_day
        while day_before > timezone.localdate():
            day_before = date.fromordinal(day_before.toordinal() - 1)
            if calendar.is_working_day(day_before):
                break
        old_due = request.due_on
        if request.due_on is None or day_before < request.due_on:
            request.due_on = max(day_before, timezone.localdate())
        _touch(request, fast_tracked=True)
        record(
            action="events.request.fast_tracked",
            actor=acting_user,
            target=request,
            unit=request.unit,
            data={"due_on": {"old": str(old_due), "new": str(request.due_on)}},
        )
    return request


def escalate(
    *,
    acting_user: User | None,
    request: EventRequest,
    reason: str,
    expected_version: str | None = None,
) -> EventRequest:
    """Send the request to the next review step; `acting_user` None is the scheduled
    job escalating a step whose deadline passed."""
    reason = reason.strip()
    if not reason:
        raise DomainError("Say why you are escalating.", field="reason")
    with transaction.atomic():
        request = _fresh(request)
        if acting_user is not None:
            _require_reviewer(acting_user, request)
        check_version(request, VERSION_FIELDS, expected_version)
        if request.status != Status.IN_REVIEW:
            raise DomainError("Only a request in review can be escalated.")
        following = rules.next_step(request.current_step) if request.current_step else None
        if following is None:
            raise DomainError("This is the last review step; it cannot be escalated further.")
        old = str(request.current_step)
        _place_at_step(request, following)
        _touch(request)
        record(
            action="events.request.escalated",
            actor=acting_user,
            target=request,
            unit=request.unit,
            data={"step": {"old": old, "new": str(following)}, "reason": reason},
        )
        _notify_reviewers(request, "escalated", extra={"reason": reason})
    return request


# --- Decisions ---------------------------------------------------------------------


@dataclass
class ConditionFacts:
    text: str
    owner: str
    prevent_related: bool = False
    mitigation: Mitigation | None = None


@dataclass
class DecisionFacts:
    outcome: str
    rationale: str
    conditions: list[ConditionFacts] = field(default_factory=list)
    speech_lawful: str = ""
    practicable_steps: str = ""
    proportionality: str = ""
    viewpoint_neutral: bool = False
    rejection_category: str = ""
    rejection_reason: str = ""
    organiser_bears_security_costs: bool = False
    security_costs_reason: str = ""


def _validate_decision(facts: DecisionFacts) -> None:
    if facts.outcome not in Outcome.values:
        raise DomainError("Choose the outcome.", field="outcome")
    if not facts.rationale.strip():
        raise DomainError("Give the reasons for the decision.", field="rationale")
    if facts.outcome == Outcome.APPROVED_WITH_CONDITIONS and not facts.conditions:
        raise DomainError("Add at least one condition.", field="conditions")
    if facts.outcome != Outcome.APPROVED_WITH_CONDITIONS and facts.conditions:
        raise DomainError("Only an approval with conditions has conditions.", field="conditions")
    for condition in facts.conditions:
        if not condition.text.strip():
            raise DomainError("Describe each condition.", field="conditions")
        if not condition.owner.strip():
            raise DomainError("Name who is responsible for each condition.", field="conditions")
    if facts.outcome != Outcome.APPROVED:
        # The free-speech record: a restriction must be lawful, necessary and proportionate.
        if facts.speech_lawful not in ("yes", "no", "unsure"):
            raise DomainError("Say whether the expected speech is lawful.", field="speech_lawful")
        if not facts.practicable_steps.strip():
            raise DomainError(
                "Say what reasonably practicable steps would secure the speech.",
                field="practicable_steps",
            )
        if not facts.proportionality.strip():
            raise DomainError(
                "Explain why the restriction is proportionate.", field="proportionality"
            )
        if not facts.viewpoint_neutral:
            raise DomainError(
                "Confirm that the reasons are viewpoint-neutral: a decision cannot rest on the "
                "views to be expressed, on offence or on reputational risk.",
                field="viewpoint_neutral",
            )
    if facts.outcome == Outcome.REJECTED:
        if facts.rejection_category not in ("health_and_safety", "procedural", "prevent", "other"):
            raise DomainError("Choose the reason category.", field="rejection_category")
        words = len(facts.rejection_reason.split())
        if not words:
            raise DomainError("Give the reason for rejection.", field="rejection_reason")
        if words > REJECTION_WORD_LIMIT:
            raise DomainError(
                f"The reason for rejection is {words} words; keep it to {REJECTION_WORD_LIMIT}.",
                field="rejection_reason",
            )
    if facts.organiser_bears_security_costs and not facts.security_costs_reason.strip():
        raise DomainError(
            "Organisers bear security costs only in exceptional circumstances: give the reason.",
            field="security_costs_reason",
        )


def _create_decision(
    request: EventRequest, acting_user: User, facts: DecisionFacts, *, on_appeal: bool
) -> Decision:
    try:
        with transaction.atomic():
            decision = Decision.objects.create(
                request=request,
                outcome=facts.outcome,
                decided_by=acting_user,
                acting_as=request.waiting_role,
                rationale=facts.rationale.strip(),
                on_appeal=on_appeal,
                speech_lawful=facts.speech_lawful,
                practicable_steps=facts.practicable_steps.strip(),
                proportionality=facts.proportionality.strip(),
                viewpoint_neutral=facts.viewpoint_neutral,
                rejection_category=facts.rejection_category
                if facts.outcome == Outcome.REJECTED
                else "",
                rejection_reason=facts.rejection_reason.strip()
                if facts.outcome == Outcome.REJECTED
                else "",
                organiser_bears_security_costs=facts.organiser_bears_security_costs,
                security_costs_reason=facts.security_costs_reason.strip(),
            )
    except IntegrityError:  # another decision became live first
        raise DomainError("This request has already been decided.") from None
    Condition.objects.bulk_create(
        Condition(
            decision=decision,
            mitigation=c.mitigation,
            text=c.text.strip(),
            owner=c.owner.strip(),
            prevent_related=c.prevent_related,
        )
        for c in facts.conditions
    )
    return decision


def _decision_record(decision: Decision, facts: DecisionFacts) -> dict[str, Any]:
    return {
        "outcome": decision.outcome,
        "rationale": decision.rationale,
        "conditions": [
            {"text": c.text, "owner": c.owner, "prevent_related": c.prevent_related}
            for c in facts.conditions
        ],
        "speech_lawful": decision.speech_lawful,
        "viewpoint_neutral": decision.viewpoint_neutral,
        "rejection_category": decision.rejection_category,
        "organiser_bears_security_costs": decision.organiser_bears_security_costs,
    }


def decide(
    *,
    acting_user: User,
    request: EventRequest,
    facts: DecisionFacts,
    expected_version: str | None = None,
) -> Decision:
    """Decide a request waiting for `acting_user`. One live decision per request: a
    second attempt, or one made on a stale view of the request, is refused."""
    _validate_decision(facts)
    with transaction.atomic():
        request = _fresh(request)
        check_version(request, VERSION_FIELDS, expected_version)
        if request.status != Status.IN_REVIEW:
            raise DomainError(
                "This request has already been decided."
                if request.status in (*APPROVED_STATUSES, Status.REJECTED)
                else f"A request that is {request.get_status_display().lower()} cannot be decided."
            )
        _require_reviewer(acting_user, request)
        refusal = decision_refusal(acting_user)
        if refusal:
            raise DomainError(refusal)
        if facts.outcome in APPROVED_STATUSES:
            from podium.speakers.selectors import acknowledgement_refusal

            waiting = acknowledgement_refusal(request)
            if waiting:
                raise DomainError(waiting)
        old = request.status
        decision = _create_decision(request, acting_user, facts, on_appeal=False)
        _clear_waiting(request)
        _touch(request, status=facts.outcome, reapproval_changes={})
        record(
            action="events.request.decided",
            actor=acting_user,
            target=request,
            unit=request.unit,
            data={
                "status": {"old": old, "new": facts.outcome},
                **_decision_record(decision, facts),
            },
        )
        _notify_outcome(request, decision)
    return decision


def decision_refusal(user: User) -> str:
    """Why this person may not decide now (empty: they may). The training an
    administrator requires of decision-makers is checked here
    (`podium.training.selectors.training_lapsed_for`)."""
    from podium.training.selectors import training_lapsed_for

    lapsed = training_lapsed_for(user)
    if not lapsed:
        return ""
    names = ", ".join(course.name for course in lapsed)
    return (
        f"You cannot decide until your Prevent training is in date. Lapsed or never "
        f"completed: {names}. Ask your training administrator to record it."
    )


def _suspend_for_reapproval(
    acting_user: User, request: EventRequest, material: Mapping[str, Any]
) -> None:
    live = request.decisions.filter(is_live=True).first()
    if live is not None:
        live.is_live, live.retired_at = False, timezone.now()
        live.save(update_fields=["is_live", "retired_at"])
    old = request.status
    request.status = Status.IN_REVIEW
    request.reapproval_changes = dict(material)
    _assess_and_route(request)
    _touch(request)
    record(
        action="events.request.suspended_for_reapproval",
        actor=acting_user,
        target=request,
        unit=request.unit,
        data={"status": {"old": old, "new": Status.IN_REVIEW}, "changes": dict(material)},
    )
    _notify_reviewers(request, "reapproval")
    _notify(
        [request.organiser],
        request,
        subject=f"{request.reference}: approval suspended for re-approval",
        template="suspended",
    )


# --- Appeals -----------------------------------------------------------------------


def appeal_deadline(decision: Decision) -> date:
    policy = EventsPolicy.current()
    return rules.Calendar.current().add_working_days(
        timezone.localtime(decision.decided_at).date(), policy.appeal_window_days
    )


def lodge_appeal(
    *, acting_user: User, request: EventRequest, grounds: str, expected_version: str | None = None
) -> Appeal:
    """The organiser appeals a rejection or a condition, within the appeal window."""
    grounds = grounds.strip()
    if not grounds:
        raise DomainError("Give the grounds for your appeal.", field="grounds")
    with transaction.atomic():
        request = _fresh(request)
        _require_organiser(acting_user, request)
        check_version(request, VERSION_FIELDS, expected_version)
        live = request.decisions.filter(is_live=True).first()
        if (
            live is None
            or request.status not in (Status.REJECTED, Status.APPROVED_WITH_CONDITIONS)
            or live.on_appeal
        ):
            raise DomainError("Only a rejection or conditions not yet appealed can be appealed.")
        if live.appeals.exists():
            raise DomainError("This decision has already been appealed.")
        deadline = appeal_deadline(live)
        if timezone.localdate() > deadline:
            raise DomainError(f"The time to appeal ended on {deadline:%-d %B %Y}.", field="grounds")
        appeal = Appeal.objects.create(
            request=request, against=live, grounds=grounds, lodged_by=acting_user
        )
        old = request.status
        _place_at_step(request, None, role=Role.APPEAL_DECIDER, unit=request.unit)
        request.waiting_role = Role.APPEAL_DECIDER
        _touch(request, status=Status.APPEALED)
        record(
            action="events.request.appealed",
            actor=acting_user,
            target=request,
            unit=request.unit,
            data={"status": {"old": old, "new": Status.APPEALED}, "grounds": grounds},
        )
        _notify(
            access.holders_of(Role.APPEAL_DECIDER, request.unit).exclude(pk=live.decided_by_id),
            request,
            subject=f"Appeal to decide: {request.reference} {request.title}",
            template="appeal_lodged",
            extra={"grounds": grounds},
        )
    return appeal


def decide_appeal(
    *,
    acting_user: User,
    request: EventRequest,
    upheld: bool,
    facts: DecisionFacts,
    expected_version: str | None = None,
) -> Decision:
    """Decide an appeal. Upheld: `facts` is the new decision. Dismissed: the original
    decision stands (its conditions carried over) with the appeal's reasons. Either
    way the appeal outcome becomes the one live decision."""
    with transaction.atomic():
        request = _fresh(request)
        check_version(request, VERSION_FIELDS, expected_version)
        appeal = (
            request.appeals.filter(status=AppealStatus.LODGED).select_related("against").first()
        )
        if request.status != Status.APPEALED or appeal is None:
            raise DomainError("There is no appeal to decide on this request.")
        if not access.may_decide_appeal(acting_user, request):
            raise DomainError("You cannot decide appeals on this request.")
        refusal = decision_refusal(acting_user)
        if refusal:
            raise DomainError(refusal)
        original = appeal.against
        if original.decided_by_id == acting_user.pk:
            raise DomainError(
                "You took the decision under appeal; someone else must decide the appeal."
            )
        if not upheld:
            facts = DecisionFacts(
                outcome=original.outcome,
                rationale=facts.rationale,
                conditions=[
                    ConditionFacts(
                        text=c.text,
                        owner=c.owner,
                        prevent_related=c.prevent_related,
                        mitigation=c.mitigation,
                    )
                    for c in original.conditions.all()
                ],
                speech_lawful=original.speech_lawful,
                practicable_steps=original.practicable_steps,
                proportionality=original.proportionality,
                viewpoint_neutral=original.viewpoint_neutral,
                rejection_category=original.rejection_category,
                rejection_reason=original.rejection_reason,
                organiser_bears_security_costs=original.organiser_bears_security_costs,
                security_costs_reason=original.security_costs_reason,
            )
        _validate_decision(facts)
        if upheld and facts.outcome == Outcome.REJECTED:
            raise DomainError(
                "Upholding an appeal approves the event, with or without conditions.",
                field="outcome",
            )
        original.is_live, original.retired_at = False, timezone.now()
        original.save(update_fields=["is_live", "retired_at"])
        decision = _create_decision(request, acting_user, facts, on_appeal=True)
        appeal.status = AppealStatus.UPHELD if upheld else AppealStatus.DISMISSED
        appeal.outcome_decision = decision
        appeal.save(update_fields=["status", "outcome_decision"])
        _clear_waiting(request)
        _touch(request, status=facts.outcome)
        record(
            action="events.request.appeal_decided",
            actor=acting_user,
            target=request,
            unit=request.unit,
            data={
                "status": {"old": Status.APPEALED, "new": facts.outcome},
                "appeal": appeal.status,
                **_decision_record(decision, facts),
            },
        )
        _notify_outcome(request, decision, appeal=appeal)
    return decision


# --- After the decision ------------------------------------------------------------


def cancel_event(
    *, acting_user: User, request: EventRequest, reason: str, expected_version: str | None = None
) -> EventRequest:
    """Cancel an approved event, with reasons: by its organiser or a reviewer."""
    reason = reason.strip()
    if not reason:
        raise DomainError("Give the reason for cancelling.", field="reason")
    with transaction.atomic():
        request = _fresh(request)
        if request.organiser_id != acting_user.pk and not access.is_reviewer_of(
            acting_user, request
        ):
            raise DomainError("Only the organiser or a reviewer can cancel this event.")
        check_version(request, VERSION_FIELDS, expected_version)
        if request.status not in APPROVED_STATUSES:
            raise DomainError("Only an approved event can be cancelled.")
        old = request.status
        _touch(request, status=Status.CANCELLED, cancelled_reason=reason)
        record(
            action="events.request.cancelled",
            actor=acting_user,
            target=request,
            unit=request.unit,
            data={"status": {"old": old, "new": Status.CANCELLED}, "reason": reason},
        )
        recipients = [*access.security_for(request.unit), request.organiser]
        _notify(
            recipients,
            request,
            subject=f"Cancelled: {request.reference} {request.title}",
            template="cancelled",
            extra={"reason": reason, "cancelled_by": acting_user},
        )
    return request


def _condition_request(condition: Condition) -> EventRequest:
    return _fresh(condition.decision.request)


def confirm_condition(*, acting_user: User, condition: Condition, note: str = "") -> Condition:
    """Record that a condition is in place before the event."""
    with transaction.atomic():
        request = _condition_request(condition)
        condition = Condition.objects.select_for_update().get(pk=condition.pk)
        if not (
            request.organiser_id == acting_user.pk
            or access.is_reviewer_of(acting_user, request)
            or access.may_record_incident(acting_user, request)
        ):
            raise DomainError("You cannot confirm conditions on this event.")
        if not condition.decision.is_live or request.status not in APPROVED_STATUSES:
            raise DomainError("Only conditions of the current approval can be confirmed.")
        if condition.confirmed_at is not None:
            raise DomainError("This condition has already been confirmed.")
        condition.confirmed_at, condition.confirmed_by = timezone.now(), acting_user
        condition.confirmation_note = note.strip()[:500]
        condition.save()
        _touch(request)
        record(
            action="events.condition.confirmed",
            actor=acting_user,
            target=request,
            unit=request.unit,
            data={"condition": condition.text, "note": condition.confirmation_note},
        )
    return condition


def review_condition(
    *, acting_user: User, condition: Condition, review: str, note: str = ""
) -> Condition:
    """After the event, a reviewer records whether a condition was met."""
    if review not in ConditionMet.values:
        raise DomainError("Say whether the condition was met.", field="review")
    with transaction.atomic():
        request = _condition_request(condition)
        condition = Condition.objects.select_for_update().get(pk=condition.pk)
        if not access.is_reviewer_of(acting_user, request):
            raise DomainError("Only reviewers review conditions.")
        if request.starts_at is None or request.starts_at > timezone.now():
            raise DomainError("Conditions are reviewed after the event.")
        old = condition.review
        condition.review, condition.review_note = review, note.strip()[:500]
        condition.save()
        record(
            action="events.condition.reviewed",
            actor=acting_user,
            target=request,
            unit=request.unit,
            data={"condition": condition.text, "review": {"old": old, "new": review}},
        )
    return condition


def report_after_event(
    *,
    acting_user: User,
    request: EventRequest,
    went_ahead: bool,
    attendance: int | None,
    conditions_met: str,
    incidents: str,
    notes: str = "",
) -> PostEventReport:
    """The organiser's post-event report: did it go ahead, how many came, were the
    conditions met, what happened."""
    with transaction.atomic():
        request = _fresh(request)
        _require_organiser(acting_user, request)
        if request.status not in APPROVED_STATUSES:
            raise DomainError("A post-event report is for an approved event.")
        if request.starts_at is None or request.starts_at > timezone.now():
            raise DomainError("The report can be made once the event has started.")
        if hasattr(request, "post_event_report"):
            raise DomainError("The post-event report has already been made.")
        if went_ahead and attendance is None:
            raise DomainError("Enter how many people attended.", field="attendance")
        has_conditions = Condition.objects.filter(decision__request=request, decision__is_live=True)
        if has_conditions.exists() and conditions_met not in ConditionMet.values:
            raise DomainError("Say whether the conditions were met.", field="conditions_met")
        report = PostEventReport.objects.create(
            request=request,
            went_ahead=went_ahead,
            attendance=attendance if went_ahead else None,
            conditions_met=conditions_met if has_conditions.exists() else "",
            incidents=incidents.strip(),
            notes=notes.strip(),
            reported_by=acting_user,
        )
        _touch(request)
        record(
            action="events.request.post_event_reported",
            actor=acting_user,
            target=request,
            unit=request.unit,
            data={
                "went_ahead": went_ahead,
                "attendance": report.attendance,
                "conditions_met": report.conditions_met,
                "incidents_reported": bool(report.incidents),
            },
        )
    return report


def record_incident(
    *,
    acting_user: User,
    request: EventRequest,
    occurred_at: datetime,
    severity: str,
    description: str,
) -> Incident:
    """Security logs an incident at an event."""
    description = description.strip()
    if not description:
        raise DomainError("Describe what happened.", field="description")
    if severity not in Incident.Severity.values:
        raise DomainError("Choose the severity.", field="severity")
    if occurred_at > timezone.now():
        raise DomainError("An incident cannot be in the future.", field="occurred_at")
    with transaction.atomic():
        request = _fresh(request)
        if not access.may_record_incident(acting_user, request):
            raise DomainError("You cannot record incidents for this event.")
        if request.status == Status.DRAFT:
            raise DomainError("Incidents are recorded against submitted events.")
        incident = Incident.objects.create(
            request=request,
            occurred_at=occurred_at,
            severity=severity,
            description=description,
            recorded_by=acting_user,
        )
        record(
            action="events.incident.recorded",
            actor=acting_user,
            target=request,
            unit=request.unit,
            data={"severity": severity, "occurred_at": occurred_at.isoformat()},
        )
    return incident


# --- Deputies ----------------------------------------------------------------------


def add_deputy(*, acting_user: User, deputy: User, starts_on: date, ends_on: date) -> Deputy:
    """A reviewer names who acts for them while they are away."""
    if deputy.pk == acting_user.pk:
        raise DomainError("Choose someone other than yourself.", field="deputy")
    if ends_on < starts_on:
        raise DomainError("The absence must end on or after its first day.", field="ends_on")
    if ends_on < timezone.localdate():
        raise DomainError("The absence has already ended.", field="ends_on")
    if not access.acting_assignments(acting_user):
        raise DomainError("Only reviewers name deputies.")
    if not deputy.is_active or not any(
        a.role
        for a in access.acting_assignments(deputy)
        if a.user_id == deputy.pk  # their own reviewing roles, not ones they deputise
    ):
        raise DomainError("Your deputy must be an active reviewer.", field="deputy")
    with transaction.atomic():
        entry = Deputy.objects.create(
            reviewer=acting_user, deputy=deputy, starts_on=starts_on, ends_on=ends_on
        )
        record(
            action="events.deputy.added",
            actor=acting_user,
            target=entry,
            unit=None,
            data={"deputy": deputy.pk, "starts_on": str(starts_on), "ends_on": str(ends_on)},
        )
    return entry


def end_deputy(*, acting_user: User, entry: Deputy) -> Deputy:
    """End an absence early (or remove one not yet started)."""
    with transaction.atomic():
        entry = Deputy.objects.select_for_update().get(pk=entry.pk)
        if entry.reviewer_id != acting_user.pk:
            raise DomainError("Only the reviewer who named the deputy can end it.")
        today = timezone.localdate()
        if entry.ends_on < today:
            raise DomainError("This absence has already ended.")
        old = str(entry.ends_on)
        yesterday = date.fromordinal(today.toordinal() - 1)
        entry.ends_on = max(yesterday, entry.starts_on)
        if entry.starts_on > yesterday:
            entry.starts_on = entry.ends_on = yesterday
        entry.save()
        record(
            action="events.deputy.ended",
            actor=acting_user,
            target=entry,
            unit=None,
            data={"ends_on": {"old": old, "new": str(entry.ends_on)}},
        )
    return entry


# --- Scheduled work ----------------------------------------------------------------


def lapse_undecided(*, now: datetime | None = None) -> int:
    """Requests still undecided when their event starts lapse."""
    now = now or timezone.now()
    lapsed = 0
    pending = EventRequest.objects.filter(
        status__in=(Status.IN_REVIEW, Status.INFORMATION_REQUESTED), starts_at__lt=now
    ).values_list("pk", flat=True)
    for pk in list(pending):
        with transaction.atomic():
            request = _fresh(EventRequest(pk=pk))
            if request.status not in (Status.IN_REVIEW, Status.INFORMATION_REQUESTED):
                continue
            old = request.status
            _clear_waiting(request)
            _touch(request, status=Status.LAPSED)
            record(
                action="events.request.lapsed",
                actor=None,
                target=request,
                unit=request.unit,
                data={"status": {"old": old, "new": Status.LAPSED}},
            )
            _notify(
                [request.organiser],
                request,
                subject=f"{request.reference} lapsed undecided",
                template="lapsed",
            )
            lapsed += 1
    return lapsed


def _claim(request: EventRequest, kind: str) -> bool:
    """Record that `kind` was handled for the request's current step; False if it
    already was (the job then does nothing)."""
    assert request.waiting_since is not None
    try:
        with transaction.atomic():
            ReminderSent.objects.create(
                request=request, kind=kind, step_started=request.waiting_since
            )
    except IntegrityError:
        return False
    return True


def remind_and_escalate(*, today: date | None = None) -> dict[str, int]:
    """Remind reviewers of steps nearly due; escalate steps past their deadline to
    the next step (or remind again, once, at the last step). Each at most once per
    step, however often the job runs."""
    today = today or timezone.localdate()
    calendar = rules.Calendar.current()
    policy = EventsPolicy.current()
    horizon = calendar.add_working_days(today, policy.reminder_days_before_due)
    counts = {"reminded": 0, "escalated": 0, "overdue": 0}
    waiting = EventRequest.objects.filter(
        status__in=(Status.IN_REVIEW, Status.APPEALED), due_on__lte=horizon
    ).values_list("pk", flat=True)
    for pk in list(waiting):
        with transaction.atomic():
            request = _fresh(EventRequest(pk=pk))
            if request.due_on is None or request.waiting_since is None:
                continue
            if request.due_on < today:
                following = (
                    rules.next_step(request.current_step)
                    if request.current_step and request.status == Status.IN_REVIEW
                    else None
                )
                if following is not None and _claim(request, "timeout"):
                    old = str(request.current_step)
                    _place_at_step(request, following)
                    _touch(request)
                    record(
                        action="events.request.escalated",
                        actor=None,
                        target=request,
                        unit=request.unit,
                        data={
                            "step": {"old": old, "new": str(following)},
                            "reason": "The review deadline passed.",
                        },
                    )
                    _notify_reviewers(
                        request, "escalated", extra={"reason": "The review deadline passed."}
                    )
                    counts["escalated"] += 1
                elif following is None and _claim(request, "overdue"):
                    _notify_reviewers(request, "overdue")
                    counts["overdue"] += 1
            elif _claim(request, "reminder"):
                _notify_reviewers(request, "reminder")
                counts["reminded"] += 1
    return counts


# --- Messages and e-mail -----------------------------------------------------------


def _notify(
    recipients: Iterable[User],
    request: EventRequest,
    *,
    subject: str,
    template: str,
    extra: Mapping[str, Any] | None = None,
) -> None:
    """Put a message in each recipient's inbox and e-mail it after the commit."""
    notify(
        recipients,
        f"events/email/{template}.txt",
        {"request": request, **(extra or {})},
        subject=subject,
        link=reverse("events:request-detail", args=[request.pk]),
        link_label=f"Open {request.reference}",
    )


def _notify_reviewers(
    request: EventRequest, template: str, extra: Mapping[str, Any] | None = None
) -> None:
    if not request.waiting_role or request.waiting_unit is None:
        return
    subjects = {
        "submitted": f"To review: {request.reference} {request.title}",
        "escalated": f"Escalated to you: {request.reference} {request.title}",
        "reapproval": f"Re-approval needed: {request.reference} {request.title}",
        "reminder": f"Due {request.due_on:%-d %B}: {request.reference} {request.title}"
        if request.due_on
        else f"Reminder: {request.reference}",
        "overdue": f"Overdue: {request.reference} {request.title}",
    }
    _notify(
        access.holders_of(request.waiting_role, request.waiting_unit),
        request,
        subject=subjects[template],
        template=f"review_{template}",
        extra=extra,
    )


def _notify_outcome(
    request: EventRequest, decision: Decision, *, appeal: Appeal | None = None
) -> None:
    """The organiser gets the outcome with reasons, conditions and how to appeal;
    security gets it too when there are conditions to put in place."""
    conditions = list(decision.conditions.all())
    label = decision.get_outcome_display()
    subject = (f"Appeal {appeal.get_status_display().lower()}: " if appeal else "") + (
        f"{request.reference} {label.lower()}"
    )
    context = {"decision": decision, "conditions": conditions, "appeal": appeal}
    may_appeal = decision.outcome != Outcome.APPROVED and not decision.on_appeal
    _notify(
        [request.organiser],
        request,
        subject=subject,
        template="outcome",
        extra={
            **context,
            "for_organiser": True,
            "appeal_deadline": appeal_deadline(decision) if may_appeal else None,
        },
    )
    if conditions:
        _notify(
            access.security_for(request.unit).exclude(pk=request.organiser_id),
            request,
            subject=f"Conditions to put in place: {request.reference} {request.title}",
            template="outcome",
            extra={**context, "for_organiser": False, "appeal_deadline": None},
        )
