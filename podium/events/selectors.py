"""Reads for event requests: the organiser's list, the reviewer's queue, a request
with everything about it and the security calendar (the inbox is in `podium.notify`).
Each list is a keyset page with a fixed number of queries whatever its length."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from django.db.models import (
    Case,
    CharField,
    Count,
    Exists,
    F,
    FilteredRelation,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncMonth
from django.urls import reverse
from django.utils import timezone

from podium.accounts import permissions
from podium.accounts.roles import Capability
from podium.audit.models import AuditEntry
from podium.core import academic_year
from podium.core.display import DateText, url_prefix
from podium.core.memo import per_request
from podium.core.pagination import Page, keyset_page
from podium.events import access, lifecycle, summaries
from podium.events.lifecycle import Action
from podium.events.models import (
    APPROVED_STATUSES,
    Appeal,
    AppealStatus,
    Condition,
    Decision,
    Deputy,
    EventRequest,
    EventSpeaker,
    EventsPolicy,
    RejectionCategory,
    ReminderSent,
    ScreeningQuestion,
    Status,
)
from podium.events.models.requests import STATUS_TAGS
from podium.events.route import RoutePlace, route_place
from podium.events.rules import Calendar
from podium.events.services import appeal_deadline
from podium.notify import selectors as notify_selectors

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from podium.accounts.models import User

LIST_RELATED = ("unit", "suggested_level", "waiting_unit", "campus")

# What the 50-row request lists read of each request (the review queue, the request
# lists and the API's lists): only the columns their tables and `EventRequestSummary`
# show, and the unit's, level's and organiser's names (issue 20: the whole rows of
# five tables were most of a list's fetch). Reading any other field of a listed
# request costs a query a row: add it here first.
ROW_RELATED = ("unit", "suggested_level", "organiser")
ROW_FIELDS = (
    "id",
    "reference",
    "title",
    "status",
    "starts_at",
    "ends_at",
    "late_reason",
    "reapproval_changes",
    "waiting_role",
    "waiting_since",
    "due_on",
    "submitted_at",
    "created_at",
    "unit__id",
    "unit__name",
    "suggested_level__id",
    "suggested_level__name",
    "organiser__id",
    "organiser__full_name",
)


def _listed(requests: QuerySet[EventRequest]) -> QuerySet[EventRequest]:
    return requests.select_related(*ROW_RELATED).only(*ROW_FIELDS)


def request_rows(requests: Iterable[EventRequest]) -> list[dict[str, Any]]:
    """What each row of the request tables (`events/_request_table.html`) shows,
    worked out once per list: the request page's URL (one `reverse()` per list), the
    dates as text, the status's label and tag. Values are plain text (the template
    escapes them)."""
    prefix = url_prefix(reverse("events:request-detail", args=[0]))
    dates = DateText()
    labels = {value: str(label) for value, label in Status.choices}
    return [
        {
            "url": f"{prefix}{event.pk}/",
            "title": event.title,
            "reference": event.reference,
            "late": bool(event.late_reason),
            "reapproval": bool(event.reapproval_changes),
            "starts": dates.minute(event.starts_at) or "—",
            "unit": event.unit.name,
            "status": labels.get(event.status, event.status),
            "tag": STATUS_TAGS.get(event.status, "tag--grey"),
            "waiting_since": dates.day(event.waiting_since),
            "due": dates.day(event.due_on) or "—",
            "level": (event.suggested_level.name if event.suggested_level else "") or "—",
        }
        for event in requests
    ]


def my_requests(
    *, user: User, status: str = "", after: str | None = None, before: str | None = None
) -> Page[EventRequest]:
    """Every request the person organises, newest first."""
    requests = _listed(EventRequest.objects.filter(organiser=user))
    if status:
        requests = requests.filter(status=status)
    return keyset_page(requests, field="created_at", after=after, before=before, descending=True)


# How soon a step's due date counts as "due soon" on the reviewer's home card and
# the queue's filter: today and the next two days.
DUE_SOON_DAYS = 2
QUEUE_DUE = {"overdue": "Overdue", "soon": "Due in the next 3 days"}


def _due_q(due: str, today: date) -> Q:
    if due == "overdue":
        return Q(due_on__lt=today)
    if due == "soon":
        return Q(due_on__gte=today, due_on__lte=today + timedelta(days=DUE_SOON_DAYS))
    return Q()


def review_queue(
    *,
    user: User | AnonymousUser,
    due: str = "",
    after: str | None = None,
    before: str | None = None,
) -> Page[EventRequest]:
    """Requests waiting for this person (or someone they deputise for), oldest first;
    `due` ("overdue" or "soon", see `QUEUE_DUE`) keeps those past or near their
    step's due date."""
    waiting = _listed(
        EventRequest.objects.filter(access.queue_filter(user))
        .filter(status__in=(Status.IN_REVIEW, Status.APPEALED))
        .filter(_due_q(due, timezone.localdate()))
    )
    return keyset_page(waiting, field="waiting_since", after=after, before=before)


