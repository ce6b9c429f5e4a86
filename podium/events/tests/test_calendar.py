"""The security operations calendar and the private iCalendar feeds."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from podium.accounts import services as account_services
from podium.accounts.roles import Role
from podium.audit.models import AuditEntry
from podium.events import services
from podium.events.calendar import services as calendar_services
from podium.events.models import CalendarFeed, Campus, EventRequest
from podium.testing.events import approval, make_request
from podium.testing.factories import make_person_with_role
from podium.testing.personas import client_for


@pytest.fixture
def people(institution, faculty, other_faculty):
    return {
        "officer": make_person_with_role(Role.EVENTS_OFFICER, faculty, full_name="Eve Officer"),
        "prevent": make_person_with_role(Role.PREVENT_LEAD, institution, full_name="Pat Prevent"),
        "security": make_person_with_role(Role.HEAD_OF_SECURITY, faculty, full_name="Sid Security"),
        "other_security": make_person_with_role(
            Role.HEAD_OF_SECURITY, other_faculty, full_name="Oz Other"
        ),
    }


def approved_event(personas, unit, people, *, conditions=False, days=10, **facts):
    request = make_request(
        organiser=personas.organiser,
        unit=unit,
        submit=True,
        starts_at=timezone.now() + timedelta(days=days),
        late_reason="Arranged at short notice.",
        **facts,
    )
    services.decide(
        acting_user=people["officer"], event_request=request, facts=approval(conditions=conditions)
    )
    request.refresh_from_db()
    return request


def calendar_page(user, **query):
    return client_for(user).get(reverse("events:calendar"), query)


def test_security_sees_events_in_their_units_only(personas, faculty, people):
    approved_event(personas, faculty, people, title="Faculty debate")
    page = calendar_page(people["security"])
    assert page.status_code == 200
    assert "Faculty debate" in page.text
    assert "Faculty debate" not in calendar_page(people["other_security"]).text


@pytest.mark.parametrize("persona", ["organiser", "outsider"])
def test_people_without_the_calendar_capability_are_refused(personas, persona):
    assert calendar_page(personas.get(persona)).status_code == 403


def test_events_in_review_are_marked_not_yet_approved(personas, faculty, people):
    make_request(
        organiser=personas.organiser,
        unit=faculty,
        submit=True,
        title="Pending panel",
        starts_at=timezone.now() + timedelta(days=9),
        late_reason="Arranged at short notice.",
    )
    page = calendar_page(people["security"])
    assert "Pending panel" in page.text
    assert "Not yet approved" in page.text


def test_drafts_are_not_shown(personas, faculty, people):
    make_request(organiser=personas.organiser, unit=faculty, title="Just an idea")
    assert "Just an idea" not in calendar_page(people["security"]).text


def test_conditions_show_whether_they_are_confirmed(personas, faculty, people):
    request = approved_event(personas, faculty, people, conditions=True)
    page = calendar_page(people["security"])
    assert "Independent chair" in page.text
    assert "not yet confirmed" in page.text
    condition = request.decisions.get(is_live=True).conditions.get()
    services.confirm_condition(acting_user=personas.organiser, condition=condition)
    assert "confirmed in place" in calendar_page(people["security"]).text


def test_the_campus_filter(personas, faculty, people):
    river = Campus.objects.create(name="Riverside campus")
    approved_event(personas, faculty, people, title="By the river", campus=river)
    approved_event(personas, faculty, people, title="In the city")
    page = calendar_page(people["security"], campus=river.pk)
    assert "By the river" in page.text
    assert "In the city" not in page.text


def test_the_date_filter(personas, faculty, people):
    approved_event(personas, faculty, people, title="Soon", days=5)
    approved_event(personas, faculty, people, title="Much later", days=90)
    today = timezone.localdate()
    page = calendar_page(people["security"])
    assert "Soon" in page.text and "Much later" not in page.text
    page = calendar_page(
        people["security"],
        since=(today + timedelta(days=80)).isoformat(),
        until=(today + timedelta(days=100)).isoformat(),
    )
    assert "Much later" in page.text and "Soon" not in page.text


def test_a_backwards_date_range_is_explained(people):
    page = calendar_page(people["security"], since="2030-05-02", until="2030-05-01")
    assert "To must be the same as or after From." in page.text


def test_the_calendar_pages_by_keyset(personas, faculty, people):
    for n in range(51):
        approved_event(personas, faculty, people, title=f"Talk {n}", days=5 + n % 3)
    first = calendar_page(people["prevent"])
    assert first.context["page"].next_cursor
    second = calendar_page(people["prevent"], after=first.context["page"].next_cursor)
    assert len(second.context["page"].items) == 1


# --- Feeds -------------------------------------------------------------------------


def feed_key_in(page_text: str) -> str:
    match = re.search(r"/events/calendar/feed/([^/<\s]+)\.ics", page_text)
    assert match, "the page shows no feed address"
    return match.group(1)


def test_creating_a_feed_is_audited_without_its_address(people):
    client = client_for(people["security"])
    response = client.post(reverse("events:calendar-feed-settings"))
    assert response.status_code == 200
    key = feed_key_in(response.text)
    entry = AuditEntry.objects.get(action="events.calendar_feed.created")
    assert key not in str(entry.data) and key not in entry.target_label
    assert client_for(None).get(reverse("events:calendar-feed", args=[key])).status_code == 200


def test_the_feed_key_is_stored_only_as_a_hash_and_shown_once(people):
    client = client_for(people["security"])
    key = feed_key_in(client.post(reverse("events:calendar-feed-settings")).text)
    feed = CalendarFeed.objects.get(user=people["security"])
    stored = [str(value) for value in CalendarFeed.objects.values_list().get(pk=feed.pk)]
    assert key not in stored
    assert feed.key_hash == hashlib.sha256(key.encode()).hexdigest()
    later = client.get(reverse("events:calendar-feed-settings")).text
    assert key not in later
    assert "cannot show it again" in later
    assert "Replace the address" in later


def test_the_feed_is_valid_icalendar_with_level_and_conditions(personas, faculty, people):
    request = approved_event(personas, faculty, people, conditions=True, title="Chaired debate")
    feed = calendar_services.replace_calendar_feed(acting_user=people["security"])
    response = client_for(None).get(reverse("events:calendar-feed", args=[feed.key]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "private" in response["Cache-Control"]
    [event] = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["uid"]) == f"{request.reference}@podium"
    assert str(event["summary"]) == "Chaired debate"
    assert str(event["status"]) == "CONFIRMED"
    assert event.decoded("dtstart") == request.starts_at.replace(microsecond=0)
    assert event.decoded("dtend") == request.ends_at.replace(microsecond=0)
    assert str(event["location"]) == "Great Hall, Main campus"
    assert "Suggested risk level: Low" in str(event["description"])
    assert "Independent chair (Organiser; not yet confirmed)" in str(event["description"])


def test_the_feed_leaves_out_events_not_yet_approved(personas, faculty, people):
    make_request(organiser=personas.organiser, unit=faculty, submit=True)
    feed = calendar_services.replace_calendar_feed(acting_user=people["security"])
    response = client_for(None).get(reverse("events:calendar-feed", args=[feed.key]))
    assert Calendar.from_ical(response.content).walk("VEVENT") == []


def test_an_organiser_feed_has_their_own_approved_events(personas, faculty, people):
    approved_event(personas, faculty, people, title="Mine")
    feed = calendar_services.replace_calendar_feed(acting_user=personas.organiser)
    response = client_for(None).get(reverse("events:calendar-feed", args=[feed.key]))
    [event] = Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["summary"]) == "Mine"


def test_a_replaced_address_stops_working(people):
    old = calendar_services.replace_calendar_feed(acting_user=people["security"]).key
    new = calendar_services.replace_calendar_feed(acting_user=people["security"]).key
    assert old != new
    anonymous = client_for(None)
    assert anonymous.get(reverse("events:calendar-feed", args=[old])).status_code == 404
    assert anonymous.get(reverse("events:calendar-feed", args=[new])).status_code == 200
    assert AuditEntry.objects.filter(action="events.calendar_feed.replaced").count() == 1


def test_an_unknown_address_is_not_found(db):
    response = client_for(None).get(reverse("events:calendar-feed", args=["no-such-address"]))
    assert response.status_code == 404


def test_a_deactivated_owners_feed_is_not_found(personas, people):
    feed = calendar_services.replace_calendar_feed(acting_user=people["security"])
    account_services.deactivate_user(acting_user=personas.admin, user=people["security"])
    response = client_for(None).get(reverse("events:calendar-feed", args=[feed.key]))
    assert response.status_code == 404


def test_people_with_neither_calendar_nor_requests_have_no_feed(personas):
    client = client_for(personas.outsider)
    assert client.get(reverse("events:calendar-feed-settings")).status_code == 403
    assert client.post(reverse("events:calendar-feed-settings")).status_code == 403


def test_the_calendar_is_in_the_navigation_of_those_who_may_see_it(personas, people):
    from podium.core.navigation import navigation_for

    assert "Calendar" in [item.label for item in navigation_for(people["security"])]
    assert "Calendar" not in [item.label for item in navigation_for(personas.organiser)]


def test_the_feed_answers_head_and_a_conditional_get(personas, faculty, people):
    """Calendar clients and link checkers probe with HEAD (it was 405), and a client
    holding the current copy is told 304 rather than sent it again."""
    request = approved_event(personas, faculty, people, title="Chaired debate")
    feed = calendar_services.replace_calendar_feed(acting_user=people["security"])
    url = reverse("events:calendar-feed", args=[feed.key])
    anonymous = client_for(None)
    head = anonymous.head(url)
    assert head.status_code == 200 and head["ETag"]
    full = anonymous.get(url)
    assert full["ETag"] == head["ETag"]
    assert anonymous.get(url, HTTP_IF_NONE_MATCH=full["ETag"]).status_code == 304
    assert anonymous.post(url).status_code == 405

    EventRequest.objects.filter(pk=request.pk).update(title="Chaired debate, moved")
    EventRequest.objects.filter(pk=request.pk).update(updated_at=timezone.now())
    changed = anonymous.get(url, HTTP_IF_NONE_MATCH=full["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != full["ETag"]


# --- Week, month and list views (issue 14 item 15) -----------------------------------


def test_the_list_is_one_table_with_speakers_and_the_decision(personas, faculty, people):
    request = approved_event(personas, faculty, people, conditions=True, title="Aligned talk")
    request.speakers.create(name="Dr Ada Speaker", position=0)
    page = calendar_page(people["security"])
    assert page.text.count("<table") == 1
    assert "Dr Ada Speaker" in page.text
    assert "Approved with conditions" in page.text
    assert "owner:" in page.text
    assert [e.event.pk for e in page.context["entries"]] == [request.pk]


def test_the_week_view_is_seven_days_from_monday(personas, faculty, people):
    request = approved_event(personas, faculty, people, title="This week's talk", days=3)
    request.speakers.create(name="Prof. Week Speaker", position=0)
    day = timezone.localtime(request.starts_at).date()
    page = calendar_page(people["security"], view="week", on=day.isoformat())
    assert page.status_code == 200
    [week] = page.context["weeks"]
    assert [d.day.weekday() for d in week] == list(range(7))
    assert week[0].day <= day <= week[6].day
    [cell] = [d for d in week if d.entries]
    assert cell.day == day and cell.entries[0].event == request
    assert "Prof. Week Speaker" in page.text
    assert 'aria-current="page">Week<' in page.text
    previous = calendar_page(
        people["security"], view="week", on=(week[0].day - timedelta(days=7)).isoformat()
    )
    assert not any(d.entries for d in previous.context["weeks"][0])
    assert f"on={week[0].day - timedelta(days=7)}" in page.text


def test_the_month_view_is_bounded_to_whole_weeks_around_the_month(personas, faculty, people):
    request = approved_event(personas, faculty, people, title="Month talk", days=12)
    day = timezone.localtime(request.starts_at).date()
    page = calendar_page(people["security"], view="month", on=day.isoformat())
    weeks = page.context["weeks"]
    assert 4 <= len(weeks) <= 6
    assert all(len(week) == 7 for week in weeks)
    inside = [d.day for week in weeks for d in week if d.in_window]
    assert inside[0] == day.replace(day=1) and all(d.month == day.month for d in inside)
    assert [e.event for w in weeks for d in w for e in d.entries] == [request]
    assert day.strftime("%B %Y") in page.text
    # The other staff's units stay out of every view.
    other = calendar_page(people["other_security"], view="month", on=day.isoformat())
    assert not any(d.entries for w in other.context["weeks"] for d in w)


def test_an_unknown_view_or_date_falls_back(people):
    page = calendar_page(people["security"], view="year", on="not-a-date")
    assert page.status_code == 200
    assert page.context["view"] == "list"
    page = calendar_page(people["security"], view="week", on="2026-02-30")
    assert page.status_code == 200 and len(page.context["weeks"]) == 1
