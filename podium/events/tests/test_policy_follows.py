"""The point of the policy pages: an administrator changes a notice period, a
screening question, a routing rule and a mitigation in the browser's forms, and
the next request follows them, with no deploy."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from podium.accounts.roles import Role
from podium.core.versioning import version_of
from podium.events import rules
from podium.events.models import Mitigation, ScreeningQuestion
from podium.events.policy import services
from podium.events.tests.policy_setup import Policy, reset_policy
from podium.testing.personas import client_for


@pytest.fixture
def policy(db) -> Policy:
    return reset_policy()


def post(client, name, data, **kwargs):
    response = client.post(reverse(f"events:{name}", kwargs=kwargs), data)
    assert response.status_code == 302, response.context["form"].errors
    return response


def test_a_changed_notice_period_is_the_notice_new_requests_need(personas, policy, faculty):
    admin = client_for(personas.admin)
    assert rules.required_notice(event_type=policy.talk, unit=faculty) == 10
    post(
        admin,
        "policy-notice-period-add",
        {"event_type": policy.talk.pk, "unit": faculty.pk, "working_days": "15"},
    )
    assert rules.required_notice(event_type=policy.talk, unit=faculty) == 15
    post(
        admin,
        "policy-notice-period-edit",
        {
            "event_type": "",
            "unit": "",
            "working_days": "3",
            "version": version_of(policy.any_notice, services.NOTICE_PERIOD_FIELDS),
        },
        pk=policy.any_notice.pk,
    )
    assert rules.required_notice(event_type=None, unit=faculty) == 3
    assert rules.required_notice(event_type=policy.talk, unit=faculty) == 15


def test_edited_question_points_change_the_suggested_level(personas, policy):
    question = policy.question
    assert rules.assess([(question, True)]).level == policy.low
    post(
        client_for(personas.admin),
        "policy-question-edit",
        {
            "text": question.text,
            "help_text": "",
            "likelihood_points": "2",
            "impact_points": "1",
            "order": "1",
            "is_active": "on",
            "version": version_of(question, services.QUESTION_FIELDS),
        },
        pk=question.pk,
    )
    edited = ScreeningQuestion.objects.get(pk=question.pk)
    assessment = rules.assess([(edited, True)])
    assert (assessment.likelihood, assessment.impact) == (3, 2)
    assert assessment.level == policy.high


def test_a_new_routing_rule_for_a_level_is_the_route_new_requests_take(personas, policy, faculty):
    assert rules.route_for(unit=faculty, level=policy.high).rule == policy.rule
    post(
        client_for(personas.admin),
        "policy-routing-rule-add",
        {
            "name": "High risk in Arts",
            "unit": faculty.pk,
            "risk_level": policy.high.pk,
            "order": "10",
            "is_active": "on",
            "steps-TOTAL_FORMS": "3",
            "steps-INITIAL_FORMS": "0",
            "steps-0-role": Role.PREVENT_LEAD,
            "steps-0-unit": "",
            "steps-0-deadline_days": "3",
            "steps-1-role": Role.ESCALATION_PANEL,
            "steps-1-unit": "",
            "steps-1-deadline_days": "5",
            "steps-2-role": "",
            "steps-2-unit": "",
            "steps-2-deadline_days": "5",
        },
    )
    route = rules.route_for(unit=faculty, level=policy.high)
    assert route.rule is not None and route.rule.name == "High risk in Arts"
    assert route.first_step is not None and route.first_step.role == Role.PREVENT_LEAD
    assert "Review by Prevent lead then Escalation panel member." in route.reasons
    assert rules.route_for(unit=faculty, level=policy.low).rule == policy.rule


def test_changing_a_rules_level_and_steps_changes_the_route(personas, policy, faculty):
    rule = policy.rule
    post(
        client_for(personas.admin),
        "policy-routing-rule-edit",
        {
            "name": "Everything",
            "unit": "",
            "risk_level": policy.medium.pk,
            "order": "100",
            "is_active": "on",
            "version": services.routing_rule_version(rule),
            "steps-TOTAL_FORMS": "2",
            "steps-INITIAL_FORMS": "1",
            "steps-0-role": Role.FREE_SPEECH_OFFICER,
            "steps-0-unit": "",
            "steps-0-deadline_days": "4",
            "steps-1-role": "",
            "steps-1-unit": "",
            "steps-1-deadline_days": "5",
        },
        pk=rule.pk,
    )
    assert rules.route_for(unit=faculty, level=policy.low).rule is None
    route = rules.route_for(unit=faculty, level=policy.medium)
    assert route.rule == rule
    assert route.first_step is not None
    assert (route.first_step.role, route.first_step.deadline_days) == (Role.FREE_SPEECH_OFFICER, 4)


def test_a_new_mitigation_is_offered_and_a_deactivated_one_is_not(personas, policy):
    admin = client_for(personas.admin)
    post(
        admin,
        "policy-mitigation-add",
        {"name": "Stewarding", "description": "", "default_owner": "Security", "is_active": "on"},
    )
    post(
        admin,
        "policy-mitigation-edit",
        {
            "name": policy.mitigation.name,
            "description": "",
            "prevent_related": "on",
            "default_owner": "",
            "version": version_of(policy.mitigation, services.MITIGATION_FIELDS),
        },
        pk=policy.mitigation.pk,
    )
    offered = Mitigation.objects.filter(is_active=True).values_list("name", flat=True)
    assert list(offered) == ["Stewarding"]


def test_the_chosen_nations_bank_holidays_are_the_non_working_days(personas, policy):
    st_andrews_day = date(2027, 11, 30)  # a Tuesday
    assert rules.Calendar.current().is_working_day(st_andrews_day)
    post(
        client_for(personas.admin),
        "policy-settings",
        {"nation": "SCT", "appeal_window_days": "5", "reminder_days_before_due": "1"},
    )
    assert not rules.Calendar.current().is_working_day(st_andrews_day)
    assert rules.upcoming_bank_holidays("SCT", start=date(2027, 11, 1), days=30) == [
        (st_andrews_day, "Saint Andrew's Day")
    ]