@dataclass(frozen=True)
class QueueFigures:
    waiting: int
    due_soon: int
    overdue: int


@per_request
def queue_figures(*, user: User | AnonymousUser) -> QueueFigures | None:
    """The reviewer's home card and the navigation's count: what waits for them, and
    how much of it is near or past its due date (one query, once per page); None for
    a person who reviews nothing."""
    if not access.acting_assignments(user):
        return None
    today = timezone.localdate()
    counts = (
        EventRequest.objects.filter(access.queue_filter(user))
        .filter(status__in=(Status.IN_REVIEW, Status.APPEALED))
        .aggregate(
            waiting=Count("pk"),
            due_soon=Count("pk", filter=_due_q("soon", today)),
            overdue=Count("pk", filter=_due_q("overdue", today)),
        )
    )
    return QueueFigures(**counts)


@per_request
def organiser_figures(*, user: User | AnonymousUser) -> dict[str, int]:
    """How many of the person's own requests are in each state (one query, once per
    page)."""
    if not user.is_authenticated:
        return {}
    rows = (
        EventRequest.objects.filter(organiser=user)
        .values("status")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {row["status"]: row["count"] for row in rows}


def queue_count(*, user: User | AnonymousUser) -> int:
    """How many requests wait for the person (`queue_figures`, shared with the home
    page's card)."""
    figures = queue_figures(user=user)
    return figures.waiting if figures is not None else 0


def awaiting_organisers(*, user: User | AnonymousUser) -> QuerySet[EventRequest]:
    """Requests this person's steps paused to ask the organiser something."""
    return _listed(
        EventRequest.objects.filter(access.queue_filter(user)).filter(
            status=Status.INFORMATION_REQUESTED
        )
    ).order_by("waiting_since", "id")[:50]


def requests_in_scope(
    *,
    user: User | AnonymousUser,
    status: str = "",
    after: str | None = None,
    before: str | None = None,
) -> Page[EventRequest]:
    """Every request a reviewer may see, newest first (including withdrawn, rejected
    and lapsed ones: they count too)."""
    requests = _listed(access.visible_requests(user))
    if status:
        requests = requests.filter(status=status)
    return keyset_page(requests, field="created_at", after=after, before=before, descending=True)


TIMELINE_LABELS = {
    "events.request.created": "Draft started",
    "events.request.changed": "Details changed",
    "events.request.submitted": "Submitted for review",
    "events.request.withdrawn": "Withdrawn by the organiser",
    "events.request.information_requested": "Reviewer asked for information",
    "events.request.information_given": "Organiser answered",
    "events.request.note_added": "Reviewer's note added",
    "events.request.fast_tracked": "Fast-tracked",
    "events.request.recommended": "Recommended for approval, passed to the next step",
    "events.request.escalated": "Escalated",
    "events.request.decided": "Decided",
    "events.request.suspended_for_reapproval": "Approval suspended for re-approval",
    "events.request.appealed": "Appeal lodged",
    "events.request.appeal_decided": "Appeal decided",
    "events.request.cancelled": "Cancelled",
    "events.request.lapsed": "Lapsed undecided",
    "events.condition.confirmed": "Condition confirmed in place",
    "events.condition.reviewed": "Condition reviewed after the event",
    "events.request.post_event_reported": "Post-event report made",
    "events.incident.recorded": "Incident logged",
    "speakers.acknowledgement.sent": "Code of conduct sent to a speaker",
    "speakers.acknowledgement.address_given": (
        "Organiser gave a speaker's address, for a reviewer to confirm"
    ),
    "speakers.acknowledgement.address_confirmed": (
        "Reviewer confirmed a speaker's address; code of conduct sent"
    ),
    "speakers.acknowledgement.answered": "Speaker answered the code of conduct",
}

# Entries whose words are kept as a `RequestText` (podium/audit/README.md).
_ACTIONS_WITH_TEXT = {"events.request.withdrawn", "events.request.escalated"}

# Entries with no actor: the scheduled jobs, except a speaker's own answer.
_NO_ACTOR_LABELS = {"speakers.acknowledgement.answered": "The speaker, through their link"}


@dataclass(frozen=True)
class TimelineItem:
    when: datetime
    label: str
    who: str
    detail: str


def _timeline_item(
    entry: AuditEntry, texts: dict[int, str], conditions: dict[int, str]
) -> TimelineItem:
    """One line of a request's history. Entries carry no free text: a reason comes
    from the request's `RequestText` for the entry, a condition's words from the
    condition (entries written before that rule carried the words themselves)."""
    data = entry.data or {}
    status = data.get("status")
    detail = ""
    if isinstance(status, dict) and status.get("new"):
        detail = (
            f"now {Status(status['new']).label.lower()}" if status["new"] in Status.values else ""
        )
    step = data.get("step")
    if isinstance(step, dict):
        detail = f"from {step.get('old')} to {step.get('new')}"
    reason = texts.get(entry.sequence) or data.get("reason")
    if reason:
        detail = f"{detail}: {reason}" if detail else str(reason)
    condition = data.get("condition")
    if isinstance(condition, int):
        detail = conditions.get(condition, "")
    elif condition:
        detail = str(condition)
    speaker = data.get("speaker")
    if isinstance(speaker, dict) and speaker.get("name"):
        detail = str(speaker["name"])
        if data.get("outcome"):
            detail = f"{detail}: {data['outcome']} version {data.get('code_version')}"
    return TimelineItem(
        when=entry.created_at,
        label=TIMELINE_LABELS.get(entry.action, entry.action),
        who=entry.actor_label or _NO_ACTOR_LABELS.get(entry.action, "Podium (scheduled job)"),
        detail=detail,
    )


@dataclass
class RequestView:
    request: EventRequest
    speakers: list[Any]
    answers: list[Any]
    information_requests: list[Any]
    notes: list[Any]
    decisions: list[Decision]
    live_decision: Decision | None
    appeals: list[Any]
    incidents: list[Any]
    report: Any
    timeline: list[TimelineItem]
    is_organiser: bool
    is_reviewer: bool
    can_act: bool
    may_decide_appeal: bool
    may_record_incident: bool
    may_cancel: bool  # may cancel, and the event can be cancelled now
    appeal_until: date | None
    has_started: bool
    route: RoutePlace | None = None


def request_view(*, user: User, request: EventRequest) -> RequestView:
    """Everything the request page shows this person. Organisers do not see the
    reviewers' notes or the notes' entries in the history."""
    is_organiser = access.is_organiser(user, request)
    is_reviewer = access.is_reviewer_of(user, request)
    decisions = list(
        request.decisions.select_related("decided_by").prefetch_related(
            Prefetch("conditions", queryset=Condition.objects.select_related("confirmed_by"))
        )
    )
    live = next((d for d in decisions if d.is_live), None)
    # An appeal is lodged against a decision: with none, there is none to read.
    appeals = (
        list(request.appeals.select_related("lodged_by", "outcome_decision", "against"))
        if decisions
        else []
    )
    timeline = AuditEntry.objects.filter(
        target_type=EventRequest._meta.label_lower, target_id=str(request.pk)
    )
    if not is_reviewer:
        timeline = timeline.exclude(action="events.request.note_added")
    entries = list(timeline.order_by("sequence"))
    # Reasons live with the request (`RequestText`); read them only when an entry has one.
    texts = (
        dict(request.entry_texts.values_list("entry_sequence", "text"))
        if any(e.action in _ACTIONS_WITH_TEXT for e in entries)
        else {}
    )
    condition_texts = {c.pk: c.text for d in decisions for c in d.conditions.all()}
    appeal_until = None
    if (
        live is not None
        and is_organiser
        and lifecycle.allows(request.status, Action.APPEAL)
        and not live.on_appeal
        and not appeals
    ):
        deadline = appeal_deadline(live)
        appeal_until = deadline if timezone.localdate() <= deadline else None
    return RequestView(
        request=request,
        speakers=list(request.speakers.select_related("speaker")),
        answers=list(request.answers.all()),
        information_requests=list(
            request.information_requests.select_related("asked_by", "answered_by")
        ),
        notes=list(request.notes.select_related("author")) if is_reviewer else [],
        decisions=decisions,
        live_decision=live,
        appeals=appeals,
        incidents=list(request.incidents.select_related("recorded_by")),
        report=getattr(request, "post_event_report", None),
        timeline=[_timeline_item(e, texts, condition_texts) for e in entries],
        is_organiser=is_organiser,
        is_reviewer=is_reviewer,
        can_act=access.can_act_on(user, request),
        may_decide_appeal=access.may_decide_appeal(user, request)
        and lifecycle.allows(request.status, Action.DECIDE_APPEAL)
        and not any(a.against.decided_by_id == user.pk for a in appeals),
        may_record_incident=access.may_record_incident(user, request),
        may_cancel=access.may_cancel(user, request) and lifecycle.cancel_refusal(request) is None,
        appeal_until=appeal_until,
        has_started=lifecycle.has_taken_place(request),
        route=route_place(request, decisions),
    )


def deputies_named_by(*, user: User) -> QuerySet[Deputy]:
    """The absences a reviewer recorded and who deputises, latest first (50)."""
    return Deputy.objects.filter(reviewer=user).select_related("deputy")[:50]


def deputising_for(*, user: User) -> QuerySet[Deputy]:
    """Whom this person deputises for, latest first (50)."""
    return Deputy.objects.filter(deputy=user).select_related("reviewer")[:50]


def active_questions() -> QuerySet[ScreeningQuestion]:
    return ScreeningQuestion.objects.filter(is_active=True)


# --- The security operations calendar ----------------------------------------------

# Each calendar entry's live decision (a list of at most one) and its conditions.
_LIVE_DECISIONS = Prefetch(
    "decisions",
    queryset=Decision.objects.filter(is_live=True)
    .only("request_id", "outcome", "is_live")
    .order_by()  # the model's ordering joins the request; there is one live decision
    .prefetch_related(
        Prefetch(
            "conditions",
            queryset=Condition.objects.only(
                "decision_id", "text", "owner", "confirmed_at"
            ).order_by("pk"),
        )
    ),
    to_attr="live_decisions",
)

# The speakers' names, in the request's order, for the calendar.
_CALENDAR_SPEAKERS = Prefetch(
    "speakers",
    queryset=EventSpeaker.objects.only("request_id", "name", "role", "position").order_by(
        "position", "pk"
    ),
)

CALENDAR_FIELDS = (
    "reference",
    "status",
    "title",
    "starts_at",
    "ends_at",
    "format",
    "venue",
    "expected_audience",
    "campus__name",
    "suggested_level__name",
)

CALENDAR_STATUSES = (
    *APPROVED_STATUSES,
    Status.IN_REVIEW,
    Status.INFORMATION_REQUESTED,
    Status.APPEALED,
)


def calendar_events(
    *,
    user: User | AnonymousUser,
    start: date,
    days: int = 14,
    end: date | None = None,
    campus: int | None = None,
    after: str | None = None,
    before: str | None = None,
) -> Page[EventRequest]:
    """Events from `start` to `end` (inclusive; else `days` days) in the person's
    calendar scope: approved ones, and those still in review (marked so), soonest
    first, with their level and the live decision's conditions. Three queries
    whatever the page's length."""
    begins = timezone.make_aware(datetime.combine(start, time.min))
    ends = (
        timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min))
        if end is not None
        else begins + timedelta(days=days)
    )
    events = (
        EventRequest.objects.filter(
            permissions.unit_scope(user, Capability.VIEW_EVENT_CALENDAR, "unit__"),
            status__in=CALENDAR_STATUSES,
            starts_at__gte=begins,
            starts_at__lt=ends,
        )
        .select_related("campus", "suggested_level")
        # Only what the calendar shows: a request has some 45 columns, and building
        # them was most of the page's time at national scale.
        .only(*CALENDAR_FIELDS)
        .prefetch_related(_LIVE_DECISIONS, _CALENDAR_SPEAKERS)
    )
    if campus:
        events = events.filter(campus_id=campus)
    return keyset_page(events, field="starts_at", after=after, before=before)


