"""The transition tables in `lifecycle.py`, enumerated: every allowed (status, action)
works through its service; every other pair is refused with a readable message and
leaves the request as it was."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from podium.accounts.roles import Role
from podium.core.errors import DomainError
from podium.events import lifecycle, services
from podium.events.lifecycle import (
    APPEAL_TRANSITIONS,
    REQUEST_TRANSITIONS,
    Action,
    AppealAction,
)
from podium.events.models import AppealStatus, Condition, EventRequest, Status
from podium.events.services import RequestFacts
from podium.testing.events import approval, make_request, rejection
from podium.testing.factories import make_person_with_role

# Refusals that come before the status is looked at: the person may not act here.
NOT_FOR_YOU = {"This request is not waiting for you."}


@pytest.fixture
def people(personas, institution, faculty):
    return {
        "organiser": personas.organiser,
        "officer": make_person_with_role(Role.EVENTS_OFFICER, faculty, full_name="Eve Officer"),
        "prevent": make_person_with_role(Role.PREVENT_LEAD, institution, full_name="Pat Prevent"),
        "appeals": make_person_with_role(Role.APPEAL_DECIDER, institution, full_name="Al Appeal"),
        "security": make_person_with_role(
            Role.HEAD_OF_SECURITY, institution, full_name="Sam Security"
        ),
    }


def reach(status: Status, people: dict[str, Any], unit: Any) -> EventRequest:
    """A request brought to `status` through the services."""
    organiser, officer = people["organiser"], people["officer"]
    if status == Status.DRAFT:
        return make_request(organiser=organiser, unit=unit)
    if status == Status.WITHDRAWN:
        draft = make_request(organiser=organiser, unit=unit)
        return services.withdraw_request(acting_user=organiser, event_request=draft)
    request = make_request(organiser=organiser, unit=unit, submit=True)
    if status == Status.INFORMATION_REQUESTED:
        services.request_information(acting_user=officer, event_request=request, question="Who?")
    elif status == Status.LAPSED:
        assert request.starts_at is not None
        services.lapse_undecided(now=request.starts_at + timedelta(hours=1))
    elif status in (Status.APPROVED, Status.CANCELLED):
        services.decide(acting_user=officer, event_request=request, facts=approval())
        if status == Status.CANCELLED:
            services.cancel_event(
                acting_user=organiser, event_request=request, reason="Speaker ill."
            )
    elif status == Status.APPROVED_WITH_CONDITIONS:
        services.decide(acting_user=officer, event_request=request, facts=approval(conditions=True))
    elif status in (Status.REJECTED, Status.APPEALED):
        services.decide(acting_user=officer, event_request=request, facts=rejection())
        if status == Status.APPEALED:
            services.lodge_appeal(
                acting_user=organiser, event_request=request, grounds="A bigger room."
            )
    request = EventRequest.objects.get(pk=request.pk)
    assert request.status == status
    return request


def perform(action: Action, request: EventRequest, people: dict[str, Any]) -> None:
    """Take `action` on `request` through its service, as someone who may."""
    organiser, officer = people["organiser"], people["officer"]
    if action == Action.EDIT:
        services.update_request(
            acting_user=organiser, event_request=request, facts=RequestFacts(title="A new title")
        )
    elif action == Action.SUBMIT:
        services.submit_request(acting_user=organiser, event_request=request)
    elif action == Action.WITHDRAW:
        services.withdraw_request(acting_user=organiser, event_request=request)
    elif action == Action.ASK:
        services.request_information(acting_user=officer, event_request=request, question="Who?")
    elif action == Action.ANSWER:
        services.answer_information(acting_user=organiser, event_request=request, answer="Prof X.")
    elif action == Action.ESCALATE:
        services.escalate(acting_user=officer, event_request=request, reason="Media interest.")
    elif action == Action.DECIDE:
        services.decide(acting_user=officer, event_request=request, facts=approval())
    elif action == Action.REAPPROVE:
        services.update_request(
            acting_user=organiser, event_request=request, facts=RequestFacts(venue="Lecture Hall 2")
        )
    elif action == Action.APPEAL:
        services.lodge_appeal(
            acting_user=organiser, event_request=request, grounds="A bigger room."
        )
    elif action == Action.DECIDE_APPEAL:
        services.decide_appeal(
            acting_user=people["appeals"], event_request=request, upheld=True, facts=approval()
        )
    elif action == Action.CANCEL:
        services.cancel_event(acting_user=organiser, event_request=request, reason="Speaker ill.")
    elif action == Action.CONFIRM_CONDITION:
        condition = Condition.objects.filter(decision__request=request).first()
        assert condition is not None
        services.confirm_condition(acting_user=organiser, condition=condition)
    elif action == Action.REPORT:
        assert request.starts_at is not None
        with time_machine.travel(request.starts_at + timedelta(hours=3)):
            services.report_after_event(
                acting_user=organiser,
                event_request=request,
                went_ahead=True,
                attendance=80,
                conditions_met="met",
                incidents="",
            )
    elif action == Action.RECORD_INCIDENT:
        services.record_incident(
            acting_user=people["security"],
            event_request=request,
            occurred_at=timezone.now() - timedelta(minutes=5),
            severity="low",
            description="A heckler was asked to leave.",
        )
    else:  # pragma: no cover - every action is listed above
        raise AssertionError(action)


# The lapse job and re-approval are not refused: they only apply where they may.
AUTOMATIC = {Action.LAPSE, Action.REAPPROVE}
PAIRS = [(s, a) for s in Status for a in Action if a not in AUTOMATIC]


def start(status: Status, action: Action, people: dict[str, Any], unit: Any) -> EventRequest:
    if action == Action.CONFIRM_CONDITION:
        # A condition to confirm, on a request then put in `status`.
        request = reach(Status.APPROVED_WITH_CONDITIONS, people, unit)
        EventRequest.objects.filter(pk=request.pk).update(status=status)
        return EventRequest.objects.get(pk=request.pk)
    return reach(status, people, unit)


@pytest.mark.parametrize(("status", "action"), PAIRS, ids=[f"{s}-{a}" for s, a in PAIRS])
def test_every_pair_is_allowed_or_refused_by_the_table(status, action, people, faculty):
    request = start(status, action, people, faculty)
    if (status, action) in REQUEST_TRANSITIONS:
        perform(action, request, people)
        request.refresh_from_db()
        assert request.status in REQUEST_TRANSITIONS[(status, action)]
    else:
        with pytest.raises(DomainError) as refused:
            perform(action, request, people)
        message = refused.value.message
        assert message in {lifecycle.refusal(status, action), *NOT_FOR_YOU}
        assert EventRequest.objects.get(pk=request.pk).status == status


@pytest.mark.parametrize("status", list(Status))
def test_a_material_change_sends_only_an_approval_back(status, people, faculty):
    request = reach(status, people, faculty)
    if not lifecycle.allows(status, Action.EDIT):
        return  # refused as an edit, above
    perform(Action.REAPPROVE, request, people)
    request.refresh_from_db()
    expected = REQUEST_TRANSITIONS.get((status, Action.REAPPROVE), (status,))
    assert request.status in expected


@pytest.mark.parametrize("status", list(Status))
def test_only_undecided_requests_lapse(status, people, faculty):
    request = reach(status, people, faculty)
    assert request.starts_at is not None
    services.lapse_undecided(now=request.starts_at + timedelta(hours=1))
    request.refresh_from_db()
    assert request.status in REQUEST_TRANSITIONS.get((status, Action.LAPSE), (status,))


def test_the_refusals_read_as_sentences():
    for status in Status:
        for action in Action:
            message = lifecycle.refusal(status, action)
            assert message[0].isupper() and message.endswith("."), message
            assert "{" not in message


def test_an_appeal_is_decided_once(people, faculty):
    request = reach(Status.APPEALED, people, faculty)
    services.decide_appeal(
        acting_user=people["appeals"], event_request=request, upheld=True, facts=approval()
    )
    appeal = request.appeals.get()
    assert appeal.status == AppealStatus.UPHELD
    for action in AppealAction:
        for appeal_status in AppealStatus:
            if (appeal_status, action) in APPEAL_TRANSITIONS:
                assert (
                    lifecycle.require_appeal(appeal_status, action)
                    == (APPEAL_TRANSITIONS[(appeal_status, action)])
                )
            else:
                with pytest.raises(DomainError, match="already been decided"):
                    lifecycle.require_appeal(appeal_status, action)
