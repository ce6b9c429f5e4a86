"""Who may see and act on which event request. Built on `podium.accounts.permissions`
(capabilities over units), plus two things only events have: the review step a
request waits at (a role over a unit), and deputies acting for absent reviewers.

- The organiser sees their own requests.
- Reviewers (`REVIEW_EVENTS`) and security (`RECORD_INCIDENTS`) see requests from
  the units in their scope, once submitted: a draft is its organiser's alone, and
  stays so if it is withdrawn without ever being submitted (`ever_submitted`). A
  request withdrawn after submission stays visible to them, as the record of what
  was reviewed.
- Appeal decision-makers (`DECIDE_APPEALS`) see only what an appeal needs
  (`appeal_filter`): the requests in their scope with an appeal waiting to be
  decided, and afterwards the requests whose appeal they decided themselves (their
  record of it). They are not reviewers (`is_reviewer_of`): no reviewers' notes, no
  speaker checks, no cancelling, no acknowledgement links.
- A person may act at a review step when they hold the step's role over the unit
  the request waits at, or deputise today for someone who does. A request under
  appeal waits for its appeal decision (`may_decide_appeal`), not at a review step.
"""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import TYPE_CHECKING

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from podium.accounts import permissions
from podium.accounts.models import OrgUnit, RoleAssignment, User
from podium.accounts.roles import Capability, Role, capabilities_of
from podium.core.errors import DomainError, NotAllowed
from podium.events.models import Appeal, AppealStatus, Deputy, EventRequest, Status
from podium.events.rules import unit_ancestry

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

_ACTING_CACHE = "_podium_acting_assignments"

# The capabilities that show a person some requests besides their own.
SEEING = (Capability.REVIEW_EVENTS, Capability.DECIDE_APPEALS, Capability.RECORD_INCIDENTS)
# Those that show every submitted request in the person's units.
SEEING_ALL_IN_SCOPE = (Capability.REVIEW_EVENTS, Capability.RECORD_INCIDENTS)


def _reviews(assignment: RoleAssignment) -> bool:
    return Capability.REVIEW_EVENTS in capabilities_of(assignment.role)


def _decides_appeals(assignment: RoleAssignment) -> bool:
    return Capability.DECIDE_APPEALS in capabilities_of(assignment.role)


def names_deputies(user: User | AnonymousUser) -> bool:
    """A reviewer (`REVIEW_EVENTS`, their own role) names deputies, and only a
    reviewer may be one. Appeal decision-makers neither name deputies nor deputise:
    an appeal is decided by someone independent of the first decision, so an appeal
    decision-maker never acts at a review step for someone else."""
    return any(_reviews(a) for a in permissions.current_assignments(user))


def acting_assignments(user: User | AnonymousUser) -> list[RoleAssignment]:
    """The role assignments a person acts under today: their own reviewing and
    appeal-deciding ones (their queue), and, for a reviewer, the reviewing ones of
    every reviewer they deputise for today. Read once per request."""
    if not user.is_authenticated:
        return []
    cached: list[RoleAssignment] | None = getattr(user, _ACTING_CACHE, None)
    if cached is not None:
        return cached
    own = [a for a in permissions.current_assignments(user) if _reviews(a) or _decides_appeals(a)]
    deputised: list[RoleAssignment] = []
    # Only a reviewer deputises (`names_deputies`): nobody else's page asks.
    if any(_reviews(a) for a in own):
        today = timezone.localdate()
        absent = Deputy.objects.filter(
            deputy=user, starts_on__lte=today, ends_on__gte=today
        ).values("reviewer")
        deputised = [
            a
            for a in RoleAssignment.objects.current()
            .filter(user__in=absent, user__is_active=True)
            .select_related("unit")
            if _reviews(a)
        ]
    acting = own + deputised
    setattr(user, _ACTING_CACHE, acting)
    return acting


def _covers(assignment: RoleAssignment, unit_path: str, unit_pk: int) -> bool:
    if assignment.include_descendants:
        return unit_path.startswith(assignment.unit.path)
    return unit_pk == assignment.unit.pk