# A week or month of the calendar shows at most this many events; beyond it, the
# page says so and points to the list, which is paged.
CALENDAR_GRID_LIMIT = 300


def calendar_window(
    *, user: User | AnonymousUser, start: date, end: date, campus: int | None = None
) -> tuple[list[EventRequest], bool]:
    """The events of a bounded window (a week or a month) for the grid views, soonest
    first, and whether there were more than CALENDAR_GRID_LIMIT. Four queries."""
    begins = timezone.make_aware(datetime.combine(start, time.min))
    ends = timezone.make_aware(datetime.combine(end + timedelta(days=1), time.min))
    events = (
        EventRequest.objects.filter(
            permissions.unit_scope(user, Capability.VIEW_EVENT_CALENDAR, "unit__"),
            status__in=CALENDAR_STATUSES,
            starts_at__gte=begins,
            starts_at__lt=ends,
        )
        .select_related("campus", "suggested_level")
        .only(*CALENDAR_FIELDS)
        .prefetch_related(_LIVE_DECISIONS, _CALENDAR_SPEAKERS)
        .order_by("starts_at", "pk")
    )
    if campus:
        events = events.filter(campus_id=campus)
    rows: list[EventRequest] = list(events[: CALENDAR_GRID_LIMIT + 1])
    return rows[:CALENDAR_GRID_LIMIT], len(rows) > CALENDAR_GRID_LIMIT


