"""`/api/v1/event-requests`: the event-request lifecycle for scripts and other systems.

As thin as the pages (`views/`): find the request the person may see
(`access.get_request_or_404`, 404 otherwise), turn the JSON into the services' facts,
and call the same service, which checks who may act (`access`), state (`lifecycle`)
and rules, and writes the audit entry. `NotAllowed` (someone who could never take the
action) answers 403; a `DomainError` about a field 400, one about the request's state
409, as everywhere in `/api/v1/` (`podium.api.kit`).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Query, Router, Status

from podium.accounts import permissions
from podium.accounts.models import User
from podium.accounts.roles import Capability
from podium.api.kit import ERRORS, WRITE, Id, InvalidInput
from podium.events import access, selectors, services
from podium.events.api.input import (
    AnswerInformationIn,
    AppealDecisionIn,
    ConfirmIn,
    DecisionIn,
    GroundsIn,
    IncidentIn,
    ListFilter,
    NoteIn,
    OptionalReasonIn,
    QuestionIn,
    QueueFilter,
    ReasonIn,
    ReportIn,
    RequestChange,
    RequestIn,
    RequestSpeakerLikelyMatches,
    ReviewIn,
    SubmitIn,
    VersionIn,
    aware,
    decision_facts,
    request_facts,
    require_speaker_choices,
)
from podium.events.api.output import (
    EventRequestOut,
    EventRequestPage,
    EventRequestSummary,
    reloaded,
    user_of,
)
from podium.events.models import (
    Condition,
    EventRequest,
    Recommendation,
)
from podium.events.services import DecisionFacts

router: Router = Router(tags=["event requests"])


# --- Who may try -------------------------------------------------------------------


def _visible(request: HttpRequest, pk: int) -> tuple[User, EventRequest]:
    """The person and the request, if they may see it (404 otherwise). Whether they
    may take the action is the service's check (`access`): `NotAllowed` answers 403."""
    user = user_of(request)
    return user, access.get_request_or_404(user, pk)


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
    user = user_of(request)
    status = filters.status or ""
    reviewer = bool(access.acting_assignments(user)) or any(
        permissions.has_capability(user, c) for c in access.SEEING
    )
    if filters.scope == "all" and reviewer:
        page = selectors.requests_in_scope(user=user, status=status, after=filters.cursor)
    else:
        page = selectors.my_requests(user=user, status=status, after=filters.cursor)
        for event_request in page.items:
            event_request.organiser = user
    return EventRequestPage(
        items=[EventRequestSummary.of(e) for e in page.items], next_cursor=page.next_cursor
    )


@router.post(
    "",
    response={201: EventRequestOut, **ERRORS, 409: RequestSpeakerLikelyMatches},
    auth=WRITE,
    summary="Start a draft event request",
    url_name="event-requests",
)
def request_create(request: HttpRequest, payload: RequestIn) -> Status[EventRequestOut]:
    """A draft owned by you, for a unit where you may request events. Fill it in now
    or with later changes, then submit it. A speaker without `speaker_id` whose name
    has likely matches in the register is refused (409, with the matches and their
    facts) until you send one's id or `confirm_different_person`, as on the page."""
    user = user_of(request)
    if not permissions.has_capability(user, Capability.REQUEST_EVENTS):
        raise PermissionDenied
    facts = request_facts(payload, user)
    require_speaker_choices(payload, user)
    assert facts.unit is not None
    event_request = services.create_request(acting_user=user, unit=facts.unit, facts=facts)
    return Status(201, reloaded(user, event_request.pk))


@router.get(
    "/queue",
    response={200: EventRequestPage, **ERRORS},
    summary="Requests waiting for me",
    url_name="event-request-queue",
)
def request_queue(request: HttpRequest, filters: Query[QueueFilter]) -> EventRequestPage:
    """Requests (and appeals) waiting at a review step you act at, or act at as a
    deputy, oldest first. Only for reviewers."""
    user = user_of(request)
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
    return reloaded(user_of(request), pk)


