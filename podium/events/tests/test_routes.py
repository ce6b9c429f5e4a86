"""Routes whose steps sign off in turn: an earlier step's approval is a
recommendation, the last sign-off step decides, a rejection at any step decides,
and escalation-only steps are reached only by escalation (README, "Routes")."""

from __future__ import annotations

import threading

import pytest
from django.core import mail
from django.db import connection

from podium.accounts.roles import Role
from podium.api.models import TokenScope
from podium.audit.models import AuditEntry
from podium.core.errors import DomainError
from podium.core.versioning import version_of
from podium.events import route, services
from podium.events.models import (
    Decision,
    EventRequest,
    Recommendation,
    RoutingRule,
    RoutingStep,
    Status,
    StepKind,
)
from podium.events.services import VERSION_FIELDS
from podium.testing.api import ApiClient, token_for
from podium.testing.events import approval, make_request, rejection, restore_default_policy
from podium.testing.factories import make_person_with_role

pytestmark = pytest.mark.django_db


def three_step_route() -> RoutingRule:
    """Events officer, then Prevent lead, then free-speech officer sign off in turn;
    the escalation panel only on escalation. Tried before every default rule."""
    rule = RoutingRule.objects.create(name="Three sign-offs", order=1)
    for position, role, kind in (
        (1, Role.EVENTS_OFFICER, StepKind.SEQUENTIAL),
        (2, Role.PREVENT_LEAD, StepKind.SEQUENTIAL),
        (3, Role.FREE_SPEECH_OFFICER, StepKind.SEQUENTIAL),
        (4, Role.ESCALATION_PANEL, StepKind.ESCALATION),
    ):
        RoutingStep.objects.create(rule=rule, position=position, role=role, kind=kind)
    return rule


@pytest.fixture
def people(institution, faculty):
    three_step_route()
    return {
        "organiser": make_person_with_role(Role.ORGANISER, faculty, full_name="Oli Organiser"),
        "officer": make_person_with_role(Role.EVENTS_OFFICER, faculty, full_name="Eve Officer"),
        "prevent": make_person_with_role(Role.PREVENT_LEAD, institution, full_name="Pat Prevent"),
        "fso": make_person_with_role(
            Role.FREE_SPEECH_OFFICER, institution, full_name="Fran Speech"
        ),
        "panel": make_person_with_role(Role.ESCALATION_PANEL, institution, full_name="Pam Panel"),
    }


def submitted(people, faculty) -> EventRequest:
    return make_request(organiser=people["organiser"], unit=faculty, submit=True)


def fresh(request: EventRequest) -> EventRequest:
    return EventRequest.objects.get(pk=request.pk)


def test_three_sign_offs_end_to_end(people, faculty, django_capture_on_commit_callbacks):
    request = submitted(people, faculty)
    assert request.current_step.position == 1
    assert "Reached only by escalation: Escalation panel member" in request.routing_reasons

    with django_capture_on_commit_callbacks(execute=True):
        first = services.decide(
            acting_user=people["officer"], event_request=request, facts=approval(conditions=True)
        )
    assert isinstance(first, Recommendation)
    request = fresh(request)
    assert request.status == Status.IN_REVIEW
    assert request.current_step.position == 2
    assert request.waiting_role == Role.PREVENT_LEAD
    assert request.due_on is not None
    assert not Decision.objects.filter(request=request).exists()
    assert first.recommended_by == people["officer"]
    assert first.conditions.get().text == "Independent chair"
    assert first.practicable_steps.startswith("An independent chair")
    # The next step's reviewers are told.
    assert people["prevent"].email in mail.outbox[-1].to
    assert "Recommended for approval" in mail.outbox[-1].subject

    second = services.decide(acting_user=people["prevent"], event_request=request, facts=approval())
    assert isinstance(second, Recommendation)
    request = fresh(request)
    assert request.current_step.position == 3 and request.status == Status.IN_REVIEW
    # The final decider's form suggests the conditions recommended earlier.
    assert route.suggested_conditions(request)[0]["text"] == "Independent chair"

    decision = services.decide(
        acting_user=people["fso"], event_request=request, facts=approval(conditions=True)
    )
    assert isinstance(decision, Decision)
    assert decision.step_position == 3
    request = fresh(request)
    assert request.status == Status.APPROVED_WITH_CONDITIONS
    assert Decision.objects.filter(request=request).count() == 1
    actions = list(
        AuditEntry.objects.filter(target_id=str(request.pk)).values_list("action", flat=True)
    )
    assert actions.count("events.request.recommended") == 2
    assert actions.count("events.request.decided") == 1

    place = route.route_place(request)
    assert place is not None
    assert [s.state for s in place.steps] == [
        "recommended",
        "recommended",
        "decided",
        "not_reached",
    ]
    assert [s.kind_label for s in place.steps][3] == "Reached only by escalation"


