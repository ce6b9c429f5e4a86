"""The security operations calendar and private iCalendar feeds.

- `/events/calendar/`: events in the person's `VIEW_EVENT_CALENDAR` scope, in three
  views: `?view=list` (the default: one table, soonest first, keyset-paged, filters
  by campus and dates), `?view=week` and `?view=month` (a bounded window around
  `?on=YYYY-MM-DD`, a grid of days, with the previous and next week or month).
  Each event shows its speakers, the live decision and each condition's owner and
  confirmation. All three print.
- `/events/calendar/feed/`: the person's private feed address, and a button to
  create or replace it (calendar viewers and organisers).
- `/events/calendar/feed/<key>.ics`: the feed itself. Calendar programs cannot sign
  in, so the unguessable address is the credential; it serves only what its owner
  may see, and nothing once they are deactivated or replace it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.views.decorators.http import require_GET, require_http_methods, require_safe
from icalendar import Calendar as ICalendar
from icalendar import Event as IEvent

from podium.accounts import permissions
from podium.accounts.models import User
from podium.accounts.roles import Capability
from podium.core.forms import PodiumForm
from podium.core.http import AuthenticatedHttpRequest
from podium.events import selectors
from podium.events.calendar import services as calendar_services
from podium.events.models import CalendarFeed, Campus, Condition, EventRequest

# How far ahead the calendar looks when no end date is given, and at most.
DEFAULT_DAYS = 28
MAX_DAYS = 366


class CalendarFilterForm(PodiumForm):
    campus = forms.ModelChoiceField(
        queryset=Campus.objects.filter(is_active=True),
        required=False,
        empty_label="Any campus",
        error_messages={"invalid_choice": "Choose a campus from the list."},
    )
    since = forms.DateField(
        required=False,
        label="From",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter a real date for From."},
    )
    until = forms.DateField(
        required=False,
        label="To",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter a real date for To."},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        since, until = cleaned.get("since"), cleaned.get("until")
        if since and until:
            if until < since:
                self.add_error("until", "To must be the same as or after From.")
            elif (until - since).days > MAX_DAYS:
                self.add_error("until", "Show at most a year at a time.")
        return cleaned


@dataclass
class CalendarEntry:
    event: EventRequest
    time: str
    approved: bool
    conditions: list[Condition]
    day: str = ""  # "Mon 7 Dec 2026", for the list's date column
    decision: str = ""  # the live decision's outcome, or "Not yet approved"
    speakers: str = ""  # the speakers' names, in the request's order


def _entry(event: EventRequest) -> CalendarEntry:
    # Dates are formatted here, once per row, with strftime: template date filters
    # were most of a list page's time in the bench (QUALITY.md).
    assert event.starts_at is not None  # the selectors ask for a start
    starts = timezone.localtime(event.starts_at)
    ends = timezone.localtime(event.ends_at) if event.ends_at else None
    live = getattr(event, "live_decisions", [])
    return CalendarEntry(
        event=event,
        time=f"{starts:%H:%M}–{ends:%H:%M}" if ends else f"{starts:%H:%M}",
        approved=event.is_approved,
        conditions=list(live[0].conditions.all()) if live else [],
        day=f"{starts:%a} {starts.day} {starts:%b %Y}",
        decision=live[0].get_outcome_display() if live else "Not yet approved",
        speakers=", ".join(speaker.name for speaker in event.speakers.all()),
    )


@dataclass
class GridDay:
    day: date
    label: str  # "Monday 7 December 2026", for the cell's heading
    number: int
    in_window: bool  # False for the days of the month grid outside the month
    is_today: bool
    entries: list[CalendarEntry]


VIEWS = {"list": "List", "week": "Week", "month": "Month"}


def _anchor(raw: str) -> date:
    """The day the week or month is around: `?on=`, else today."""
    try:
        return date.fromisoformat(raw) if raw else timezone.localdate()
    except ValueError:
        return timezone.localdate()


def _month_start(day: date, months: int = 0) -> date:
    year, month = divmod(day.month - 1 + months, 12)
    return date(day.year + year, month + 1, 1)


def _window(view: str, on: date) -> tuple[date, date, date, date, str]:
    """(first day, last day, previous anchor, next anchor, caption) of the grid."""
    if view == "week":
        first = on - timedelta(days=on.weekday())
        last = first + timedelta(days=6)
        caption = f"Week of {first.day} {first:%B %Y}"
        return first, last, first - timedelta(days=7), first + timedelta(days=7), caption
    month = _month_start(on)
    following = _month_start(on, 1)
    first = month - timedelta(days=month.weekday())
    last_of_month = following - timedelta(days=1)
    last = last_of_month + timedelta(days=6 - last_of_month.weekday())
    return first, last, _month_start(on, -1), following, f"{month:%B %Y}"


def _grid(
    first: date, last: date, in_window: tuple[date, date], events: list[EventRequest]
) -> list[list[GridDay]]:
    today = timezone.localdate()
    by_day: dict[date, list[CalendarEntry]] = {}
    for event in events:
        assert event.starts_at is not None
        by_day.setdefault(timezone.localtime(event.starts_at).date(), []).append(_entry(event))
    weeks: list[list[GridDay]] = []
    day = first
    while day <= last:
        if day.weekday() == 0:
            weeks.append([])
        weeks[-1].append(
            GridDay(
                day=day,
                label=f"{day:%A} {day.day} {day:%B %Y}",
                number=day.day,
                in_window=in_window[0] <= day <= in_window[1],
                is_today=day == today,
                entries=by_day.get(day, []),
            )
        )
        day += timedelta(days=1)
    return weeks


def _view_links(request: AuthenticatedHttpRequest, view: str, on: date) -> list[dict[str, Any]]:
    links = []
    for key, label in VIEWS.items():
        query = request.GET.copy()
        for name in ("after", "before", "since", "until", "on", "view"):
            query.pop(name, None)
        query["view"] = key
        if key != "list":
            query["on"] = on.isoformat()
        links.append({"label": label, "url": f"?{query.urlencode()}", "current": key == view})
    return links


def _grid_context(
    request: AuthenticatedHttpRequest, view: str, on: date, campus: Campus | None
) -> dict[str, Any]:
    first, last, previous, following, caption = _window(view, on)
    if view == "week":
        shown = (first, last)
    else:
        shown = (_month_start(on), _month_start(on, 1) - timedelta(days=1))
    events, more = selectors.calendar_window(
        user=request.user, start=first, end=last, campus=campus.pk if campus else None
    )

    def at(anchor: date | None) -> str:
        query = request.GET.copy()
        for name in ("on", "since", "until", "after", "before"):
            query.pop(name, None)
        if anchor is not None:
            query["on"] = anchor.isoformat()
        return f"?{query.urlencode()}"

    unit = "week" if view == "week" else "month"
    return {
        "weeks": _grid(first, last, shown, events),
        "caption": caption,
        "shown": shown,
        "more": more,
        "limit": selectors.CALENDAR_GRID_LIMIT,
        "previous": {"label": f"Previous {unit}", "url": at(previous)},
        "next": {"label": f"Next {unit}", "url": at(following)},
        "this": {"label": f"This {unit}", "url": at(None)},
    }


@require_GET
@login_required
def calendar(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Events for security and events staff: a list (the default), a week or a month."""
    permissions.require(request.user, Capability.VIEW_EVENT_CALENDAR)
    view = request.GET.get("view", "list")
    if view not in VIEWS:
        view = "list"
    on = _anchor(request.GET.get("on", ""))
    filters = {k: v for k, v in request.GET.items() if k in ("campus", "since", "until")}
    form = CalendarFilterForm(filters or None)
    context: dict[str, Any] = {"form": form, "view": view, "page": None, "shown": None}
    if not form.is_bound or form.is_valid():
        data = form.cleaned_data if form.is_bound else {}
        campus = data.get("campus")
        if view == "list":
            since = data.get("since") or timezone.localdate()
            until = data.get("until") or since + timedelta(days=DEFAULT_DAYS - 1)
            page = selectors.calendar_events(
                user=request.user,
                start=since,
                end=until,
                campus=campus.pk if campus else None,
                after=request.GET.get("after"),
                before=request.GET.get("before"),
            )
            context |= {
                "page": page,
                "entries": [_entry(event) for event in page.items],
                "shown": (since, until),
            }
        else:
            on = data.get("since") or on
            context |= _grid_context(request, view, on, campus)
    query = request.GET.copy()
    for key in ("after", "before"):
        query.pop(key, None)
    context |= {"views": _view_links(request, view, on), "page_query": query.urlencode()}
    return render(request, "events/calendar.html", context)


