"""The workflows of an event request, as data: which action may be taken in which
status, and the status it leads to. Every service that changes (or acts on) a
request's status asks `require(...)` first; `tests/test_lifecycle.py` enumerates
the tables, so a rule cannot change without a test noticing.

`REQUEST_TRANSITIONS[(status, action)]` is the status (or statuses) the action may
lead to; an action that leaves the status as it is maps the status to itself. A
pair not in the table is refused with the action's message in `REFUSALS`.

One rule is about time as well as status: an event that has taken place (its
start has passed) cannot be cancelled (`cancel_refusal`).
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from django.utils import timezone

from podium.core.errors import DomainError
from podium.events.models import AppealStatus, EventRequest, Status


class Action(StrEnum):
    EDIT = "edit"
    SUBMIT = "submit"
    WITHDRAW = "withdraw"
    ASK = "ask"
    ANSWER = "answer"
    ESCALATE = "escalate"
    DECIDE = "decide"
    REAPPROVE = "reapprove"  # a material change to an approved event
    APPEAL = "appeal"
    DECIDE_APPEAL = "decide_appeal"
    CANCEL = "cancel"
    CONFIRM_CONDITION = "confirm_condition"
    REPORT = "report"
    RECORD_INCIDENT = "record_incident"
    LAPSE = "lapse"  # the scheduled job: the event started undecided


APPROVED = (Status.APPROVED, Status.APPROVED_WITH_CONDITIONS)
OUTCOMES = (Status.APPROVED, Status.APPROVED_WITH_CONDITIONS, Status.REJECTED)
SUBMITTED = tuple(s for s in Status if s != Status.DRAFT)

REQUEST_TRANSITIONS: dict[tuple[Status, Action], tuple[Status, ...]] = {
    **{(s, Action.EDIT): (s,) for s in (Status.DRAFT, Status.INFORMATION_REQUESTED, *APPROVED)},
    (Status.DRAFT, Action.SUBMIT): (Status.IN_REVIEW,),
    **{
        (s, Action.WITHDRAW): (Status.WITHDRAWN,)
        for s in (Status.DRAFT, Status.IN_REVIEW, Status.INFORMATION_REQUESTED)
    },
    (Status.IN_REVIEW, Action.ASK): (Status.INFORMATION_REQUESTED,),
    (Status.INFORMATION_REQUESTED, Action.ANSWER): (Status.IN_REVIEW,),
    (Status.IN_REVIEW, Action.ESCALATE): (Status.IN_REVIEW,),
    (Status.IN_REVIEW, Action.DECIDE): OUTCOMES,
    **{(s, Action.REAPPROVE): (Status.IN_REVIEW,) for s in APPROVED},
    **{
        (s, Action.APPEAL): (Status.APPEALED,)
        for s in (Status.REJECTED, Status.APPROVED_WITH_CONDITIONS)
    },
    (Status.APPEALED, Action.DECIDE_APPEAL): OUTCOMES,
    **{(s, Action.CANCEL): (Status.CANCELLED,) for s in APPROVED},
    **{(s, Action.CONFIRM_CONDITION): (s,) for s in APPROVED},
    **{(s, Action.REPORT): (s,) for s in APPROVED},
    **{(s, Action.RECORD_INCIDENT): (s,) for s in SUBMITTED},
    **{
        (s, Action.LAPSE): (Status.LAPSED,)
        for s in (Status.IN_REVIEW, Status.INFORMATION_REQUESTED)
    },
}

# Why an action is refused in a status the table does not allow it from ({status}:
# the status's label in lower case).
REFUSALS: dict[Action, str] = {
    Action.EDIT: "A request that is {status} cannot be changed.",
    Action.SUBMIT: "This request has already been submitted.",
    Action.WITHDRAW: (
        "Only a request not yet decided can be withdrawn; cancel an approved event instead."
    ),
    Action.ASK: "You can ask for information only while a request is in review.",
    Action.ANSWER: "There is no question waiting for your answer.",
    Action.ESCALATE: "Only a request in review can be escalated.",
    Action.DECIDE: "A request that is {status} cannot be decided.",
    Action.REAPPROVE: "Only an approved event goes back for re-approval.",
    Action.APPEAL: "Only a rejection or conditions not yet appealed can be appealed.",
    Action.DECIDE_APPEAL: "There is no appeal to decide on this request.",
    Action.CANCEL: "Only an approved event can be cancelled.",
    Action.CONFIRM_CONDITION: "Only conditions of the current approval can be confirmed.",
    Action.REPORT: "A post-event report is for an approved event.",
    Action.RECORD_INCIDENT: "Incidents are recorded against submitted events.",
    Action.LAPSE: "Only a request in review or awaiting information can lapse.",
}
# Where one status needs its own words.
SPECIFIC_REFUSALS: dict[tuple[Status, Action], str] = {
    (s, Action.DECIDE): "This request has already been decided." for s in OUTCOMES
}


def allows(status: str, action: Action, to: str | None = None) -> bool:
    targets = REQUEST_TRANSITIONS.get((Status(status), action))
    return targets is not None and (to is None or to in targets)


def statuses_allowing(action: Action) -> tuple[Status, ...]:
    """The statuses `action` may be taken from, in the order of `Status`."""
    return tuple(s for s in Status if (s, action) in REQUEST_TRANSITIONS)


def refusal(status: str, action: Action) -> str:
    """The message for `action` refused in `status`."""
    status = Status(status)
    specific = SPECIFIC_REFUSALS.get((status, action))
    return specific or REFUSALS[action].format(status=status.label.lower())


def require(status: str, action: Action, to: str | None = None) -> None:
    """Refuse (`DomainError`) an action the request's status does not allow."""
    if not allows(status, action, to):
        raise DomainError(refusal(status, action))