def test_a_reviewer_at_an_earlier_step_cannot_act_once_it_has_moved_on(people, faculty):
    request = submitted(people, faculty)
    services.decide(acting_user=people["officer"], event_request=request, facts=approval())
    with pytest.raises(DomainError):
        services.decide(
            acting_user=people["officer"], event_request=fresh(request), facts=rejection()
        )
    assert fresh(request).status == Status.IN_REVIEW


def test_a_rejection_at_the_first_step_needs_the_full_record_and_ends_the_route(people, faculty):
    request = submitted(people, faculty)
    bare = services.DecisionFacts(outcome="rejected", rationale="No.")
    with pytest.raises(DomainError) as refused:
        services.decide(acting_user=people["officer"], event_request=request, facts=bare)
    fields = {field for field, _ in refused.value.problems}
    assert {"speech_lawful", "practicable_steps", "proportionality", "viewpoint_neutral"} <= fields
    assert {"rejection_category", "rejection_reason"} <= fields
    assert fresh(request).current_step.position == 1

    decision = services.decide(
        acting_user=people["officer"], event_request=request, facts=rejection()
    )
    assert isinstance(decision, Decision)
    request = fresh(request)
    assert request.status == Status.REJECTED
    assert request.current_step is None
    assert not Recommendation.objects.filter(request=request).exists()
    place = route.route_place(request)
    assert place is not None
    assert [s.state for s in place.steps] == [
        "decided",
        "not_reached",
        "not_reached",
        "not_reached",
    ]


def test_an_escalation_only_step_is_reached_only_by_escalation(people, faculty):
    request = submitted(people, faculty)
    services.decide(acting_user=people["officer"], event_request=request, facts=approval())
    services.decide(acting_user=people["prevent"], event_request=fresh(request), facts=approval())
    request = fresh(request)
    # The panel never receives the request without an escalation.
    assert request.waiting_role == Role.FREE_SPEECH_OFFICER
    with pytest.raises(DomainError):
        services.decide(acting_user=people["panel"], event_request=request, facts=approval())

    escalated = services.escalate(
        acting_user=people["fso"], event_request=request, reason="Needs the panel."
    )
    assert escalated.waiting_role == Role.ESCALATION_PANEL
    decision = services.decide(
        acting_user=people["panel"], event_request=escalated, facts=approval()
    )
    assert isinstance(decision, Decision)


def test_escalation_passes_over_sign_off_steps_to_the_escalation_step(people, faculty):
    request = submitted(people, faculty)
    escalated = services.escalate(
        acting_user=people["officer"], event_request=request, reason="Serious concerns."
    )
    assert escalated.current_step.position == 4
    place = route.route_place(fresh(request))
    assert place is not None
    assert [s.state for s in place.steps] == ["passed", "passed", "passed", "current"]


