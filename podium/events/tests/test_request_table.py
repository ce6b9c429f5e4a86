"""The request tables (review queue, request lists) link each row without a
`{% url %}` per row: the list's address and the request's number. The links must be
exactly the request pages' (issue 20, item 3)."""

import re

from django.template.loader import render_to_string
from django.urls import reverse

from podium.events.models import EventRequest, Status


def test_each_row_links_to_its_request_page():
    events = [
        EventRequest(pk=pk, status=Status.IN_REVIEW, title=f"Talk {pk}", reference=f"EV-{pk}")
        for pk in (1, 42, 123456)
    ]
    table = render_to_string("events/_request_table.html", {"requests": events})
    links = re.findall(r'<a href="([^"]+)">Talk', table)
    assert links == [reverse("events:request-detail", args=[e.pk]) for e in events]