@router.patch(
    "/{pk}",
    response={200: EventRequestOut, **ERRORS, 409: RequestSpeakerLikelyMatches},
    auth=WRITE,
    summary="Change an event request",
    url_name="event-request",
)
def request_update(request: HttpRequest, pk: Id, payload: RequestChange) -> EventRequestOut:
    """The organiser changes a draft, a request awaiting information, or an approved
    event. Changing a material fact of an approved event suspends the approval and
    sends it back for re-approval. New speakers: as when starting a draft (409 with
    the register's likely matches until you choose)."""
    user, event_request = _visible(request, pk)
    facts = request_facts(payload, user)
    access.require_organiser(user, event_request)  # before the register's matches
    linked = {s.name.strip().casefold() for s in event_request.speakers.all() if s.speaker_id}
    require_speaker_choices(payload, user, linked_before=linked)
    services.update_request(
        acting_user=user,
        event_request=event_request,
        facts=facts,
        expected_version=payload.version,
    )
    return reloaded(user, pk)


@router.post(
    "/{pk}/submit",
    response={200: EventRequestOut, **ERRORS},
    auth=WRITE,
    summary="Submit a draft for review",
    url_name="event-request-submit",
)
def request_submit(request: HttpRequest, pk: Id, payload: SubmitIn) -> EventRequestOut:
    """Measure the notice, suggest a risk level and route it to its first reviewer.
    Refused (400, naming the field) while anything is missing, and (field `briefing`)
    while a student organiser lacks the in-date student event-organiser briefing the
    policy requires for the request's type or suggested level."""
    user, event_request = _visible(request, pk)
    services.submit_request(
        acting_user=user,
        event_request=event_request,
        late_reason=payload.late_reason,
        expected_version=payload.version,
    )
    return reloaded(user, pk)


@router.post(
    "/{pk}/withdraw",
    response={200: EventRequestOut, **ERRORS},
    auth=WRITE,
    summary="Withdraw a request",
    url_name="event-request-withdraw",
)
def request_withdraw(request: HttpRequest, pk: Id, payload: OptionalReasonIn) -> EventRequestOut:
    """The organiser withdraws a request not yet decided."""
    user, event_request = _visible(request, pk)
    services.withdraw_request(
        acting_user=user,
        event_request=event_request,
        reason=payload.reason,
        expected_version=payload.version,
    )
    return reloaded(user, pk)


@router.post(
    "/{pk}/information-requests",
    response={201: EventRequestOut, **ERRORS},
    auth=WRITE,
    summary="Ask the organiser for information",
    url_name="event-request-information-requests",
)
def request_ask(request: HttpRequest, pk: Id, payload: QuestionIn) -> Status[EventRequestOut]:
    """A reviewer at the current step asks a question; the review clock stops."""
    user, event_request = _visible(request, pk)
    services.request_information(
        acting_user=user,
        event_request=event_request,
        question=payload.question,
        expected_version=payload.version,
    )
    return Status(201, reloaded(user, pk))


@router.post(
    "/{pk}/information-requests/answer",
    response={200: EventRequestOut, **ERRORS},
    auth=WRITE,
    summary="Answer the reviewer's question",
    url_name="event-request-answer",
)
def request_answer(request: HttpRequest, pk: Id, payload: AnswerInformationIn) -> EventRequestOut:
    """The organiser answers the open question; the review clock restarts."""
    user, event_request = _visible(request, pk)
    services.answer_information(
        acting_user=user,
        event_request=event_request,
        answer=payload.answer,
        expected_version=payload.version,
    )
    return reloaded(user, pk)


@router.post(
    "/{pk}/notes",
    response={201: EventRequestOut, **ERRORS},
    auth=WRITE,
    summary="Add a reviewer's note",
    url_name="event-request-notes",
)
def request_note(request: HttpRequest, pk: Id, payload: NoteIn) -> Status[EventRequestOut]:
    """Notes are seen by reviewers only and are never edited or deleted."""
    user, event_request = _visible(request, pk)
    services.add_note(acting_user=user, event_request=event_request, text=payload.text)
    return Status(201, reloaded(user, pk))


@router.post(
    "/{pk}/escalate",
    response={200: EventRequestOut, **ERRORS},
    auth=WRITE,
    summary="Escalate to the next review step",
    url_name="event-request-escalate",
)
def request_escalate(request: HttpRequest, pk: Id, payload: ReasonIn) -> EventRequestOut:
    user, event_request = _visible(request, pk)
    services.escalate(
        acting_user=user,
        event_request=event_request,
        reason=payload.reason,
        expected_version=payload.version,
    )
    return reloaded(user, pk)


