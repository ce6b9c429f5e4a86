"""Each status's tag colour comes from one table (`STATUS_TAGS`), read once per row
by lists and the request page, without an include per row (issue 20, item 3)."""

from django.template.loader import render_to_string

from podium.accounts.models import OrgUnit
from podium.events.models import EventRequest, Status
from podium.events.selectors import request_rows


def test_every_status_has_its_tag_colour():
    expected = {
        Status.DRAFT: "tag--grey",
        Status.IN_REVIEW: "tag--blue",
        Status.INFORMATION_REQUESTED: "tag--yellow",
        Status.APPROVED: "tag--green",
        Status.APPROVED_WITH_CONDITIONS: "tag--green",
        Status.REJECTED: "tag--red",
        Status.APPEALED: "tag--yellow",
        Status.WITHDRAWN: "tag--grey",
        Status.LAPSED: "tag--purple",
        Status.CANCELLED: "tag--purple",
    }
    assert {s: EventRequest(status=s).status_tag for s in Status} == expected


def test_the_request_table_and_the_status_include_agree():
    event = EventRequest(pk=1, status=Status.REJECTED, title="A talk", reference="EV-1")
    event.unit = OrgUnit(pk=1, name="Physics")
    table = render_to_string("events/_request_table.html", {"requests": request_rows([event])})
    alone = render_to_string("events/_status.html", {"event": event}).strip()
    assert alone == '<span class="tag tag--red">Rejected</span>'
    assert alone in table