def _may_have_feed(user: User) -> bool:
    return (
        permissions.has_capability(user, Capability.VIEW_EVENT_CALENDAR)
        or permissions.has_capability(user, Capability.REQUEST_EVENTS)
        or EventRequest.objects.filter(organiser=user).exists()
    )


@login_required
@require_http_methods(["GET", "POST"])
def feed_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The person's private feed address, and a button to create or replace it.

    Only the key's hash is stored, so the address is shown once: on the page that
    answers the POST that made it (not a redirect, which would need the key kept
    somewhere). Later visits say when it was made and offer to replace it."""
    if not _may_have_feed(request.user):
        raise PermissionDenied
    address = None
    if request.method == "POST":
        replacing = CalendarFeed.objects.filter(user=request.user).exists()
        issued = calendar_services.replace_calendar_feed(acting_user=request.user)
        messages.success(
            request,
            "Your new calendar address is below. The old one no longer works."
            if replacing
            else "Your calendar address is below.",
        )
        feed: CalendarFeed | None = issued.feed
        address = request.build_absolute_uri(reverse("events:calendar-feed", args=[issued.key]))
    else:
        feed = CalendarFeed.objects.filter(user=request.user).first()
    return render(
        request,
        "events/calendar_feed.html",
        {
            "feed": feed,
            "address": address,
            "is_viewer": permissions.has_capability(request.user, Capability.VIEW_EVENT_CALENDAR),
        },
    )


def _description(event: EventRequest) -> str:
    lines = []
    if event.suggested_level:
        lines.append(f"Suggested risk level: {event.suggested_level.name}")
    if event.expected_audience is not None:
        lines.append(f"Expected audience: {event.expected_audience}")
    live = getattr(event, "live_decisions", [])
    conditions = list(live[0].conditions.all()) if live else []
    if conditions:
        lines.append("Conditions:")
        for condition in conditions:
            state = "confirmed in place" if condition.confirmed_at else "not yet confirmed"
            lines.append(f"- {condition.text} ({condition.owner}; {state})")
    else:
        lines.append("No conditions.")
    lines.append(f"Request {event.reference}")
    return "\n".join(lines)


def _location(event: EventRequest) -> str:
    return ", ".join(
        part for part in (event.venue, event.campus.name if event.campus else "") if part
    )


def feed_calendar(*, user: User, base_url: str) -> bytes:
    """The person's feed as iCalendar (RFC 5545) text."""
    ical = ICalendar()
    ical.add("prodid", "-//Podium//Security operations calendar//EN")
    ical.add("version", "2.0")
    ical.add("x-wr-calname", "Podium events")
    for event in selectors.feed_events(user=user):
        item = IEvent()
        item.add("uid", f"{event.reference}@podium")
        # When the event's information last changed (RFC 5545 3.8.7.2, for a feed
        # without METHOD): the feed is the same bytes until something changes, so
        # its ETag lets calendar clients skip unchanged downloads.
        item.add("dtstamp", event.updated_at)
        item.add("dtstart", event.starts_at)
        if event.ends_at:
            item.add("dtend", event.ends_at)
        item.add("summary", event.title)
        item.add("location", _location(event))
        item.add("description", _description(event))
        item.add("status", "CONFIRMED")
        item.add("url", base_url + reverse("events:request-detail", args=[event.pk]))
        ical.add_component(item)
    return bytes(ical.to_ical())


@require_safe
def feed(request: HttpRequest, key: str) -> HttpResponse:
    """The iCalendar feed behind a private address; 404 for an unknown or replaced
    address, or one whose owner is deactivated. Answers HEAD as calendar clients and
    link checkers probe with it, and 304 to an If-None-Match of the current ETag."""
    entry = (
        CalendarFeed.objects.select_related("user")
        .filter(key_hash=CalendarFeed.hash_key(key))
        .first()
    )
    if entry is None or not entry.user.is_active:
        raise Http404
    body = feed_calendar(user=entry.user, base_url=request.build_absolute_uri("/").rstrip("/"))
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["ETag"] = etag
    response["Cache-Control"] = "private, max-age=300"
    response["Content-Disposition"] = 'inline; filename="podium-events.ics"'
    return get_conditional_response(request, etag=etag, response=response) or response
