"""The request tables (review queue, request lists) print rows made once per list by
`selectors.request_rows`: each row's link is made without a `reverse()` a row, and
its dates and status without a filter or a lookup a cell. The links must be exactly
the request pages' and the text exactly what the old template wrote (issue 20)."""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.template import Context, Template
from django.template.loader import render_to_string
from django.urls import reverse

from podium.accounts.models import OrgUnit
from podium.events.models import EventRequest, RiskLevel, Status
from podium.events.models.requests import STATUS_TAGS
from podium.events.selectors import ROW_FIELDS, request_rows

UTC = ZoneInfo("UTC")


def _event(pk: int, **fields: object) -> EventRequest:
    fields = {"status": Status.IN_REVIEW, **fields}
    event = EventRequest(pk=pk, title=f"Talk {pk}", reference=f"EV-{pk}", **fields)
    event.unit = OrgUnit(pk=1, name="Physics & Astronomy")
    return event


def test_each_row_links_to_its_request_page():
    events = [_event(pk) for pk in (1, 42, 123456)]
    table = render_to_string("events/_request_table.html", {"requests": request_rows(events)})
    links = re.findall(r'<a href="([^"]+)">Talk', table)
    assert links == [reverse("events:request-detail", args=[e.pk]) for e in events]


# What each cell said when the template worked it out per row (main before issue 20's
# second pass): the rows must say the same.
OLD_CELLS = Template(
    '{{ event.starts_at|date:"j M Y, H:i"|default:"—" }}|{{ event.unit.name }}|'
    "{{ event.status_tag }}|{{ event.get_status_display }}|"
    '{{ event.waiting_since|date:"j M Y" }}|{{ event.due_on|date:"j M Y"|default:"—" }}|'
    '{{ event.suggested_level.name|default:"—" }}|{% if event.late_reason %}late{% endif %}|'
    "{% if event.reapproval_changes %}reapproval{% endif %}"
)
NEW_CELLS = Template(
    "{{ row.starts }}|{{ row.unit }}|{{ row.tag }}|{{ row.status }}|{{ row.waiting_since }}|"
    "{{ row.due }}|{{ row.level }}|{% if row.late %}late{% endif %}|"
    "{% if row.reapproval %}reapproval{% endif %}"
)


def test_rows_say_what_the_template_said():
    events = [
        # Winter (GMT) and summer (BST): the dates are shown in Europe/London.
        _event(
            1,
            starts_at=datetime(2026, 1, 5, 23, 30, tzinfo=UTC),
            waiting_since=datetime(2026, 3, 29, 0, 30, tzinfo=UTC),
            due_on=date(2026, 4, 1),
            late_reason="Booked late",
        ),
        _event(
            2,
            status=Status.APPROVED,
            starts_at=datetime(2026, 7, 31, 23, 5, tzinfo=UTC),
            waiting_since=datetime(2026, 10, 25, 1, 0, tzinfo=UTC),
            reapproval_changes={"title": {"changed": True}},
        ),
        _event(3, status=Status.DRAFT),
    ]
    events[0].suggested_level = RiskLevel(pk=1, name="Level <2>")
    for status in Status:
        events.append(_event(100 + len(events), status=status))
    for event, row in zip(events, request_rows(events), strict=True):
        old = OLD_CELLS.render(Context({"event": event}))
        new = NEW_CELLS.render(Context({"row": row}))
        assert new == old
        assert row["tag"] == STATUS_TAGS.get(event.status, "tag--grey")


def test_the_lists_read_only_their_columns(db):
    """The lists' query names its columns: no description, no speakers' text."""
    sql = str(EventRequest.objects.select_related("unit").only(*ROW_FIELDS).query)
    assert '"description"' not in sql
