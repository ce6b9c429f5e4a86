"""The security operations calendar and private iCalendar feeds.

- `/events/calendar/`: upcoming events in the person's `VIEW_EVENT_CALENDAR` scope,
  by day, with level and conditions; filters by campus and dates.
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


@dataclass
class CalendarDay:
    day: date
    label: str
    entries: list[CalendarEntry]


def _by_day(events: list[EventRequest]) -> list[CalendarDay]:
    # Dates are formatted here, once per row, with strftime: template date filters
    # were most of a list page's time in the bench (QUALITY.md).
    days: list[CalendarDay] = []
    for event in events:
        assert event.starts_at is not None  # the selector asks for a start
        starts = timezone.localtime(event.starts_at)
        ends = timezone.localtime(event.ends_at) if event.ends_at else None
        if not days or days[-1].day != starts.date():
            days.append(CalendarDay(starts.date(), f"{starts:%A} {starts.day} {starts:%B %Y}", []))
        live = getattr(event, "live_decisions", [])
        days[-1].entries.append(
            CalendarEntry(
                event=event,
                time=f"{starts:%H:%M}–{ends:%H:%M}" if ends else f"{starts:%H:%M}",
                approved=event.is_approved,
                conditions=list(live[0].conditions.all()) if live else [],
            )
        )
    return days


@require_GET
@login_required
def calendar(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Upcoming events, by day, for security and events staff."""
    permissions.require(request.user, Capability.VIEW_EVENT_CALENDAR)
    form = CalendarFilterForm(request.GET or None)
    page = None
    if not form.is_bound or form.is_valid():
        data = form.cleaned_data if form.is_bound else {}
        since = data.get("since") or timezone.localdate()
        until = data.get("until") or since + timedelta(days=DEFAULT_DAYS - 1)
        campus = data.get("campus")
        page = selectors.calendar_events(
            user=request.user,
            start=since,
            end=until,
            campus=campus.pk if campus else None,
            after=request.GET.get("after"),
            before=request.GET.get("before"),
        )
        shown = (since, until)
    query = request.GET.copy()
    for key in ("after", "before"):
        query.pop(key, None)
    return render(
        request,
        "events/calendar.html",
        {
            "form": form,
            "page": page,
            "days": _by_day(page.items) if page else [],
            "shown": shown if page else None,
            "page_query": query.urlencode(),
        },
    )


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
