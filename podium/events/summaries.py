"""The events' counts kept as data (`podium.core.summaries`): one row a month.

Kinds, each keyed "YYYY-MM" (the month in the institution's time zone):
`events.return`, the return's buckets for the submitted requests whose event
starts in the month; and the dashboards' series over the whole institution:
`events.requests` (requests submitted in the month, by status), `events.notice`
(their notice), `events.decisions` (first decisions made, late or in time),
`events.appeals` (appeals lodged, by status). Each recount is the live
selector's one grouped query, for any number of months.

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

RETURN = "events.return"
SERIES = {
    "requests": "events.requests",
    "notice": "events.notice",
    "decisions": "events.decisions",
    "appeals": "events.appeals",
}
KINDS = (RETURN, *SERIES.values())


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


def _empty_return() -> dict[str, Any]:
    """A month with no event starting in it."""
    return {"requests": {}, "speakers": {}}


def _recount_return(keys: list[str]) -> dict[str, Any]:
    from podium.events import selectors  # the selectors read these rows

    values: dict[str, Any] = {key: _empty_return() for key in keys}
    for first, counts in selectors.return_counts_by_month(_windows("starts_at", keys)).items():
        values[key_of(first)] = counts
    return values


def _series_recount(section: str) -> Any:
    def recount(keys: list[str]) -> dict[str, Any]:
        from podium.events import selectors  # the selectors read these rows

        readers = {
            "requests": (selectors.requests_by_month_in, "submitted_at"),
            "notice": (selectors.notice_by_month_in, "submitted_at"),
            "decisions": (selectors.decisions_by_month_in, "decided_at"),
            "appeals": (selectors.appeals_by_month_in, "lodged_at"),
        }
        reader, field = readers[section]
        rows = reader(Q(), _windows(field, keys))
        values: dict[str, list[list[Any]]] = {key: [] for key in keys}
        for row in sorted(rows, key=lambda r: (r.month, r.key)):
            figures = [row.key, row.count]
            if section == "notice":
                figures += [row.noticed, row.given, row.required]
            values[key_of(row.month)].append(figures)
        return values

    return recount


def _months_of(model: str, field: str) -> Any:
    def keys() -> set[str]:
        from podium.events.models import Appeal, Decision, EventRequest  # models load first

        queryset = {
            "request": EventRequest.objects.filter(submitted_at__isnull=False),
            "decision": Decision.objects.all(),
            "appeal": Appeal.objects.all(),
        }[model]
        months = (
            queryset.exclude(**{f"{field}__isnull": True})
            .annotate(month=TruncMonth(field))
            .values_list("month", flat=True)
            .distinct()
            .order_by()
        )
        return {key_of(m) for m in months}

    return keys


def request_changed(event_request: EventRequest) -> None:
    """Mark the months `event_request`, as it stands in memory, can move (see the
    module's docstring), in the caller's transaction. Drafts count nowhere."""
    if event_request.submitted_at is None:
        return
    from podium.events.models import Appeal  # models load before this module

    keys = {key_of(timezone.now()), key_of(event_request.submitted_at)}
    if event_request.starts_at is not None:
        keys.add(key_of(event_request.starts_at))
    keys.update(
        key_of(lodged)
        for lodged in Appeal.objects.filter(request_id=event_request.pk).values_list(
            "lodged_at", flat=True
        )
    )
    summaries.mark(KINDS, keys)


def read_return(keys: list[str]) -> dict[str, Any]:
    return summaries.read(RETURN, keys)


def read_series(section: str, keys: list[str]) -> dict[str, Any]:
    return summaries.read(SERIES[section], keys)


def series_stamp(section: str, keys: list[str]) -> str | None:
    """The version of what `read_series` answers (`podium.core.summaries.stamp`)."""
    return summaries.stamp(SERIES[section], keys)


DEPENDS_ON = frozenset(
    {"events.eventrequest", "events.decision", "events.appeal", "events.eventspeaker"}
)
FIELDS = {
    "requests": ("request", "submitted_at"),
    "notice": ("request", "submitted_at"),
    "decisions": ("decision", "decided_at"),
    "appeals": ("appeal", "lodged_at"),
}


def register() -> None:
    summaries.register(
        summaries.SummaryKind(
            name=RETURN,
            recount=_recount_return,
            keys=_months_of("request", "starts_at"),
            empty=_empty_return,
            depends_on=DEPENDS_ON,
        )
    )
    for section, name in SERIES.items():
        summaries.register(
            summaries.SummaryKind(
                name=name,
                recount=_series_recount(section),
                keys=_months_of(*FIELDS[section]),
                empty=list,
                depends_on=DEPENDS_ON,
            )
        )