# --- Time: what an event that has taken place can no longer have done to it --------

TAKEN_PLACE_CANCEL = "This event has already taken place; it cannot be cancelled."


def has_taken_place(event_request: EventRequest, *, now: datetime | None = None) -> bool:
    """An event has taken place once its start has passed (from the minute it
    starts, whether or not it has ended). A request without a start has not."""
    starts_at = event_request.starts_at
    return starts_at is not None and starts_at <= (now or timezone.now())


def cancel_refusal(event_request: EventRequest) -> str | None:
    """Why this event cannot be cancelled now, or None: only an approved event that
    has not yet taken place can be. The request page, the cancel page, the API and
    `cancel_event` all ask this, so they agree."""
    if not allows(event_request.status, Action.CANCEL):
        return refusal(event_request.status, Action.CANCEL)
    if has_taken_place(event_request):
        return TAKEN_PLACE_CANCEL
    return None


def require_cancellable(event_request: EventRequest) -> None:
    """Refuse (`DomainError`) to cancel what `cancel_refusal` says cannot be."""
    message = cancel_refusal(event_request)
    if message is not None:
        raise DomainError(message)


# --- Appeals -----------------------------------------------------------------------


class AppealAction(StrEnum):
    UPHOLD = "uphold"
    DISMISS = "dismiss"


APPEAL_TRANSITIONS: dict[tuple[AppealStatus, AppealAction], AppealStatus] = {
    (AppealStatus.LODGED, AppealAction.UPHOLD): AppealStatus.UPHELD,
    (AppealStatus.LODGED, AppealAction.DISMISS): AppealStatus.DISMISSED,
}
APPEAL_REFUSAL = "This appeal is {status}; it has already been decided."


def require_appeal(status: str, action: AppealAction) -> AppealStatus:
    """The appeal's next status, or a `DomainError` if it cannot be decided again."""
    target = APPEAL_TRANSITIONS.get((AppealStatus(status), action))
    if target is None:
        raise DomainError(APPEAL_REFUSAL.format(status=AppealStatus(status).label.lower()))
    return target