# Security's home card looks this far ahead.
SECURITY_DAYS_AHEAD = 14


@dataclass(frozen=True)
class SecurityFigures:
    events: int
    unconfirmed_conditions: int
    # The next instant the fortnight's figures change with no write: the first of
    # its events starts (and leaves the window), or the first after it comes within
    # 14 days. None: nothing will (the home keeps the card until then, `HomeCard.until`).
    changes_at: datetime | None = None


def security_figures(*, user: User | AnonymousUser) -> SecurityFigures | None:
    """Security's home card: the events in the person's calendar scope over the next
    14 days, and the conditions on the approved ones not yet confirmed in place (one
    query); None for a person without the calendar."""
    if not permissions.has_capability(user, Capability.VIEW_EVENT_CALENDAR):
        return None
    now = timezone.now()
    # One query over the fortnight's requests (the status and starts index); each
    # approved one's unconfirmed conditions are counted through its live decision by
    # index. Joining the conditions to the decisions instead, PostgreSQL read every
    # decision of every year to find the few in the window.
    unconfirmed = (
        Condition.objects.filter(
            decision__request=OuterRef("pk"), decision__is_live=True, confirmed_at__isnull=True
        )
        .order_by()
        .values("decision__request")
        .annotate(count=Count("pk"))
        .values("count")
    )
    scope = permissions.unit_scope(user, Capability.VIEW_EVENT_CALENDAR, "unit__")
    ahead = now + timedelta(days=SECURITY_DAYS_AHEAD)
    # The first event after the window (the status and starts index, one row).
    entering = (
        EventRequest.objects.filter(scope, starts_at__gte=ahead, status__in=CALENDAR_STATUSES)
        .order_by("starts_at")
        .values("starts_at")[:1]
    )
    figures = EventRequest.objects.filter(
        scope, starts_at__gte=now, starts_at__lt=ahead, status__in=CALENDAR_STATUSES
    ).aggregate(
        events=Count("pk"),
        unconfirmed_conditions=Coalesce(
            Sum(Subquery(unconfirmed), filter=Q(status__in=APPROVED_STATUSES)), 0
        ),
        leaving=Min("starts_at"),
        # Asked outside the aggregate too: over an empty fortnight MIN() is NULL.
        entering=Coalesce(Min(Subquery(entering)), Subquery(entering)),
    )
    leaving, entering_at = figures.pop("leaving"), figures.pop("entering")
    instants = [leaving] if leaving is not None else []
    if entering_at is not None:
        instants.append(entering_at - timedelta(days=SECURITY_DAYS_AHEAD))
    return SecurityFigures(**figures, changes_at=min(instants, default=None))


