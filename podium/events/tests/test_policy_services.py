"""The policy services: one audit entry per change, stale edits refused, clashes
explained."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from podium.accounts.roles import Role
from podium.audit.models import AuditEntry
from podium.core.errors import DomainError
from podium.core.versioning import STALE_MESSAGE, StaleEdit, version_of
from podium.events.models import (
    ClosureDay,
    EventRequest,
    EventsPolicy,
    Nation,
    NoticePeriod,
    RiskMatrixCell,
    RoutingStep,
)
from podium.events.policy import services
from podium.events.tests.policy_setup import Policy, reset_policy


@pytest.fixture
def policy(db) -> Policy:
    return reset_policy()


def entries_since(sequence: int) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(sequence__gt=sequence).order_by("sequence"))


def last_sequence() -> int:
    last = AuditEntry.objects.order_by("-sequence").first()
    return last.sequence if last else 0


def test_changing_the_settings_writes_one_entry_with_old_and_new(personas, policy):
    before = last_sequence()
    services.update_events_policy(
        acting_user=personas.admin,
        nation=Nation.SCOTLAND,
        appeal_window_days=10,
        reminder_days_before_due=2,
    )
    [entry] = entries_since(before)
    assert entry.action == "events.policy.settings.changed"
    assert entry.actor == personas.admin
    assert entry.data["changes"]["nation"] == {"old": "ENG", "new": "SCT"}
    assert entry.data["changes"]["appeal_window_days"] == {"old": 5, "new": 10}
    assert EventsPolicy.current().nation == Nation.SCOTLAND


def test_a_stale_settings_edit_is_refused(personas, policy):
    stale = version_of(EventsPolicy.current(), services.POLICY_FIELDS)
    services.update_events_policy(
        acting_user=personas.admin,
        nation=Nation.SCOTLAND,
        appeal_window_days=5,
        reminder_days_before_due=1,
    )
    with pytest.raises(StaleEdit, match=STALE_MESSAGE):
        services.update_events_policy(
            acting_user=personas.admin,
            nation=Nation.NORTHERN_IRELAND,
            appeal_window_days=5,
            reminder_days_before_due=1,
            expected_version=stale,
        )
    assert EventsPolicy.current().nation == Nation.SCOTLAND


def test_closure_days_are_added_changed_and_deleted_each_with_one_entry(personas, policy):
    before = last_sequence()
    day = services.save_closure_day(
        acting_user=personas.admin,
        closure_day=None,
        date=date(2026, 12, 29),
        description="Christmas closure",
    )
    services.save_closure_day(
        acting_user=personas.admin,
        closure_day=day,
        date=date(2026, 12, 30),
        description="Christmas closure",
        expected_version=version_of(day, services.CLOSURE_DAY_FIELDS),
    )
    services.delete_closure_day(acting_user=personas.admin, closure_day=day)
    actions = [e.action for e in entries_since(before)]
    assert actions == [
        "events.policy.closure_day.created",
        "events.policy.closure_day.changed",
        "events.policy.closure_day.deleted",
    ]
    assert not ClosureDay.objects.exists()


def test_a_second_closure_day_on_the_same_date_is_refused_with_a_message(personas, policy):
    services.save_closure_day(
        acting_user=personas.admin, closure_day=None, date=date(2026, 12, 29), description="One"
    )
    with pytest.raises(DomainError) as refused:
        services.save_closure_day(
            acting_user=personas.admin,
            closure_day=None,
            date=date(2026, 12, 29),
            description="Two",
        )
    assert refused.value.message == "29 December 2026 is already a closure day."
    assert refused.value.field == "date"


def test_a_second_notice_period_for_the_same_type_and_unit_is_refused(personas, policy, faculty):
    services.save_notice_period(
        acting_user=personas.admin,
        notice_period=None,
        event_type=policy.talk,
        unit=faculty,
        working_days=15,
    )
    with pytest.raises(DomainError) as refused:
        services.save_notice_period(
            acting_user=personas.admin,
            notice_period=None,
            event_type=policy.talk,
            unit=faculty,
            working_days=20,
        )
    assert refused.value.message == (
        "There is already a notice period for Talk in Faculty of Arts: change that one instead."
    )
    assert refused.value.field == "event_type"


def test_a_second_notice_period_for_any_type_across_the_institution_is_refused(personas, policy):
    with pytest.raises(DomainError) as refused:
        services.save_notice_period(
            acting_user=personas.admin,
            notice_period=None,
            event_type=None,
            unit=None,
            working_days=5,
        )
    assert refused.value.message == (
        "There is already a notice period for any event type in the whole institution: "
        "change that one instead."
    )
    assert NoticePeriod.objects.get().working_days == 10


def test_changing_a_notice_period_audits_the_old_and_new_days(personas, policy):
    before = last_sequence()
    services.save_notice_period(
        acting_user=personas.admin,
        notice_period=policy.any_notice,
        event_type=None,
        unit=None,
        working_days=12,
        expected_version=version_of(policy.any_notice, services.NOTICE_PERIOD_FIELDS),
    )
    [entry] = entries_since(before)
    assert entry.action == "events.policy.notice_period.changed"
    assert entry.data["changes"] == {"working_days": {"old": 10, "new": 12}}


def test_saving_without_a_change_writes_no_entry(personas, policy):
    before = last_sequence()
    services.save_event_type(
        acting_user=personas.admin,
        event_type=policy.talk,
        name="Talk",
        description="",
        is_active=True,
    )
    assert entries_since(before) == []


def test_event_type_campus_and_mitigation_names_are_unique_whatever_the_case(personas, policy):
    with pytest.raises(DomainError, match="There is already an event type called talk."):
        services.save_event_type(
            acting_user=personas.admin, event_type=None, name="talk", description="", is_active=True
        )
    services.save_campus(acting_user=personas.admin, campus=None, name="City", is_active=True)
    with pytest.raises(DomainError, match="There is already a campus called CITY."):
        services.save_campus(acting_user=personas.admin, campus=None, name="CITY", is_active=True)
    with pytest.raises(DomainError, match="There is already a mitigation called"):
        services.save_mitigation(
            acting_user=personas.admin,
            mitigation=None,
            name="independent chair",
            description="",
            prevent_related=False,
            default_owner="",
            is_active=True,
        )


def test_risk_level_names_and_ranks_are_unique(personas, policy):
    with pytest.raises(DomainError) as refused:
        services.save_risk_level(
            acting_user=personas.admin, risk_level=None, name="Severe", rank=3, description=""
        )
    assert refused.value.message == (
        "Another risk level already has rank 3: choose a different rank."
    )
    assert refused.value.field == "rank"


def test_a_stale_edit_of_a_question_is_refused(personas, policy):
    stale = version_of(policy.question, services.QUESTION_FIELDS)
    values: dict[str, Any] = {
        "text": "Is it open to the public?",
        "help_text": "",
        "impact_points": 0,
        "order": 1,
        "is_active": True,
    }
    services.save_screening_question(
        acting_user=personas.admin, question=policy.question, likelihood_points=1, **values
    )
    with pytest.raises(StaleEdit):
        services.save_screening_question(
            acting_user=personas.admin,
            question=policy.question,
            likelihood_points=2,
            expected_version=stale,
            **values,
        )
    policy.question.refresh_from_db()
    assert policy.question.likelihood_points == 1


def test_question_points_stay_within_the_scale(personas, policy):
    with pytest.raises(DomainError, match="Enter points from 0 to 3."):
        services.save_screening_question(
            acting_user=personas.admin,
            question=None,
            text="New",
            help_text="",
            likelihood_points=4,
            impact_points=0,
            order=2,
            is_active=True,
        )


def test_changed_matrix_cells_are_audited_as_one_entry(personas, policy):
    levels = {
        (cell.likelihood, cell.impact): cell.level
        for cell in RiskMatrixCell.objects.select_related("level")
    }
    version = services.matrix_version({key: level.pk for key, level in levels.items()})
    levels[(1, 3)] = policy.medium
    levels[(3, 1)] = policy.low
    before = last_sequence()
    changed = services.set_risk_matrix(
        acting_user=personas.admin, levels=levels, expected_version=version
    )
    assert changed == ["cell_1_3", "cell_3_1"]
    [entry] = entries_since(before)
    assert entry.action == "events.policy.risk_matrix.changed"
    assert entry.data["changes"] == {
        "cell_1_3": {"old": "High", "new": "Medium"},
        "cell_3_1": {"old": "High", "new": "Low"},
    }
    with pytest.raises(StaleEdit):
        services.set_risk_matrix(
            acting_user=personas.admin, levels=levels, expected_version=version
        )


def test_a_routing_rule_is_saved_with_its_steps_in_order(personas, policy, faculty):
    before = last_sequence()
    rule = services.save_routing_rule(
        acting_user=personas.admin,
        rule=None,
        name="Arts, high risk",
        unit=faculty,
        risk_level=policy.high,
        order=5,
        is_active=True,
        steps=[
            services.StepSpec(role=Role.EVENTS_OFFICER, unit=None, deadline_days=3),
            services.StepSpec(role=Role.PREVENT_LEAD, unit=None, deadline_days=5),
        ],
    )
    steps = list(RoutingStep.objects.filter(rule=rule).order_by("position"))
    assert [(s.position, s.role, s.deadline_days) for s in steps] == [
        (1, Role.EVENTS_OFFICER, 3),
        (2, Role.PREVENT_LEAD, 5),
    ]
    [entry] = entries_since(before)
    assert entry.action == "events.policy.routing_rule.created"
    assert entry.data["route"] == "Events and bookings officer → Prevent lead"


def test_a_routing_rule_needs_a_step_held_by_a_reviewing_role(personas, policy):
    with pytest.raises(DomainError, match="Add at least one review step."):
        services.save_routing_rule(
            acting_user=personas.admin,
            rule=policy.rule,
            name="Everything",
            unit=None,
            risk_level=None,
            order=100,
            is_active=True,
            steps=[],
        )
    with pytest.raises(DomainError, match="Auditor does not review event requests."):
        services.save_routing_rule(
            acting_user=personas.admin,
            rule=policy.rule,
            name="Everything",
            unit=None,
            risk_level=None,
            order=100,
            is_active=True,
            steps=[services.StepSpec(role=Role.AUDITOR, unit=None, deadline_days=5)],
        )


def test_a_stale_routing_rule_edit_is_refused_when_only_its_steps_changed(personas, policy):
    stale = services.routing_rule_version(policy.rule)
    step = services.StepSpec(role=Role.PREVENT_LEAD, unit=None, deadline_days=5)
    services.save_routing_rule(
        acting_user=personas.admin,
        rule=policy.rule,
        name="Everything",
        unit=None,
        risk_level=None,
        order=100,
        is_active=True,
        steps=[step],
    )
    with pytest.raises(StaleEdit):
        services.save_routing_rule(
            acting_user=personas.admin,
            rule=policy.rule,
            name="Everything",
            unit=None,
            risk_level=None,
            order=100,
            is_active=False,
            steps=[step],
            expected_version=stale,
        )


def two_steps() -> list[services.StepSpec]:
    return [
        services.StepSpec(role=Role.EVENTS_OFFICER, unit=None, deadline_days=5),
        services.StepSpec(role=Role.PREVENT_LEAD, unit=None, deadline_days=5),
    ]


def save_everything_rule(policy: Policy, personas, steps) -> None:
    services.save_routing_rule(
        acting_user=personas.admin,
        rule=policy.rule,
        name="Everything",
        unit=None,
        risk_level=None,
        order=100,
        is_active=True,
        steps=steps,
    )


def test_a_request_in_review_keeps_its_step_when_the_steps_change(personas, policy, faculty):
    save_everything_rule(policy, personas, two_steps())
    first = RoutingStep.objects.get(rule=policy.rule, position=1)
    request = EventRequest.objects.create(
        reference="EV-TEST-1",
        title="A talk",
        unit=faculty,
        organiser=personas.organiser,
        current_step=first,
    )
    save_everything_rule(
        policy,
        personas,
        [services.StepSpec(role=Role.SU_REVIEWER, unit=None, deadline_days=2), *two_steps()],
    )
    request.refresh_from_db()
    assert request.current_step == first
    assert RoutingStep.objects.filter(rule=policy.rule).count() == 3


def test_a_step_someone_waits_at_cannot_be_removed(personas, policy, faculty):
    save_everything_rule(policy, personas, two_steps())
    EventRequest.objects.create(
        reference="EV-TEST-2",
        title="A talk",
        unit=faculty,
        organiser=personas.organiser,
        current_step=RoutingStep.objects.get(rule=policy.rule, position=2),
    )
    with pytest.raises(DomainError) as refused:
        save_everything_rule(policy, personas, two_steps()[:1])
    assert refused.value.message == (
        "Requests are waiting for review at step 2: keep at least 2 steps until they have moved on."
    )
    assert RoutingStep.objects.filter(rule=policy.rule).count() == 2


def test_a_question_can_be_tied_to_an_attendance_and_bad_values_are_refused(personas, policy):
    values: dict[str, Any] = {
        "acting_user": personas.admin,
        "question": None,
        "text": "Will guests from outside attend?",
        "help_text": "",
        "likelihood_points": 0,
        "impact_points": 0,
        "order": 3,
        "is_active": True,
    }
    with pytest.raises(DomainError, match="Choose who can attend, or none."):
        services.save_screening_question(yes_means_attendance="everyone", **values)
    question = services.save_screening_question(yes_means_attendance="invited", **values)
    assert question.yes_means_attendance == "invited"
