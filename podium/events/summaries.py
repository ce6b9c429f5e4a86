"""The events' counts kept as data (`podium.core.summaries`): one row a month.

Kind `events.monthly`, key "YYYY-MM" (the month in the institution's time zone),
value: the return's buckets for the submitted requests whose event starts in the
month (`return`), and the dashboards' series over the whole institution for the
month: requests submitted by status (`requests`), their notice (`notice`), first
decisions made, late or in time (`decisions`), appeals lodged by status
(`appeals`). Each section is the live selector's grouped query, so a recount is
five queries for any number of months.

Which months a change can move: the month its event starts, the month it was
submitted, the months of its appeals, and this month (a decision, appeal,
submission or review step's deadline passing happens now). `request_changed`
marks them when a service locks a request (the months before the change) and
when it saves it (after): every state change of a request goes through both
(`services/base.py`). Retention marks every month (topic
"events.eventrequest").
"""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.db.models.functions import TruncMonth
from django.utils import timezone

from podium.core import summaries
from podium.core.academic_year import midnight

if TYPE_CHECKING:
    from podium.events.models import EventRequest

MONTHLY = "events.monthly"
SECTIONS = ("requests", "notice", "decisions", "appeals")


def key_of(moment: datetime | date) -> str:
    local = timezone.localtime(moment) if isinstance(moment, datetime) else moment
    return f"{local:%Y-%m}"


def _first(key: str) -> date:
    return date.fromisoformat(f"{key}-01")


def _following(first: date) -> date:
    return date(first.year + (first.month == 12), first.month % 12 + 1, 1)


def month_keys(start: datetime, end: datetime) -> list[str]:
    """The months from `start`'s to the one before `end`'s."""
    keys, month = [], timezone.localtime(start).date().replace(day=1)
    while midnight(month) < end:
        keys.append(key_of(month))
        month = _following(month)
    return keys


def months_of_year(year: int) -> list[str]:
    """The twelve months of the academic year starting 1 August `year`."""
    return [f"{year + (m < 8)}-{m:02d}" for m in (8, 9, 10, 11, 12, 1, 2, 3, 4, 5, 6, 7)]


def whole_months(start: datetime, end: datetime) -> bool:
    """Whether [start, end) runs from a month's first midnight to another's."""
    return all(
        moment == midnight(timezone.localtime(moment).date().replace(day=1))
        for moment in (start, end)
    )


def _windows(field: str, keys: list[str]) -> Q:
    where = Q(pk__in=[])
    for key in keys:
        first = _first(key)
        where |= Q(
            **{f"{field}__gte": midnight(first), f"{field}__lt": midnight(_following(first))}
        )
    return where


def empty() -> dict[str, Any]:
    """A month with nothing in it."""
    return {"return": {"requests": {}, "speakers": {}}, **{s: [] for s in SECTIONS}}


def recount(keys: list[str]) -> dict[str, Any]:
    """The live counts of each month in `keys`: five grouped queries in all."""
    from podium.events import selectors  # selectors read these rows

    values: dict[str, Any] = {key: empty() for key in keys}
    for first, counts in selectors.return_counts_by_month(_windows("starts_at", keys)).items():
        values[key_of(first)]["return"] = counts
    series = {
        "requests": selectors.requests_by_month_in(Q(), _windows("submitted_at", keys)),
        "notice": selectors.notice_by_month_in(Q(), _windows("submitted_at", keys)),
        "decisions": selectors.decisions_by_month_in(Q(), _windows("decided_at", keys)),
        "appeals": selectors.appeals_by_month_in(Q(), _windows("lodged_at", keys)),
    }
    for section, rows in series.items():
        for row in sorted(rows, key=lambda r: (r.month, r.key)):
            figures = [row.key, row.count]
            if section == "notice":
                figures += [row.noticed, row.given, row.required]
            values[key_of(row.month)][section].append(figures)
    return values


def every_key() -> set[str]:
    """Every month with a submitted request's start or submission, a decision or an
    appeal in it."""
    from podium.events.models import Appeal, Decision, EventRequest

    submitted = EventRequest.objects.filter(submitted_at__isnull=False)
    found: set[str] = set()
    for queryset, field in (
        (submitted, "starts_at"),
        (submitted, "submitted_at"),
        (Decision.objects.all(), "decided_at"),
        (Appeal.objects.all(), "lodged_at"),
    ):
        months = (
            queryset.exclude(**{f"{field}__isnull": True})
            .annotate(month=TruncMonth(field))
            .values_list("month", flat=True)
            .distinct()
            .order_by()
        )
        found.update(key_of(m) for m in months)
    return found


def request_changed(event_request: EventRequest) -> None:
    """Mark the months `event_request`, as it stands in memory, can move (see the
    module's docstring), in the caller's transaction. Drafts count nowhere."""
    if event_request.submitted_at is None:
        return
    from podium.events.models import Appeal

    keys = {key_of(timezone.now()), key_of(event_request.submitted_at)}
    if event_request.starts_at is not None:
        keys.add(key_of(event_request.starts_at))
    keys.update(
        key_of(lodged)
        for lodged in Appeal.objects.filter(request_id=event_request.pk).values_list(
            "lodged_at", flat=True
        )
    )
    summaries.mark(MONTHLY, keys)


def read_months(keys: list[str]) -> dict[str, Any]:
    return summaries.read(MONTHLY, keys)


def register() -> None:
    summaries.register(
        summaries.SummaryKind(
            name=MONTHLY,
            recount=recount,
            keys=every_key,
            empty=empty,
            depends_on=frozenset(
                {"events.eventrequest", "events.decision", "events.appeal", "events.eventspeaker"}
            ),
        )
    )