def feed_events(*, user: User) -> QuerySet[EventRequest]:
    """The person's iCalendar feed: approved events in their calendar scope from a
    month ago to a year ahead; organisers also get their own approved events."""
    now = timezone.now()
    scope = permissions.unit_scope(user, Capability.VIEW_EVENT_CALENDAR, "unit__") | Q(
        organiser=user
    )
    return (
        EventRequest.objects.filter(
            scope,
            status__in=APPROVED_STATUSES,
            starts_at__gte=now - timedelta(days=31),
            starts_at__lt=now + timedelta(days=366),
        )
        .select_related(*LIST_RELATED)
        .prefetch_related(_LIVE_DECISIONS)
        .order_by("starts_at", "id")[:2000]
    )


@dataclass(frozen=True)
class HomeSummary:
    """What waits for this person in events, for the home page."""

    to_review: int
    to_answer: int
    drafts: int
    unread: int

    @property
    def anything(self) -> bool:
        return bool(self.to_review or self.to_answer or self.drafts or self.unread)


def home_summary(*, user: User | AnonymousUser) -> HomeSummary:
    if not user.is_authenticated:
        return HomeSummary(0, 0, 0, 0)
    own = organiser_figures(user=user)
    return HomeSummary(
        to_review=queue_count(user=user),
        to_answer=own.get(Status.INFORMATION_REQUESTED, 0),
        drafts=own.get(Status.DRAFT, 0),
        unread=notify_selectors.unread_count(user=user),
    )


# --- Facts another app may share (podium.sharing) ----------------------------------------

SHAREABLE_FIELDS: dict[str, str] = {
    "reference": "Reference",
    "title": "Title",
    "event_dates": "Event dates",
    "venue": "Venue",
    "speakers": "Speakers",
    "decision": "Decision",
    "conditions": "Conditions",
}


def shareable_facts(*, request: EventRequest, fields: Any) -> dict[str, str]:
    """The request's values for `fields` (keys of `SHAREABLE_FIELDS`) as text, in that
    order: what an outgoing disclosure snapshots, and nothing more."""
    wanted = [name for name in SHAREABLE_FIELDS if name in set(fields)]
    decision = request.decisions.filter(is_live=True).order_by("-decided_at").first()
    facts: dict[str, str] = {}
    for name in wanted:
        if name == "event_dates":
            start, end = request.starts_at, request.ends_at
            facts[name] = (
                f"{start:%d %B %Y %H:%M} to {end:%d %B %Y %H:%M}" if start and end else "Not set"
            )
        elif name == "venue":
            facts[name] = request.venue or "Not set"
        elif name == "speakers":
            facts[name] = ", ".join(s.name for s in request.speakers.order_by("pk")) or "None"
        elif name == "decision":
            facts[name] = decision.get_outcome_display() if decision else "Not decided"
        elif name == "conditions":
            conditions = list(decision.conditions.order_by("pk")) if decision else []
            facts[name] = "; ".join(c.text for c in conditions) or "None"
        else:
            facts[name] = str(getattr(request, name))
    return facts


def request_by_id(*, pk: int) -> EventRequest | None:
    """A request ever submitted (a draft is its organiser's alone), or None."""
    return EventRequest.objects.filter(access.ever_submitted(), pk=pk).first()


def working_days_after(start: date, days: int) -> date:
    """The date `days` working days after `start` on the institution's calendar."""
    return Calendar.current().add_working_days(start, days)


def submitted_request_by_reference(reference: str) -> EventRequest | None:
    """A request that was submitted (never someone's private draft), by its
    reference: for apps above events that link records to a request (governance's
    complaints)."""
    return (
        EventRequest.objects.filter(reference__iexact=reference.strip(), submitted_at__isnull=False)
        .only("pk", "reference", "title")
        .first()
    )


# --- The dashboards' monthly counts (read by podium.reporting) --------------------------


