"""`/api/v1/event-requests`: the lifecycle's journeys end to end through the API, and
the same access rules, refusals and stale-edit protection as the pages."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from config.api import api as v1
from podium.accounts.roles import Role
from podium.api.models import TokenScope
from podium.audit.models import AuditEntry
from podium.events import services
from podium.events.models import Campus, EventRequest, EventType, Status
from podium.testing.api import ApiClient, token_for
from podium.testing.events import answers_for, make_request
from podium.testing.factories import make_person_with_role
from podium.testing.queries import assert_constant_queries

BASE = "/api/v1/event-requests"


@pytest.fixture
def reviewers(institution, faculty, other_faculty):
    return {
        "officer": make_person_with_role(Role.EVENTS_OFFICER, faculty, full_name="Eve Officer"),
        "prevent": make_person_with_role(Role.PREVENT_LEAD, institution, full_name="Pat Prevent"),
        "appeals": make_person_with_role(Role.APPEAL_DECIDER, institution, full_name="Al Appeal"),
        "security": make_person_with_role(
            Role.HEAD_OF_SECURITY, institution, full_name="Sam Security"
        ),
        "elsewhere": make_person_with_role(
            Role.EVENTS_OFFICER, other_faculty, full_name="Ed Elsewhere"
        ),
    }


def client(user, *, scope: str = TokenScope.READ_WRITE) -> ApiClient:
    # A year's token: the journeys travel past the event.
    return ApiClient(token_for(user, scope=scope, days=365))


def used(api: ApiClient) -> ApiClient:
    """`api` after one request: its token's last use is noted (a write at most once a
    minute), so query counts that follow are those of every other request."""
    ok(api.get("/api/v1/me"))
    return api


def complete_body(unit_pk: int, **overrides: Any) -> dict[str, Any]:
    starts = timezone.now() + timedelta(days=60)
    body = {
        "title": "The future of free speech",
        "unit": unit_pk,
        "description": "A talk followed by questions from the floor.",
        "event_type": EventType.objects.get(name="Talk or lecture").pk,
        "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(hours=2)).isoformat(),
        "format": "in_person",
        "venue_kind": "on_campus",
        "campus": Campus.objects.get_or_create(name="Main campus")[0].pk,
        "venue": "Great Hall",
        "expected_audience": 120,
        "attendance": "members",
        # Confirmed a different person from any earlier request's Dr Jane Example, so
        # a test may start several (the 409 itself: podium/speakers/tests/test_api.py).
        "speakers": [
            {
                "name": "Dr Jane Example",
                "affiliation": "University of Elsewhere",
                "confirm_different_person": True,
            }
        ],
        "answers": [
            {"question": pk, "answer": answer, "details": details}
            for pk, (answer, details) in answers_for("Low").items()
        ],
    }
    body.update(overrides)
    return body


def actions(pk: int) -> list[str]:
    return list(
        AuditEntry.objects.filter(target_type="events.eventrequest", target_id=str(pk))
        .order_by("sequence")
        .values_list("action", flat=True)
    )


def ok(response: Any, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.content
    body: dict[str, Any] = response.json()
    return body


def error(response: Any, status: int) -> tuple[str | None, str]:
    assert response.status_code == status, response.content
    first = response.json()["errors"][0]
    return first["field"], first["message"]


def submitted(organiser, faculty) -> int:
    """A request made and submitted through the API; its id."""
    api = client(organiser)
    draft = ok(api.post(BASE, complete_body(faculty.pk)), 201)
    ok(api.post(f"{BASE}/{draft['id']}/submit", {"version": draft["version"]}))
    return int(draft["id"])


# --- The journeys ------------------------------------------------------------------


def test_the_conditions_journey_through_the_api(
    personas, faculty, reviewers, django_capture_on_commit_callbacks
):
    organiser, officer, prevent = (
        client(personas.organiser),
        client(reviewers["officer"]),
        client(reviewers["prevent"]),
    )
    # Draft: a title and unit are enough; the rest comes in a change.
    draft = ok(organiser.post(BASE, {"title": "Free speech", "unit": faculty.pk}), 201)
    assert draft["status"] == "draft"
    assert draft["reference"].startswith("EV-")
    pk = draft["id"]
    body = complete_body(faculty.pk)
    del body["unit"]
    draft = ok(organiser.patch(f"{BASE}/{pk}", {**body, "version": draft["version"]}))
    assert draft["title"] == "The future of free speech"
    assert [s["name"] for s in draft["speakers"]] == ["Dr Jane Example"]

    # Submitted: routed to the faculty's events officer, with reasons reviewers see.
    with django_capture_on_commit_callbacks(execute=True):
        request = ok(organiser.post(f"{BASE}/{pk}/submit", {"version": draft["version"]}))
    assert request["status"] == "in_review"
    assert request["waiting"]["role"] == Role.EVENTS_OFFICER
    assert request["waiting"]["due_on"]
    assert request["assessment"] is None  # the organiser does not see the assessment
    assert request["notes"] is None
    assert {m.to[0] for m in mail.outbox} == {
        personas.organiser.email,
        reviewers["officer"].email,
    }

    queue = ok(officer.get(f"{BASE}/queue"))
    assert [item["id"] for item in queue["items"]] == [pk]
    request = ok(officer.get(f"{BASE}/{pk}"))
    assert request["assessment"]["suggested_level"] == "Low"
    assert request["assessment"]["drivers"] == []
    assert "Low" in request["assessment"]["routing_reasons"]
    assert request["allowed"]["can_act"] is True

    # Information requested, and answered.
    request = ok(
        officer.post(
            f"{BASE}/{pk}/information-requests",
            {"question": "Who chairs?", "version": request["version"]},
        ),
        201,
    )
    assert request["status"] == "information_requested"
    assert request["information_requests"][0]["question"] == "Who chairs?"
    request = ok(
        organiser.post(
            f"{BASE}/{pk}/information-requests/answer",
            {"answer": "Professor Chair.", "version": request["version"]},
        )
    )
    assert request["status"] == "in_review"
    assert request["information_requests"][0]["answer"] == "Professor Chair."

    # A note, seen by reviewers only.
    ok(officer.post(f"{BASE}/{pk}/notes", {"text": "Speaker known to us."}), 201)
    assert ok(organiser.get(f"{BASE}/{pk}"))["notes"] is None
    assert [n["text"] for n in ok(prevent.get(f"{BASE}/{pk}"))["notes"]] == ["Speaker known to us."]

    # Escalated to the Prevent lead, who approves with conditions.
    request = ok(officer.get(f"{BASE}/{pk}"))
    request = ok(
        officer.post(
            f"{BASE}/{pk}/escalate",
            {"reason": "Media interest.", "version": request["version"]},
        )
    )
    assert request["waiting"]["role"] == Role.PREVENT_LEAD
    assert ok(officer.get(f"{BASE}/queue"))["items"] == []
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        request = ok(
            prevent.post(
                f"{BASE}/{pk}/decision",
                {
                    "outcome": "approved_with_conditions",
                    "rationale": "A public event with a known controversy.",
                    "conditions": [
                        {"text": "Independent chair", "owner": "Organiser", "prevent_related": True}
                    ],
                    "speech_lawful": "yes",
                    "practicable_steps": "An independent chair, and time kept for questions from the floor.",
                    "proportionality": "A chair restricts nothing the speaker may lawfully say.",
                    "viewpoint_neutral": True,
                    "version": request["version"],
                },
            ),
            201,
        )
    assert request["status"] == "approved_with_conditions"
    assert request["waiting"] is None
    decision = request["live_decision"]
    assert decision["decided_by"]["full_name"] == "Pat Prevent"
    assert decision["conditions"][0]["text"] == "Independent chair"
    assert {m.to[0] for m in mail.outbox} == {
        personas.organiser.email,
        reviewers["security"].email,
    }

    # Conditions confirmed, the event held, the report made.
    condition = decision["conditions"][0]["id"]
    request = ok(organiser.post(f"{BASE}/{pk}/conditions/{condition}/confirm", {"note": "Booked."}))
    confirmed = request["live_decision"]["conditions"][0]
    assert confirmed["confirmed_by"]["full_name"] == personas.organiser.full_name
    assert confirmed["confirmation_note"] == "Booked."
    field, message = error(
        organiser.post(
            f"{BASE}/{pk}/post-event-report",
            {"went_ahead": True, "attendance": 90, "conditions_met": "met"},
        ),
        409,
    )
    assert message == "The report can be made once the event has started."
    starts = EventRequest.objects.get(pk=pk).starts_at
    assert starts is not None
    with time_machine.travel(starts + timedelta(hours=3)):
        request = ok(
            organiser.post(
                f"{BASE}/{pk}/post-event-report",
                {"went_ahead": True, "attendance": 90, "conditions_met": "met"},
            ),
            201,
        )
    assert request["post_event_report"]["attendance"] == 90
    assert request["post_event_report"]["conditions_met"] == "met"
    assert actions(pk) == [
        "events.request.created",
        "events.request.changed",
        "events.request.submitted",
        "events.request.information_requested",
        "events.request.information_given",
        "events.request.note_added",
        "events.request.escalated",
        "events.request.decided",
        "events.condition.confirmed",
        "events.request.post_event_reported",
    ]


def test_the_appeal_journey_through_the_api(
    personas, faculty, reviewers, django_capture_on_commit_callbacks
):
    pk = submitted(personas.organiser, faculty)
    organiser, officer, appeals = (
        client(personas.organiser),
        client(reviewers["officer"]),
        client(reviewers["appeals"]),
    )
    request = ok(
        officer.post(
            f"{BASE}/{pk}/decision",
            {
                "outcome": "rejected",
                "rationale": "The venue cannot hold the audience safely.",
                "speech_lawful": "yes",
                "practicable_steps": "A larger venue, which is not available on the date.",
                "proportionality": "No other venue or date was offered by the organiser.",
                "viewpoint_neutral": True,
                "rejection_category": "health_and_safety",
                "rejection_reason": "The audience is three times the room's capacity.",
            },
        ),
        201,
    )
    assert request["status"] == "rejected"
    assert request["allowed"]["appeal_until"] is None  # the reviewer cannot appeal
    assert ok(organiser.get(f"{BASE}/{pk}"))["allowed"]["appeal_until"]

    request = ok(
        organiser.post(
            f"{BASE}/{pk}/appeal",
            {"grounds": "A bigger room is free.", "version": request["version"]},
        ),
        201,
    )
    assert request["status"] == "appealed"
    assert request["waiting"]["role"] == Role.APPEAL_DECIDER
    assert [i["id"] for i in ok(appeals.get(f"{BASE}/queue"))["items"]] == [pk]

    with django_capture_on_commit_callbacks(execute=True):
        request = ok(
            appeals.post(
                f"{BASE}/{pk}/appeal/decision",
                {
                    "upheld": True,
                    "outcome": "approved",
                    "rationale": "The larger room holds the audience.",
                    "version": request["version"],
                },
            ),
            201,
        )
    assert request["status"] == "approved"
    assert request["appeals"][0]["status"] == "upheld"
    assert [d["is_live"] for d in request["decisions"]] == [False, True]
    assert request["live_decision"]["on_appeal"] is True
    assert "Appeal upheld" in mail.outbox[-1].subject
    assert actions(pk)[-3:] == [
        "events.request.decided",
        "events.request.appealed",
        "events.request.appeal_decided",
    ]


def test_withdraw_fast_track_cancel_incidents_and_condition_review(personas, faculty, reviewers):
    organiser, officer = client(personas.organiser), client(reviewers["officer"])
    security = client(reviewers["security"])
    draft = ok(organiser.post(BASE, {"title": "Soon withdrawn", "unit": faculty.pk}), 201)
    assert ok(organiser.post(f"{BASE}/{draft['id']}/withdraw", {}))["status"] == "withdrawn"

    late = make_request(
        organiser=personas.organiser,
        unit=faculty,
        submit=True,
        starts_at=timezone.now() + timedelta(days=2),
        late_reason="The speaker's date moved.",
    )
    assert ok(officer.post(f"{BASE}/{late.pk}/fast-track", {}))["fast_tracked"] is True
    pk = submitted(personas.organiser, faculty)
    ok(
        officer.post(
            f"{BASE}/{pk}/decision",
            {
                "outcome": "approved_with_conditions",
                "rationale": "Stewards.",
                "conditions": [{"text": "Two stewards", "owner": "Security"}],
                "speech_lawful": "yes",
                "practicable_steps": "Stewards at the doors and a chair for the questions.",
                "proportionality": "Stewards restrict nothing that the speakers may lawfully say.",
                "viewpoint_neutral": True,
            },
        ),
        201,
    )
    starts = EventRequest.objects.get(pk=pk).starts_at
    assert starts is not None
    with time_machine.travel(starts + timedelta(hours=1)):
        request = ok(
            security.post(
                f"{BASE}/{pk}/incidents",
                {
                    "occurred_at": (starts + timedelta(minutes=30)).isoformat(),
                    "severity": "low",
                    "description": "A heckler left when asked.",
                },
            ),
            201,
        )
        assert request["incidents"][0]["severity"] == "low"
        condition = request["live_decision"]["conditions"][0]["id"]
        request = ok(
            officer.post(f"{BASE}/{pk}/conditions/{condition}/review", {"review": "partly"})
        )
        assert request["live_decision"]["conditions"][0]["review"] == "partly"
    request = ok(organiser.post(f"{BASE}/{pk}/cancel", {"reason": "The speaker is ill."}))
    assert request["status"] == "cancelled"
    assert request["cancelled_reason"] == "The speaker is ill."
    assert actions(pk)[-3:] == [
        "events.incident.recorded",
        "events.condition.reviewed",
        "events.request.cancelled",
    ]


def test_a_material_change_after_approval_suspends_it(personas, faculty, reviewers):
    pk = submitted(personas.organiser, faculty)
    ok(
        client(reviewers["officer"]).post(
            f"{BASE}/{pk}/decision", {"outcome": "approved", "rationale": "Fine."}
        ),
        201,
    )
    organiser = client(personas.organiser)
    request = ok(organiser.patch(f"{BASE}/{pk}", {"description": "Now with a film."}))
    assert request["status"] == "approved"
    request = ok(organiser.patch(f"{BASE}/{pk}", {"venue": "Lecture Hall 2"}))
    assert request["status"] == "in_review"
    assert request["live_decision"] is None
    assert actions(pk)[-1] == "events.request.suspended_for_reapproval"


# --- Lists -------------------------------------------------------------------------


def test_lists_hold_my_requests_or_all_in_scope(personas, faculty, reviewers):
    mine = submitted(personas.organiser, faculty)
    draft = ok(client(personas.organiser).post(BASE, {"title": "Draft", "unit": faculty.pk}), 201)
    organiser = client(personas.organiser)
    assert [i["id"] for i in ok(organiser.get(BASE))["items"]] == [draft["id"], mine]
    assert [i["id"] for i in ok(organiser.get(BASE, {"status": "draft"}))["items"]] == [draft["id"]]
    # `all` is for reviewers; the organiser still gets their own.
    assert len(ok(organiser.get(BASE, {"scope": "all"}))["items"]) == 2
    officer = client(reviewers["officer"])
    assert ok(officer.get(BASE))["items"] == []
    # Drafts are the organiser's own: reviewers see submitted requests in scope.
    everything = ok(officer.get(BASE, {"scope": "all"}))
    assert [i["id"] for i in everything["items"]] == [mine]
    assert ok(client(reviewers["elsewhere"]).get(BASE, {"scope": "all"}))["items"] == []


def test_a_listed_summary_is_what_validating_it_field_by_field_gives(personas, faculty, reviewers):
    """`EventRequestSummary.of` builds the list's items without validation (issue
    20); each must serialise exactly as the schema validating the same request's
    fields does."""
    from podium.api.kit import UnitRef
    from podium.events.api.output import EventRequestSummary, PersonRef

    submitted(personas.organiser, faculty)
    ok(client(personas.organiser).post(BASE, {"title": "Draft", "unit": faculty.pk}), 201)
    items = ok(client(personas.organiser).get(BASE))["items"]
    assert len(items) == 2
    for item in items:
        event = EventRequest.objects.select_related("unit", "organiser").get(pk=item["id"])
        validated = EventRequestSummary.model_validate(
            {
                "id": event.pk,
                "reference": event.reference,
                "title": event.title,
                "status": event.status,
                "status_label": event.get_status_display(),
                "unit": UnitRef(id=event.unit.pk, name=event.unit.name),
                "organiser": PersonRef(id=event.organiser.pk, full_name=event.organiser.full_name),
                "starts_at": event.starts_at,
                "ends_at": event.ends_at,
                "waiting_role": event.waiting_role or None,
                "waiting_since": event.waiting_since,
                "due_on": event.due_on,
                "submitted_at": event.submitted_at,
                "created_at": event.created_at,
            }
        )
        built = EventRequestSummary.of(event)
        assert built.model_dump() == validated.model_dump()
        assert built.model_dump(mode="json") == validated.model_dump(mode="json")
        assert item["status_label"] == validated.status_label


def withdrawn(organiser, pk: int) -> int:
    api = client(organiser)
    version = ok(api.get(f"{BASE}/{pk}"))["version"]
    ok(api.post(f"{BASE}/{pk}/withdraw", {"version": version}))
    return pk


def test_a_draft_is_its_organisers_alone_until_submitted(personas, faculty, reviewers):
    organiser = client(personas.organiser)
    mine = submitted(personas.organiser, faculty)
    draft = ok(organiser.post(BASE, complete_body(faculty.pk)), 201)["id"]
    never_submitted = withdrawn(
        personas.organiser, ok(organiser.post(BASE, complete_body(faculty.pk)), 201)["id"]
    )
    after_submission = withdrawn(personas.organiser, submitted(personas.organiser, faculty))
    for name in ["officer", "prevent", "security"]:
        reviewer = client(reviewers[name])
        listed = [i["id"] for i in ok(reviewer.get(BASE, {"scope": "all"}))["items"]]
        assert listed == [after_submission, mine], name
        assert reviewer.get(f"{BASE}/{draft}").status_code == 404, name
        assert reviewer.get(f"{BASE}/{never_submitted}").status_code == 404, name
        assert ok(reviewer.get(f"{BASE}/{after_submission}"))["status"] == "withdrawn"
    # An appeal decision-maker sees requests under appeal only (none here).
    appeals = client(reviewers["appeals"])
    assert ok(appeals.get(BASE, {"scope": "all"}))["items"] == []
    for pk in (mine, draft, never_submitted, after_submission):
        assert appeals.get(f"{BASE}/{pk}").status_code == 404
    # The organiser still has all four.
    assert {i["id"] for i in ok(organiser.get(BASE))["items"]} == {
        mine,
        draft,
        never_submitted,
        after_submission,
    }
    assert ok(organiser.get(f"{BASE}/{never_submitted}"))["status"] == "withdrawn"


def test_a_bad_list_filter_is_400(personas):
    field, _ = error(client(personas.organiser).get(BASE, {"status": "pending"}), 400)
    assert field == "status"


# --- Access ------------------------------------------------------------------------


def test_without_a_token_everything_is_401(personas, faculty, reviewers):
    pk = submitted(personas.organiser, faculty)
    anonymous = ApiClient(None)
    assert anonymous.get(BASE).status_code == 401
    assert anonymous.get(f"{BASE}/{pk}").status_code == 401
    assert anonymous.post(f"{BASE}/{pk}/withdraw", {}).status_code == 401


def test_a_read_only_token_reads_but_may_not_act(personas, faculty, reviewers):
    pk = submitted(personas.organiser, faculty)
    read_only = client(personas.organiser, scope=TokenScope.READ)
    assert read_only.get(f"{BASE}/{pk}").status_code == 200
    _, message = error(read_only.post(f"{BASE}/{pk}/withdraw", {}), 403)
    assert message == "This token is read-only; create a read-write token to change data."
    assert EventRequest.objects.get(pk=pk).status == Status.IN_REVIEW


def test_a_request_out_of_sight_is_404(personas, faculty, reviewers):
    pk = submitted(personas.organiser, faculty)
    for outsider in (personas.outsider, personas.admin, reviewers["elsewhere"]):
        api = client(outsider)
        assert error(api.get(f"{BASE}/{pk}"), 404) == (None, "Not found.")
        assert (
            api.post(f"{BASE}/{pk}/decision", {"outcome": "approved", "rationale": "x"}).status_code
            == 404
        )
    assert client(personas.organiser).get(f"{BASE}/999999").status_code == 404


def test_actions_of_another_kind_of_person_are_403(personas, faculty, reviewers):
    pk = submitted(personas.organiser, faculty)
    organiser, officer = client(personas.organiser), client(reviewers["officer"])
    approve = {"outcome": "approved", "rationale": "Fine."}
    assert error(organiser.post(f"{BASE}/{pk}/decision", approve), 403)[1] == (
        "You do not have permission to do this."
    )
    assert organiser.post(f"{BASE}/{pk}/notes", {"text": "Me too"}).status_code == 403
    assert organiser.get(f"{BASE}/queue").status_code == 403
    assert officer.post(f"{BASE}/{pk}/withdraw", {}).status_code == 403
    assert officer.patch(f"{BASE}/{pk}", {"title": "Mine now"}).status_code == 403
    assert (
        officer.post(
            f"{BASE}/{pk}/appeal/decision", {"upheld": False, "rationale": "x"}
        ).status_code
        == 403
    )
    assert (
        officer.post(
            f"{BASE}/{pk}/incidents",
            {"occurred_at": timezone.now().isoformat(), "severity": "low", "description": "x"},
        ).status_code
        == 403
    )
    # Who may not request events anywhere cannot start a draft.
    assert client(personas.admin).post(BASE, {"title": "x", "unit": faculty.pk}).status_code == 403


def test_a_reviewer_not_at_the_step_is_refused_by_the_service(personas, faculty, reviewers):
    pk = submitted(personas.organiser, faculty)
    response = client(reviewers["prevent"]).post(
        f"{BASE}/{pk}/decision", {"outcome": "approved", "rationale": "Fine."}
    )
    assert error(response, 409) == (None, "This request is not waiting for you.")
    assert EventRequest.objects.get(pk=pk).status == Status.IN_REVIEW


def test_a_second_decision_is_409(personas, faculty, reviewers):
    pk = submitted(personas.organiser, faculty)
    officer = client(reviewers["officer"])
    approve = {"outcome": "approved", "rationale": "Fine."}
    ok(officer.post(f"{BASE}/{pk}/decision", approve), 201)
    assert error(officer.post(f"{BASE}/{pk}/decision", approve), 409) == (
        None,
        "This request has already been decided.",
    )


# --- Bad input ---------------------------------------------------------------------


def test_a_missing_title_is_named(personas, faculty):
    field, _ = error(client(personas.organiser).post(BASE, {"unit": faculty.pk}), 400)
    assert field == "title"


def test_a_bad_enum_is_named(personas, faculty):
    body = {"title": "x", "unit": faculty.pk, "format": "zoom"}
    field, _ = error(client(personas.organiser).post(BASE, body), 400)
    assert field == "format"


def test_over_long_text_is_named(personas, faculty):
    body = {"title": "x" * 201, "unit": faculty.pk}
    field, message = error(client(personas.organiser).post(BASE, body), 400)
    assert field == "title"
    assert "200" in message
    assert not EventRequest.objects.exists()


def test_a_unit_out_of_scope_is_a_field_error(personas, other_faculty):
    body = {"title": "x", "unit": other_faculty.pk}
    assert error(client(personas.organiser).post(BASE, body), 400) == (
        "unit",
        "Choose a unit where you may request events.",
    )


def test_an_unknown_event_type_and_a_past_start_are_named(personas, faculty):
    body = {
        "title": "x",
        "unit": faculty.pk,
        "event_type": 999,
        "starts_at": (timezone.now() - timedelta(days=1)).isoformat(),
    }
    response = client(personas.organiser).post(BASE, body)
    assert response.status_code == 400
    assert {e["field"] for e in response.json()["errors"]} == {"event_type", "starts_at"}


def test_an_incomplete_draft_cannot_be_submitted(personas, faculty):
    api = client(personas.organiser)
    draft = ok(api.post(BASE, {"title": "x", "unit": faculty.pk}), 201)
    assert error(api.post(f"{BASE}/{draft['id']}/submit", {}), 400) == (
        "description",
        "Describe the event.",
    )


def test_a_rejection_over_300_words_is_refused(personas, faculty, reviewers):
    pk = submitted(personas.organiser, faculty)
    body = {
        "outcome": "rejected",
        "rationale": "Unsafe.",
        "speech_lawful": "yes",
        "practicable_steps": "None that would let the event go ahead safely here.",
        "proportionality": "No lesser step would keep the audience within the room's capacity.",
        "viewpoint_neutral": True,
        "rejection_category": "health_and_safety",
        "rejection_reason": "word " * 301,
    }
    assert error(client(reviewers["officer"]).post(f"{BASE}/{pk}/decision", body), 400) == (
        "rejection_reason",
        "The reason for rejection is 301 words; keep it to 300.",
    )
    assert EventRequest.objects.get(pk=pk).status == Status.IN_REVIEW


def test_conditions_need_the_free_speech_record(personas, faculty, reviewers):
    pk = submitted(personas.organiser, faculty)
    body = {
        "outcome": "approved_with_conditions",
        "rationale": "Stewards.",
        "conditions": [{"text": "Two stewards", "owner": "Security"}],
    }
    assert error(client(reviewers["officer"]).post(f"{BASE}/{pk}/decision", body), 400) == (
        "speech_lawful",
        "Say whether the expected speech is lawful.",
    )


def test_a_bad_decision_outcome_is_named(personas, faculty, reviewers):
    pk = submitted(personas.organiser, faculty)
    body = {"outcome": "maybe", "rationale": "x"}
    field, _ = error(client(reviewers["officer"]).post(f"{BASE}/{pk}/decision", body), 400)
    assert field == "outcome"


def test_a_stale_version_is_refused(personas, faculty, reviewers):
    pk = submitted(personas.organiser, faculty)
    officer = client(reviewers["officer"])
    seen = ok(officer.get(f"{BASE}/{pk}"))["version"]
    ok(
        officer.post(f"{BASE}/{pk}/information-requests", {"question": "Who?", "version": seen}),
        201,
    )
    ok(
        client(personas.organiser).post(
            f"{BASE}/{pk}/information-requests/answer", {"answer": "Me."}
        )
    )
    response = officer.post(
        f"{BASE}/{pk}/decision", {"outcome": "approved", "rationale": "Fine.", "version": seen}
    )
    field, message = error(response, 409)
    assert field is None
    assert message.startswith("Someone else changed this")
    assert EventRequest.objects.get(pk=pk).status == Status.IN_REVIEW


def test_a_stale_patch_is_refused(personas, faculty):
    api = client(personas.organiser)
    draft = ok(api.post(BASE, {"title": "First", "unit": faculty.pk}), 201)
    ok(api.patch(f"{BASE}/{draft['id']}", {"title": "Second", "version": draft["version"]}))
    response = api.patch(f"{BASE}/{draft['id']}", {"title": "Third", "version": draft["version"]})
    assert response.status_code == 409
    assert EventRequest.objects.get(pk=draft["id"]).title == "Second"


def test_null_clears_a_date_but_not_a_title(personas, faculty):
    api = client(personas.organiser)
    draft = ok(api.post(BASE, complete_body(faculty.pk)), 201)
    assert ok(api.patch(f"{BASE}/{draft['id']}", {"campus": None}))["campus"] is None
    field, _ = error(api.patch(f"{BASE}/{draft['id']}", {"title": None}), 400)
    assert field == "title"


# --- Documentation -----------------------------------------------------------------

# Each write and the audit entry its service writes (checked in the journeys above).
EVENT_WRITES = {
    ("POST", BASE): "events.request.created",
    ("PATCH", BASE + "/{pk}"): "events.request.changed",
    ("POST", BASE + "/{pk}/submit"): "events.request.submitted",
    ("POST", BASE + "/{pk}/withdraw"): "events.request.withdrawn",
    ("POST", BASE + "/{pk}/information-requests"): "events.request.information_requested",
    ("POST", BASE + "/{pk}/information-requests/answer"): "events.request.information_given",
    ("POST", BASE + "/{pk}/notes"): "events.request.note_added",
    ("POST", BASE + "/{pk}/escalate"): "events.request.escalated",
    ("POST", BASE + "/{pk}/fast-track"): "events.request.fast_tracked",
    ("POST", BASE + "/{pk}/decision"): "events.request.decided",
    ("POST", BASE + "/{pk}/appeal"): "events.request.appealed",
    ("POST", BASE + "/{pk}/appeal/decision"): "events.request.appeal_decided",
    ("POST", BASE + "/{pk}/cancel"): "events.request.cancelled",
    ("POST", BASE + "/{pk}/conditions/{condition_pk}/confirm"): "events.condition.confirmed",
    ("POST", BASE + "/{pk}/conditions/{condition_pk}/review"): "events.condition.reviewed",
    ("POST", BASE + "/{pk}/post-event-report"): "events.request.post_event_reported",
    ("POST", BASE + "/{pk}/incidents"): "events.incident.recorded",
}


def test_every_event_write_is_listed_with_its_audit_entry():
    schema = v1.get_openapi_schema()
    writes = {
        (method.upper(), path)
        for path, item in schema["paths"].items()
        for method in item
        if method != "get" and path.startswith(BASE)
    }
    assert writes == set(EVENT_WRITES)


def test_every_event_operation_is_documented():
    schema = v1.get_openapi_schema()
    for path, item in schema["paths"].items():
        if path.startswith(BASE):
            for operation in item.values():
                assert operation["summary"] and operation["tags"] == ["event requests"]


# --- Query counts ------------------------------------------------------------------


def test_the_list_costs_the_same_with_1_and_50_requests(personas, faculty):
    api = used(client(personas.organiser))

    def add(n: int) -> None:
        for _ in range(n):
            make_request(organiser=personas.organiser, unit=faculty)

    assert_constant_queries(get_page=lambda: ok(api.get(BASE)), add_rows=add)


def test_the_queue_costs_the_same_with_1_and_50_requests(personas, faculty, reviewers):
    api = used(client(reviewers["officer"]))

    def add(n: int) -> None:
        for _ in range(n):
            make_request(organiser=personas.organiser, unit=faculty, submit=True)

    assert_constant_queries(get_page=lambda: ok(api.get(f"{BASE}/queue")), add_rows=add)


def test_the_detail_costs_the_same_with_1_and_50_notes(personas, faculty, reviewers):
    pk = submitted(personas.organiser, faculty)
    api = used(client(reviewers["officer"]))
    request = EventRequest.objects.get(pk=pk)

    def add(n: int) -> None:
        for _ in range(n):
            services.add_note(acting_user=reviewers["officer"], event_request=request, text="Seen.")

    assert_constant_queries(get_page=lambda: ok(api.get(f"{BASE}/{pk}")), add_rows=add, ceiling=30)


def test_text_the_database_cannot_hold_is_named(personas, faculty):
    api = client(personas.organiser)
    body = {"title": "ok", "unit": faculty.pk, "speakers": [{"name": "Dr \x00"}]}
    assert error(api.post(BASE, body), 400) == (
        "speakers.0.name",
        "Null characters are not allowed.",
    )
    body = {"title": "ok", "unit": faculty.pk, "starts_at": "9999-12-31T23:59:59-12:00"}
    assert error(api.post(BASE, body), 400) == (
        "starts_at",
        "Enter a date and time between the years 1900 and 2999.",
    )
    assert not EventRequest.objects.exists()


def test_a_refused_decision_lists_every_problem(personas, faculty, reviewers):
    pk = submitted(personas.organiser, faculty)
    body = {"outcome": "rejected", "rationale": "It would offend some students."}
    response = client(reviewers["officer"]).post(f"{BASE}/{pk}/decision", body)
    assert response.status_code == 400
    fields = [problem["field"] for problem in response.json()["errors"]]
    assert fields == [
        "speech_lawful",
        "practicable_steps",
        "proportionality",
        "viewpoint_neutral",
        "reasons_reread",
        "rejection_category",
        "rejection_reason",
    ]
    assert EventRequest.objects.get(pk=pk).status == Status.IN_REVIEW
