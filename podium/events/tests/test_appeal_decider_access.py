"""The appeal decision-maker sees the requests under appeal and the record the appeal
needs, nothing else, and takes no reviewer's action (issue 13, item 2). The same
rule through the pages, the API and the services (`podium.events.access`)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from podium.accounts.roles import Role
from podium.core.errors import DomainError, NotAllowed
from podium.events import access, services
from podium.events.models import Deputy, EventRequest, Status
from podium.events.tests.policy_setup import reset_policy
from podium.testing.api import api_client_for
from podium.testing.events import approval, make_request, rejection
from podium.testing.factories import make_person_with_role
from podium.testing.personas import client_for

pytestmark = pytest.mark.django_db

NOTE = "Reviewer-only note: the society's treasurer is the speaker's cousin."


@pytest.fixture
def world(personas, institution, faculty) -> dict[str, Any]:
    reset_policy()
    organiser = personas.organiser
    officer = make_person_with_role(Role.EVENTS_OFFICER, faculty, full_name="Eve Officer")
    decider = make_person_with_role(Role.APPEAL_DECIDER, institution, full_name="Al Appeal")
    other_decider = make_person_with_role(Role.APPEAL_DECIDER, institution, full_name="Bo Appeal")
    appealed = make_request(organiser=organiser, unit=faculty, submit=True, title="Appealed")
    services.add_note(acting_user=officer, event_request=appealed, text=NOTE)
    services.decide(acting_user=officer, event_request=appealed, facts=rejection())
    services.lodge_appeal(
        acting_user=organiser, event_request=appealed, grounds="A larger hall is free."
    )
    approved = make_request(organiser=organiser, unit=faculty, submit=True, title="Approved")
    services.add_note(acting_user=officer, event_request=approved, text=NOTE)
    services.decide(acting_user=officer, event_request=approved, facts=approval())
    in_review = make_request(organiser=organiser, unit=faculty, submit=True, title="In review")
    return {
        "organiser": organiser,
        "officer": officer,
        "decider": decider,
        "other_decider": other_decider,
        "appealed": EventRequest.objects.get(pk=appealed.pk),
        "approved": EventRequest.objects.get(pk=approved.pk),
        "in_review": in_review,
    }


def _url(name: str, event: EventRequest) -> str:
    return reverse(name, args=[event.pk])


def test_the_decider_sees_only_the_requests_under_appeal(world):
    decider = world["decider"]
    assert set(access.visible_requests(decider)) == {world["appealed"]}
    client = client_for(decider)
    assert client.get(_url("events:request-detail", world["appealed"])).status_code == 200
    for other in ("approved", "in_review"):
        assert client.get(_url("events:request-detail", world[other])).status_code == 404
    listed = client.get(reverse("events:request-list"), {"scope": "all"})
    assert [e.pk for e in listed.context["page"].items] == [world["appealed"].pk]


def test_the_decider_sees_the_appeal_record_but_not_the_reviewers_notes(world):
    response = client_for(world["decider"]).get(_url("events:request-detail", world["appealed"]))
    view = response.context["view"]
    assert view.may_decide_appeal
    assert not view.is_reviewer and not view.can_act and not view.may_cancel
    assert view.appeals and view.decisions and view.speakers
    assert NOTE not in response.content.decode()
    assert view.notes == []


def test_the_decider_opens_no_acknowledgement_page(world):
    client = client_for(world["decider"])
    # Under appeal: the decider sends nothing; any other request does not exist for them.
    assert client.get(_url("speakers:acknowledgement-send", world["appealed"])).status_code == 403
    for other in ("approved", "in_review"):
        url = _url("speakers:acknowledgement-send", world[other])
        assert client.get(url).status_code == 404


def test_the_decider_cannot_cancel_an_approved_event(world):
    decider, approved = world["decider"], world["approved"]
    response = client_for(decider).post(
        _url("events:request-cancel", approved), {"reason": "I can.", "version": ""}
    )
    assert response.status_code == 404
    with pytest.raises(NotAllowed):
        services.cancel_event(acting_user=decider, event_request=approved, reason="I can.")
    approved.refresh_from_db()
    assert approved.status == Status.APPROVED


def test_the_decider_adds_no_note_and_takes_no_review_step(world):
    decider, appealed = world["decider"], world["appealed"]
    client = client_for(decider)
    assert client.post(_url("events:request-note", appealed), {"text": "x"}).status_code == 403
    assert client.post(_url("events:request-fast-track", appealed)).status_code == 403
    with pytest.raises(NotAllowed):
        services.add_note(acting_user=decider, event_request=appealed, text="x")


def test_after_deciding_the_decider_keeps_their_record_and_cannot_cancel(world):
    decider, appealed = world["decider"], world["appealed"]
    services.decide_appeal(
        acting_user=decider, event_request=appealed, upheld=True, facts=approval()
    )
    appealed.refresh_from_db()
    assert appealed.status == Status.APPROVED
    # The one who decided still sees what they decided; the other decider does not.
    assert set(access.visible_requests(decider)) == {appealed}
    assert set(access.visible_requests(world["other_decider"])) == set()
    client = client_for(decider)
    assert client.get(_url("events:request-detail", appealed)).status_code == 200
    assert client.get(_url("events:request-cancel", appealed)).status_code == 403
    with pytest.raises(NotAllowed):
        services.cancel_event(acting_user=decider, event_request=appealed, reason="I can.")


def test_the_api_answers_the_same(world):
    api = api_client_for(world["decider"])
    base = "/api/v1/event-requests"
    assert api.get(f"{base}/{world['appealed'].pk}").status_code == 200
    assert api.get(f"{base}/{world['approved'].pk}").status_code == 404
    assert api.post(f"{base}/{world['approved'].pk}/cancel", {"reason": "x"}).status_code == 404
    listed = api.get(base, {"scope": "all"}).json()
    items = listed["items"] if isinstance(listed, dict) else listed
    assert [item["id"] for item in items] == [world["appealed"].pk]


def test_the_decider_neither_deputises_nor_names_deputies(world):
    """Deputising would let the decider act at a review step (decide the first
    instance) and see the reviewer's requests: independence is the appeal's point."""
    today = timezone.localdate()
    decider, officer = world["decider"], world["officer"]
    with pytest.raises(DomainError):
        services.add_deputy(acting_user=officer, deputy=decider, starts_on=today, ends_on=today)
    with pytest.raises(NotAllowed):
        services.add_deputy(acting_user=decider, deputy=officer, starts_on=today, ends_on=today)
    assert client_for(decider).get(reverse("events:deputies")).status_code == 403
    # A deputy record made before this rule gives the decider nothing to act on.
    Deputy.objects.create(reviewer=officer, deputy=decider, starts_on=today, ends_on=today)
    decider = type(decider).objects.get(pk=decider.pk)  # fresh per-request caches
    assert not access.can_act_on(decider, world["in_review"])
    assert set(access.visible_requests(decider)) == {world["appealed"]}