@dataclass(frozen=True)
class MonthCount:
    """A count of records in one month (`month` is the 1st) under one key (a status,
    an outcome); `given` and `required` sum the working days of notice of the
    `noticed` requests counted that have a notice period."""

    month: date
    key: str
    count: int
    noticed: int = 0
    given: int = 0
    required: int = 0


def _month(value: date | datetime) -> date:
    # TruncMonth answers a datetime in the current time zone for a datetime column.
    return value.date() if isinstance(value, datetime) else value


def _dashboard_scope(user: User | AnonymousUser, prefix: str = "") -> Q:
    """Requests of the units over which the person reads the dashboards; over the
    whole institution no filter at all (and no join to the units)."""
    if permissions.can_institution_wide(user, Capability.VIEW_DASHBOARDS):
        return Q()
    return permissions.unit_scope(user, Capability.VIEW_DASHBOARDS, prefix=f"{prefix}unit__")


def _dashboard_summary(user: User | AnonymousUser, start: datetime, end: datetime) -> bool:
    """Whether the counts come from the monthly summary rows: over the whole
    institution (the summaries have no units) and for whole months."""
    return _dashboard_scope(user) == Q() and summaries.whole_months(start, end)


def _from_summary(section: str, start: datetime, end: datetime) -> list[MonthCount]:
    months = summaries.read_series(section, summaries.month_keys(start, end))
    return [
        MonthCount(date.fromisoformat(f"{key}-01"), *row)
        for key, rows in months.items()
        for row in rows
    ]


def dashboard_stamp(
    *, user: User | AnonymousUser, section: str, start: datetime, end: datetime
) -> str | None:
    """The version of the figures `<section>_by_month` answers this person for
    [start, end) ("requests", "notice", "decisions" or "appeals"): the stamp of the
    monthly summary rows, which changes whenever one of those figures can have
    changed. None when the figures are counted live (a viewer limited to some units,
    a window not of whole months, a month marked or never counted)."""
    if not _dashboard_summary(user, start, end):
        return None
    return summaries.series_stamp(section, summaries.month_keys(start, end))


def _window(field: str, start: datetime, end: datetime) -> Q:
    return Q(**{f"{field}__gte": start, f"{field}__lt": end})


def requests_by_month(
    *, user: User | AnonymousUser, start: datetime, end: datetime
) -> list[MonthCount]:
    """Requests submitted in [start, end), by month of submission and current status
    (one grouped query, or the monthly summaries over the whole institution)."""
    if _dashboard_summary(user, start, end):
        return _from_summary("requests", start, end)
    return requests_by_month_in(_dashboard_scope(user), _window("submitted_at", start, end))


def requests_by_month_in(scope: Q, window: Q) -> list[MonthCount]:
    rows = (
        EventRequest.objects.filter(scope, window)
        .annotate(month=TruncMonth("submitted_at"))
        .values("month", "status")
        .annotate(n=Count("pk"))
    )
    return [MonthCount(_month(r["month"]), r["status"], r["n"]) for r in rows.order_by()]


NOTICE_KEYS = {"enough": "Enough notice", "late_fast_tracked": "Late, fast-tracked", "late": "Late"}


def notice_by_month(
    *, user: User | AnonymousUser, start: datetime, end: datetime
) -> list[MonthCount]:
    """Requests submitted in [start, end), by month and whether they gave the notice
    their event type required (`NOTICE_KEYS`), with the working days of notice given
    and required summed over those with a notice period (one grouped query, or the
    monthly summaries over the whole institution). A request with no notice period
    counts as giving enough notice."""
    if _dashboard_summary(user, start, end):
        return _from_summary("notice", start, end)
    return notice_by_month_in(_dashboard_scope(user), _window("submitted_at", start, end))


def notice_by_month_in(scope: Q, window: Q) -> list[MonthCount]:
    late = Q(notice_given_days__lt=F("notice_required_days"))
    has_period = Q(notice_required_days__isnull=False)
    rows = (
        EventRequest.objects.filter(scope, window)
        .annotate(
            month=TruncMonth("submitted_at"),
            notice=Case(
                When(late & Q(fast_tracked=True), then=Value("late_fast_tracked")),
                When(late, then=Value("late")),
                default=Value("enough"),
                output_field=CharField(),
            ),
        )
        .values("month", "notice")
        .annotate(
            n=Count("pk"),
            noticed=Count("notice_required_days"),
            given=Coalesce(Sum("notice_given_days", filter=has_period), 0),
            required=Coalesce(Sum("notice_required_days"), 0),
        )
        .order_by()
    )
    return [
        MonthCount(_month(r["month"]), r["notice"], r["n"], r["noticed"], r["given"], r["required"])
        for r in rows
    ]


def decisions_by_month(
    *, user: User | AnonymousUser, start: datetime, end: datetime
) -> list[MonthCount]:
    """First-instance decisions made in [start, end), by month and whether a review
    step's deadline had passed on the request before the decision ("late": the
    scheduled job escalated it or warned its last step, `ReminderSent` "timeout" or
    "overdue") or not ("in_time"); one grouped query, or the monthly summaries over
    the whole institution."""
    if _dashboard_summary(user, start, end):
        return _from_summary("decisions", start, end)
    return decisions_by_month_in(
        _dashboard_scope(user, "request__"), _window("decided_at", start, end)
    )