def is_organiser(user: User | AnonymousUser, event_request: EventRequest) -> bool:
    """The request's own organiser: edits, submits, withdraws, answers, appeals, reports."""
    return user.is_authenticated and event_request.organiser_id == user.pk


def can_act_on(user: User | AnonymousUser, event_request: EventRequest) -> bool:
    """May this person act at the review step the request waits at now? A request
    under appeal is at no review step: only its appeal is decided
    (`may_decide_appeal`), and nobody asks, escalates or fast-tracks it."""
    if not event_request.waiting_role or event_request.waiting_unit is None:
        return False
    if event_request.status == Status.APPEALED:
        return False
    unit = event_request.waiting_unit
    return any(
        a.role == event_request.waiting_role and _covers(a, unit.path, unit.pk)
        for a in acting_assignments(user)
    )


def queue_filter(user: User | AnonymousUser) -> Q:
    """Requests waiting at a step this person may act at."""
    conditions = [
        Q(waiting_role=a.role)
        & (
            Q(waiting_unit__path__startswith=a.unit.path)
            if a.include_descendants
            else Q(waiting_unit=a.unit)
        )
        for a in acting_assignments(user)
    ]
    if not conditions:
        return Q(pk__in=[])
    return Q(waiting_since__isnull=False) & reduce(or_, conditions)


def is_reviewer_of(user: User | AnonymousUser, event_request: EventRequest) -> bool:
    """Sees the reviewers' side of a request: notes, risk detail, the full history,
    speakers' checks; adds notes, sends acknowledgement links, cancels. Appeal
    decision-makers are not reviewers (they decide the appeal, nothing else)."""
    return permissions.can(user, Capability.REVIEW_EVENTS, event_request.unit) or can_act_on(
        user, event_request
    )


def ever_submitted(prefix: str = "") -> Q:
    """Requests that were submitted at some point, so reviewers may see them:
    `submitted_at` is set once, on submission, and never cleared, and every status
    but a draft is reached only through submission, except a withdrawal, which is
    also open to a draft. `prefix` reaches the request across a relation
    (`"request__"`)."""
    return Q(**{f"{prefix}submitted_at__isnull": False}) | ~Q(
        **{f"{prefix}status__in": (Status.DRAFT, Status.WITHDRAWN)}
    )


def appeal_filter(user: User | AnonymousUser) -> Q:
    """The requests an appeal decision-maker sees, in the units of their
    `DECIDE_APPEALS` scope: those with an appeal waiting to be decided, and those
    whose appeal they decided themselves (the record of what they decided). No
    other request, whatever its state."""
    if not permissions.has_capability(user, Capability.DECIDE_APPEALS):
        return Q(pk__in=[])
    under_appeal = Appeal.objects.filter(status=AppealStatus.LODGED).values("request_id")
    decided = Appeal.objects.filter(outcome_decision__decided_by_id=user.pk).values("request_id")
    return permissions.unit_scope(user, Capability.DECIDE_APPEALS, "unit__") & (
        Q(pk__in=under_appeal) | Q(pk__in=decided)
    )