def test_a_step_nobody_holds_is_skipped_and_the_page_says_so(institution, faculty):
    three_step_route()
    organiser = make_person_with_role(Role.ORGANISER, faculty)
    officer = make_person_with_role(Role.EVENTS_OFFICER, faculty)
    make_person_with_role(Role.FREE_SPEECH_OFFICER, institution)  # no Prevent lead
    request = make_request(organiser=organiser, unit=faculty, submit=True)
    services.decide(acting_user=officer, event_request=request, facts=approval())
    request = fresh(request)
    assert request.current_step.position == 3
    assert request.skipped_positions == [2]
    assert "so that step is skipped" in request.routing_reasons
    place = route.route_place(request)
    assert place is not None
    assert place.steps[1].label == "Skipped: nobody held this role"


def test_a_recommendation_is_not_counted_as_a_decision(people, faculty):
    from podium.events import selectors

    request = submitted(people, faculty)
    services.decide(acting_user=people["officer"], event_request=request, facts=approval())
    assert Decision.objects.count() == 0
    # What reporting reads: decisions, never recommendations.
    assert fresh(request).status == Status.IN_REVIEW
    assert selectors.request_view(user=people["prevent"], request=fresh(request)).decisions == []


def test_a_material_change_retires_the_recommendations(people, faculty):
    request = submitted(people, faculty)
    services.decide(acting_user=people["officer"], event_request=request, facts=approval())
    services.decide(acting_user=people["prevent"], event_request=fresh(request), facts=approval())
    services.decide(acting_user=people["fso"], event_request=fresh(request), facts=approval())
    services.update_request(
        acting_user=people["organiser"],
        event_request=fresh(request),
        facts=services.RequestFacts(venue="Lecture Hall 2"),
    )
    request = fresh(request)
    assert request.status == Status.IN_REVIEW and request.current_step.position == 1
    assert not Recommendation.objects.filter(request=request, is_live=True).exists()
    assert Recommendation.objects.filter(request=request, is_live=False).count() == 2
    again = services.decide(acting_user=people["officer"], event_request=request, facts=approval())
    assert isinstance(again, Recommendation)


def test_the_api_says_when_an_approval_is_a_recommendation(people, faculty):
    request = submitted(people, faculty)
    api = ApiClient(token_for(people["officer"], scope=TokenScope.READ_WRITE, days=365))
    body = {
        "outcome": "approved",
        "rationale": "Usual arrangements are enough.",
        "version": version_of(fresh(request), VERSION_FIELDS),
    }
    answer = api.post(f"/api/v1/event-requests/{request.pk}/decision", body)
    assert answer.status_code == 201, answer.content
    data = answer.json()
    assert data["recorded"] == "recommendation"
    assert data["status"] == "in_review"
    assert [s["state"] for s in data["route"]][:2] == ["recommended", "current"]
    assert data["route"][0]["acted_by"]["full_name"] == "Eve Officer"
    assert data["live_decision"] is None


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="Concurrent writers need PostgreSQL.")
def test_a_recommendation_and_a_rejection_racing_keep_one(institution, faculty):
    restore_default_policy()
    three_step_route()
    organiser = make_person_with_role(Role.ORGANISER, faculty)
    officers = [make_person_with_role(Role.EVENTS_OFFICER, faculty) for _ in range(2)]
    make_person_with_role(Role.PREVENT_LEAD, institution)
    request = make_request(organiser=organiser, unit=faculty, submit=True)
    version = version_of(EventRequest.objects.get(pk=request.pk), VERSION_FIELDS)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def attempt(officer, facts):
        barrier.wait()
        try:
            services.decide(
                acting_user=officer,
                event_request=EventRequest.objects.get(pk=request.pk),
                facts=facts,
                expected_version=version,
            )
            outcomes.append("done")
        except DomainError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=attempt, args=(officers[0], approval())),
        threading.Thread(target=attempt, args=(officers[1], rejection())),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["done", "refused"]
    kept = (
        Recommendation.objects.filter(request=request).count()
        + Decision.objects.filter(request=request).count()
    )
    assert kept == 1