def decisions_by_month_in(scope: Q, window: Q) -> list[MonthCount]:
    deadline_passed = ReminderSent.objects.filter(
        request=OuterRef("request"),
        kind__in=("timeout", "overdue"),
        sent_at__lte=OuterRef("decided_at"),
    )
    rows = (
        Decision.objects.filter(scope, window, on_appeal=False)
        .annotate(month=TruncMonth("decided_at"), late=Exists(deadline_passed))
        .values("month", "late")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [
        MonthCount(_month(r["month"]), "late" if r["late"] else "in_time", r["n"]) for r in rows
    ]


def appeals_by_month(
    *, user: User | AnonymousUser, start: datetime, end: datetime
) -> list[MonthCount]:
    """Appeals lodged in [start, end), by month lodged and status (lodged, upheld,
    dismissed); one grouped query, or the monthly summaries over the institution."""
    if _dashboard_summary(user, start, end):
        return _from_summary("appeals", start, end)
    return appeals_by_month_in(
        _dashboard_scope(user, "request__"), _window("lodged_at", start, end)
    )


def appeals_by_month_in(scope: Q, window: Q) -> list[MonthCount]:
    rows = (
        Appeal.objects.filter(scope, window)
        .annotate(month=TruncMonth("lodged_at"))
        .values("month", "status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [MonthCount(_month(r["month"]), r["status"], r["n"]) for r in rows]


# --- The regulator's return (podium/reporting reads these) ---------------------------
#
# How a request is counted (podium/reporting/README.md, "Definitions"): the year is
# decided by the event's start (local time), so an event starting on 31 July and
# ending on 1 August counts in the year ending 31 July. Each submitted request falls
# in exactly one bucket, by its status and its live decision: a re-approved request
# counts once, by the decision now in force; a decision under appeal counts as it
# stands until the appeal is decided, then the appeal's decision counts instead.

RETURN_BUCKETS: dict[str, str] = {
    "approved": "Approved without conditions",
    "conditions_prevent": "Approved with conditions because of Prevent-related risk",
    "conditions_other": "Approved with conditions for other reasons",
    "rejected_health_and_safety": "Rejected: health and safety",
    "rejected_procedural": "Rejected: procedural",
    "rejected_prevent": "Rejected: Prevent",
    "rejected_other": "Rejected: other",
    "withdrawn": "Withdrawn by the organiser",
    "lapsed": "Lapsed undecided",
    "undecided": "Not yet decided",
}


# Totals the return also links to (`?bucket=` on the request list).
RETURN_FILTERS: dict[str, str] = {
    **RETURN_BUCKETS,
    "rejected": "Rejected, any reason",
    "all": "Every request submitted",
}


def _bucket_filter(bucket: str) -> Q:
    decided = ~Q(status__in=[Status.WITHDRAWN, Status.LAPSED])
    if bucket == "all":
        return Q()
    if bucket == "rejected":
        return decided & Q(return_outcome="rejected")
    if bucket == "withdrawn":
        return Q(status=Status.WITHDRAWN)
    if bucket == "lapsed":
        return Q(status=Status.LAPSED)
    if bucket == "undecided":
        return decided & Q(return_outcome__isnull=True)
    if bucket == "approved":
        return decided & Q(return_outcome="approved")
    if bucket.startswith("conditions_"):
        prevent = bucket == "conditions_prevent"
        return decided & Q(return_outcome="approved_with_conditions", return_prevent=prevent)
    category = bucket.removeprefix("rejected_")
    matches = Q(return_category=category)
    if category == "other":  # a rejection recorded before categories were asked for
        matches |= Q(return_category="") | Q(return_category__isnull=True)
    return decided & Q(return_outcome="rejected") & matches


def _in_return_year(year: int) -> QuerySet[EventRequest]:
    starts, ends = academic_year.window(year)
    return (
        EventRequest.objects.filter(
            submitted_at__isnull=False, starts_at__gte=starts, starts_at__lt=ends
        )
        .annotate(
            # A join to the live decision (at most one a request), not two correlated
            # subqueries a row: a rare bucket's list filters every request of the year.
            live=FilteredRelation("decisions", condition=Q(decisions__is_live=True)),
            return_outcome=F("live__outcome"),
            return_category=F("live__rejection_category"),
            return_prevent=Exists(
                Condition.objects.filter(
                    decision__request=OuterRef("pk"), decision__is_live=True, prevent_related=True
                )
            ),
        )
        .order_by()
    )


def return_counts(*, year: int) -> dict[str, dict[str, int]]:
    """Requests and speaker appearances in each bucket of the return for the
    academic year starting 1 August `year`, institution-wide (the return is the
    institution's): `{"requests": {bucket: n}, "speakers": {bucket: n}}`. Read from
    the monthly summary rows (`podium.events.summaries`: one query when they are up
    to date), the months of the year added up."""
    counts: dict[str, dict[str, int]] = {
        "requests": dict.fromkeys(RETURN_BUCKETS, 0),
        "speakers": dict.fromkeys(RETURN_BUCKETS, 0),
    }
    for month in summaries.read_return(summaries.months_of_year(year)).values():
        for unit in ("requests", "speakers"):
            for bucket, n in month[unit].items():
                counts[unit][bucket] += n
    return counts


def return_counts_by_month(starts_in: Q) -> dict[date, dict[str, dict[str, int]]]:
    """The return's buckets (as `return_counts`) for the submitted requests whose
    event starts in the windows `starts_in` (a condition on `starts_at`), by the
    month (local time) the event starts: the live recount behind the summaries."""
    # One grouped query over joins: a row per (month, status, live outcome, category,
    # Prevent condition), a few dozen a month whatever the volume. Not the per-row
    # correlated subqueries a row: at 42,500 requests a year they cost ~1 s.
    rows = (
        EventRequest.objects.filter(starts_in, submitted_at__isnull=False)
        .annotate(
            month=TruncMonth("starts_at"),
            live=FilteredRelation("decisions", condition=Q(decisions__is_live=True)),
            return_outcome=F("live__outcome"),
            return_category=F("live__rejection_category"),
            return_prevent=Exists(
                Condition.objects.filter(
                    decision__request=OuterRef("pk"), decision__is_live=True, prevent_related=True
                )
            ),
        )
        .values("month", "status", "return_outcome", "return_category", "return_prevent")
        # A request joins one row per speaker (or one with none): requests are
        # counted distinct, speakers once per appearance.
        .annotate(requests=Count("pk", distinct=True), appearances=Count("speakers"))
        .order_by()
    )
    counts: dict[date, dict[str, dict[str, int]]] = {}
    for row in rows:
        month = counts.setdefault(_month(row["month"]), {"requests": {}, "speakers": {}})
        bucket = _bucket_of(row)
        month["requests"][bucket] = month["requests"].get(bucket, 0) + row["requests"]
        month["speakers"][bucket] = month["speakers"].get(bucket, 0) + row["appearances"]
    return counts


def _bucket_of(row: dict[str, Any]) -> str:
    if row["status"] in (Status.WITHDRAWN, Status.LAPSED):
        return str(row["status"])
    outcome = row["return_outcome"]
    if outcome is None:
        return "undecided"
    if outcome == "approved":
        return "approved"
    if outcome == "approved_with_conditions":
        return "conditions_prevent" if row["return_prevent"] else "conditions_other"
    return f"rejected_{row['return_category'] or 'other'}"


@dataclass(frozen=True)
class ReturnRejection:
    pk: int
    reference: str
    category: str
    reason: str

    @property
    def bucket(self) -> str:
        """The return's number this rejection is counted in."""
        return f"rejected_{self.category or 'other'}"

    @property
    def category_label(self) -> str:
        category = self.category or RejectionCategory.OTHER
        return str(RejectionCategory(category).label)


def return_rejections(*, year: int) -> list[ReturnRejection]:
    """Each request rejected in the year's return, with the rejection's words."""
    rows = (
        Decision.objects.filter(
            is_live=True,
            outcome="rejected",
            request__in=_in_return_year(year)
            .exclude(status__in=[Status.WITHDRAWN, Status.LAPSED])
            .values("pk"),
        )
        .order_by("request__reference")
        .values_list("request_id", "request__reference", "rejection_category", "rejection_reason")
    )
    return [ReturnRejection(*row) for row in rows]


def may_list_requests_in_scope(user: User | AnonymousUser) -> bool:
    """Whether the person has the reviewer's list of requests (the return's links)."""
    return any(permissions.has_capability(user, c) for c in access.SEEING)


def return_requests(
    *,
    user: User | AnonymousUser,
    year: int,
    bucket: str,
    after: str | None = None,
    before: str | None = None,
) -> Page[EventRequest]:
    """The requests behind one number of the return, within the person's scope."""
    rows = _listed(
        _in_return_year(year).filter(_bucket_filter(bucket)).filter(access.visible_filter(user))
    )
    return keyset_page(rows, field="created_at", after=after, before=before, descending=True)


def institution_nation() -> str:
    """The nation configured in the events policy (`Nation`: ENG, SCT or NIR)."""
    return EventsPolicy.current().nation


def appeal_counts(*, year: int) -> dict[str, int]:
    """Appeals against decisions on the year's requests (the event's start decides
    the year, as for the return): lodged in all, upheld, dismissed, pending."""
    found = dict(
        Appeal.objects.filter(request__in=_in_return_year(year).values("pk"))
        .values("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
        .order_by()
    )
    return {
        "lodged": sum(found.values()),
        "upheld": found.get(AppealStatus.UPHELD, 0),
        "dismissed": found.get(AppealStatus.DISMISSED, 0),
        "pending": found.get(AppealStatus.LODGED, 0),
    }