def review_filter(user: User | AnonymousUser) -> Q:
    """The requests this person sees as a reviewer: once submitted, those in their
    `REVIEW_EVENTS` scope, or waiting at a review step they act at (their own or as
    a deputy). The speaker register shows a speaker's restricted fields to a
    reviewer through these (`podium.events.speakers.history`)."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    scope = permissions.unit_scope(user, Capability.REVIEW_EVENTS, "unit__")
    at_step = queue_filter(user) & ~Q(status=Status.APPEALED)
    return ever_submitted() & (scope | at_step)


def visible_filter(user: User | AnonymousUser) -> Q:
    """The requests this person may open: their own, in any state; and, once
    submitted, those in their scope (`SEEING_ALL_IN_SCOPE`) or waiting at a step
    they act at; and the appeals they decide (`appeal_filter`)."""
    if not user.is_authenticated:
        return Q(pk__in=[])
    scopes = [
        permissions.unit_scope(user, capability, "unit__") for capability in SEEING_ALL_IN_SCOPE
    ]
    reviewing = reduce(or_, scopes, queue_filter(user)) | appeal_filter(user)
    return Q(organiser=user) | (ever_submitted() & reviewing)


def visible_requests(user: User | AnonymousUser) -> QuerySet[EventRequest]:
    return EventRequest.objects.filter(visible_filter(user))


def get_request_or_404(user: User | AnonymousUser, pk: int | str) -> EventRequest:
    """The request, if the person may see it; 404 otherwise, so an outsider cannot
    learn that it exists."""
    try:
        return (
            visible_requests(user)
            .select_related(
                "unit",
                "organiser",
                "event_type",
                "campus",
                "suggested_level",
                "waiting_unit",
                "routing_rule",
                # The request page shows the report: one LEFT JOIN, not a query of its own.
                "post_event_report",
            )
            .get(pk=pk)
        )
    except (EventRequest.DoesNotExist, ValueError, TypeError):
        raise Http404 from None


def holders_of(role: str, unit: OrgUnit) -> QuerySet[User]:
    """Active people holding `role` over `unit` (at it, or above it over its subtree),
    and those deputising for them today."""
    ancestry = unit_ancestry(unit)
    over = Q(unit=unit) | Q(unit_id__in=ancestry, include_descendants=True)
    holders = RoleAssignment.objects.current().filter(over, role=role).values("user")
    today = timezone.localdate()
    deputies = Deputy.objects.filter(
        reviewer__in=holders, starts_on__lte=today, ends_on__gte=today
    ).values("deputy")
    return User.objects.filter(Q(pk__in=holders) | Q(pk__in=deputies), is_active=True)


def security_for(unit: OrgUnit) -> QuerySet[User]:
    """The people who need to know about conditions at events in this unit."""
    return holders_of(Role.HEAD_OF_SECURITY, unit)


def may_request_in(user: User | AnonymousUser, unit: OrgUnit) -> bool:
    return permissions.can(user, Capability.REQUEST_EVENTS, unit)


def may_decide_appeal(user: User | AnonymousUser, event_request: EventRequest) -> bool:
    return permissions.can(user, Capability.DECIDE_APPEALS, event_request.unit)


def may_record_incident(user: User | AnonymousUser, event_request: EventRequest) -> bool:
    return permissions.can(user, Capability.RECORD_INCIDENTS, event_request.unit)


def may_cancel(user: User | AnonymousUser, event_request: EventRequest) -> bool:
    """An approved event is cancelled by its organiser or a reviewer."""
    return is_organiser(user, event_request) or is_reviewer_of(user, event_request)


def may_confirm_conditions(user: User | AnonymousUser, event_request: EventRequest) -> bool:
    """Conditions are confirmed in place by the organiser, a reviewer or security."""
    return (
        is_organiser(user, event_request)
        or is_reviewer_of(user, event_request)
        or may_record_incident(user, event_request)
    )


# --- Refusals: the services call these; the pages and the API use the predicates ---

ORGANISER_ONLY = "Only the request's organiser can do this."
NOT_WAITING_FOR_YOU = "This request is not waiting for you."


def require(allowed: bool, message: str) -> None:
    """Refuse someone who may never take this action here (`NotAllowed`: the API
    answers 403; a page shows the message)."""
    if not allowed:
        raise NotAllowed(message)


def require_organiser(user: User | AnonymousUser, event_request: EventRequest) -> None:
    require(is_organiser(user, event_request), ORGANISER_ONLY)


def require_reviewer_at_step(user: User | AnonymousUser, event_request: EventRequest) -> None:
    """A reviewer of the request, at the step it waits at now. Someone who reviews
    nothing here may never act (`NotAllowed`); a reviewer at another step may not
    act now (`DomainError`)."""
    require(is_reviewer_of(user, event_request), NOT_WAITING_FOR_YOU)
    if not can_act_on(user, event_request):
        raise DomainError(NOT_WAITING_FOR_YOU)