@router.post(
    "/{pk}/fast-track",
    response={200: EventRequestOut, **ERRORS},
    auth=WRITE,
    summary="Fast-track a late request",
    url_name="event-request-fast-track",
)
def request_fast_track(request: HttpRequest, pk: Id, payload: VersionIn) -> EventRequestOut:
    """Accept a late request for review, due before the event."""
    user, event_request = _visible(request, pk)
    services.fast_track(
        acting_user=user, event_request=event_request, expected_version=payload.version
    )
    return reloaded(user, pk)


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
    at most 300 words. At a step with a sign-off step still to come, an approval is a
    recommendation: the request moves on and stays in review, and `recorded` says
    `recommendation`."""
    user, event_request = _visible(request, pk)
    outcome = services.decide(
        acting_user=user,
        event_request=event_request,
        facts=decision_facts(payload, payload.outcome),
        expected_version=payload.version,
    )
    answer = reloaded(user, pk)
    answer.recorded = "recommendation" if isinstance(outcome, Recommendation) else "decision"
    return Status(201, answer)


@router.post(
    "/{pk}/appeal",
    response={201: EventRequestOut, **ERRORS},
    auth=WRITE,
    summary="Appeal the decision",
    url_name="event-request-appeal",
)
def request_appeal(request: HttpRequest, pk: Id, payload: GroundsIn) -> Status[EventRequestOut]:
    """The organiser appeals a rejection or conditions, within the appeal window."""
    user, event_request = _visible(request, pk)
    services.lodge_appeal(
        acting_user=user,
        event_request=event_request,
        grounds=payload.grounds,
        expected_version=payload.version,
    )
    return Status(201, reloaded(user, pk))


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
    user, event_request = _visible(request, pk)
    if payload.upheld and payload.outcome is None:
        raise InvalidInput([("outcome", "Choose the new outcome.")])
    facts = (
        decision_facts(payload, payload.outcome or "")
        if payload.upheld
        else DecisionFacts(outcome="", rationale=payload.rationale)
    )
    services.decide_appeal(
        acting_user=user,
        event_request=event_request,
        upheld=payload.upheld,
        facts=facts,
        expected_version=payload.version,
    )
    return Status(201, reloaded(user, pk))


@router.post(
    "/{pk}/cancel",
    response={200: EventRequestOut, **ERRORS},
    auth=WRITE,
    summary="Cancel an approved event",
    url_name="event-request-cancel",
)
def request_cancel(request: HttpRequest, pk: Id, payload: ReasonIn) -> EventRequestOut:
    """By its organiser or a reviewer, with the reason; security is told. An event
    that has taken place (its start has passed) cannot be cancelled (409)."""
    user, event_request = _visible(request, pk)
    services.cancel_event(
        acting_user=user,
        event_request=event_request,
        reason=payload.reason,
        expected_version=payload.version,
    )
    return reloaded(user, pk)


def _condition(event_request: EventRequest, condition_pk: int) -> Condition:
    condition = (
        Condition.objects.filter(pk=condition_pk, decision__request=event_request)
        .select_related("decision")
        .first()
    )
    if condition is None:
        raise Http404
    return condition


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
    user, event_request = _visible(request, pk)
    services.confirm_condition(
        acting_user=user, condition=_condition(event_request, condition_pk), note=payload.note
    )
    return reloaded(user, pk)


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
    user, event_request = _visible(request, pk)
    services.review_condition(
        acting_user=user,
        condition=_condition(event_request, condition_pk),
        review=payload.review,
        note=payload.note,
    )
    return reloaded(user, pk)


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
    user, event_request = _visible(request, pk)
    services.report_after_event(
        acting_user=user,
        event_request=event_request,
        went_ahead=payload.went_ahead,
        attendance=payload.attendance,
        conditions_met=payload.conditions_met or "",
        incidents=payload.incidents,
        notes=payload.notes,
    )
    return Status(201, reloaded(user, pk))


@router.post(
    "/{pk}/incidents",
    response={201: EventRequestOut, **ERRORS},
    auth=WRITE,
    summary="Log an incident at an event",
    url_name="event-request-incidents",
)
def request_incident(request: HttpRequest, pk: Id, payload: IncidentIn) -> Status[EventRequestOut]:
    """Security logs something that happened at a submitted event."""
    user, event_request = _visible(request, pk)
    services.record_incident(
        acting_user=user,
        event_request=event_request,
        occurred_at=aware(payload.occurred_at),
        severity=payload.severity,
        description=payload.description,
    )
    return Status(201, reloaded(user, pk))
