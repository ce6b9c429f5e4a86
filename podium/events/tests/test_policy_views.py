"""The policy pages: who may use them, and what a mistake looks like."""

from __future__ import annotations

import pytest
from django.urls import reverse

from podium.audit.models import AuditEntry
from podium.core.navigation import navigation_for
from podium.core.versioning import STALE_MESSAGE
from podium.events.models import EventsPolicy, RoutingRule
from podium.events.tests.policy_setup import Policy, reset_policy
from podium.testing.personas import client_for


@pytest.fixture
def policy(db) -> Policy:
    return reset_policy()


PAGES = ["policy-overview", "policy-notice-periods", "policy-routing-rule-add", "policy-settings"]


@pytest.mark.parametrize("page", PAGES)
def test_an_institution_administrator_may_use_the_policy_pages(personas, policy, page):
    assert client_for(personas.admin).get(reverse(f"events:{page}")).status_code == 200


@pytest.mark.parametrize("persona", ["faculty_admin", "auditor", "organiser", "outsider"])
@pytest.mark.parametrize("page", PAGES)
def test_anyone_else_is_refused(personas, policy, persona, page):
    response = client_for(personas.get(persona)).get(reverse(f"events:{page}"))
    assert response.status_code == 403


def test_signed_out_people_are_sent_to_sign_in(client, policy):
    response = client.get(reverse("events:policy-overview"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_the_overview_lists_the_nations_coming_bank_holidays(personas, policy):
    response = client_for(personas.admin).get(reverse("events:policy-overview"))
    assert "England and Wales" in response.content.decode()
    assert "Christmas Day" in response.content.decode()


def test_the_event_rules_item_is_in_the_administrators_navigation_only(personas, policy):
    labels = [item.label for item in navigation_for(personas.admin)]
    assert "Event rules" in labels
    for other in (personas.faculty_admin, personas.auditor, personas.organiser):
        assert "Event rules" not in [item.label for item in navigation_for(other)]


def test_bad_input_is_summarised_and_linked_to_each_field(personas, policy):
    response = client_for(personas.admin).post(
        reverse("events:policy-question-add"),
        {"text": "", "likelihood_points": "7", "impact_points": "x", "order": "1"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert '<a href="#id_text">Enter the question.</a>' in page
    assert (
        '<a href="#id_likelihood_points">Enter the likelihood points as a whole number '
        "from 0 to 3.</a>"
    ) in page
    assert '<a href="#id_impact_points">' in page


def test_a_duplicate_is_shown_on_its_field(personas, policy):
    response = client_for(personas.admin).post(
        reverse("events:policy-notice-period-add"),
        {"event_type": "", "unit": "", "working_days": "4"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["event_type"] == [
        "There is already a notice period for any event type in the whole institution: "
        "change that one instead."
    ]


def test_a_stale_edit_through_the_page_is_refused_and_shows_what_is_saved(personas, policy):
    admin = client_for(personas.admin)
    url = reverse("events:policy-settings")
    version = admin.get(url).context["form"].initial["version"]
    data = {"nation": "SCT", "appeal_window_days": "5", "reminder_days_before_due": "1"}
    assert admin.post(url, {**data, "version": version}).status_code == 302
    response = admin.post(url, {**data, "nation": "NIR", "version": version})
    assert response.status_code == 200
    assert STALE_MESSAGE in response.content.decode()
    assert response.context["form"]["nation"].value() == "SCT"
    assert EventsPolicy.current().nation == "SCT"


def step_data(*steps: tuple[str, str]) -> dict[str, str]:
    data = {"steps-TOTAL_FORMS": str(len(steps)), "steps-INITIAL_FORMS": "0"}
    for number, (role, days) in enumerate(steps):
        data |= {
            f"steps-{number}-role": role,
            f"steps-{number}-unit": "",
            f"steps-{number}-deadline_days": days,
        }
    return data


RULE = {"name": "Gappy", "unit": "", "risk_level": "", "order": "5", "is_active": "on"}


def test_a_routing_rule_with_a_gap_between_steps_is_refused(personas, policy):
    response = client_for(personas.admin).post(
        reverse("events:policy-routing-rule-add"),
        RULE | step_data(("prevent_lead", "5"), ("", "5"), ("escalation_panel", "5")),
    )
    assert response.status_code == 200
    assert response.context["formset"].non_form_errors() == [
        "Step 2 is empty: fill in the steps in order, without gaps."
    ]
    assert '<a href="#id_steps-0-role">Step 2 is empty' in response.content.decode()


def test_a_routing_rule_without_steps_is_refused(personas, policy):
    admin = client_for(personas.admin)
    before = AuditEntry.objects.count()
    response = admin.post(
        reverse("events:policy-routing-rule-add"), RULE | step_data(("", "5"), ("", "5"))
    )
    assert response.context["formset"].non_form_errors() == ["Add at least one review step."]
    assert AuditEntry.objects.count() == before


def test_a_step_only_offers_reviewing_roles(personas, policy):
    response = client_for(personas.admin).post(
        reverse("events:policy-routing-rule-add"), RULE | step_data(("auditor", "5"))
    )
    errors = response.context["formset"].forms[0].errors["role"]
    assert errors == ["Select a valid choice. auditor is not one of the available choices."]


def test_a_step_without_its_days_is_refused(personas, policy):
    response = client_for(personas.admin).post(
        reverse("events:policy-routing-rule-add"), RULE | step_data(("prevent_lead", ""))
    )
    assert response.context["formset"].forms[0].errors["deadline_days"] == [
        "Enter the days to review for step 1."
    ]


def test_deleting_a_closure_day_needs_a_post(personas, policy):
    from datetime import date

    from podium.events.models import ClosureDay

    day = ClosureDay.objects.create(date=date(2026, 12, 29), description="Closed")
    url = reverse("events:policy-closure-day-delete", args=[day.pk])
    admin = client_for(personas.admin)
    assert admin.get(url).status_code == 405
    assert admin.post(url).status_code == 302
    assert not ClosureDay.objects.exists()


def test_a_stale_routing_rule_edit_shows_the_rule_as_saved_now(personas, policy):
    admin = client_for(personas.admin)
    url = reverse("events:policy-routing-rule-edit", args=[policy.rule.pk])
    version = admin.get(url).context["form"].initial["version"]
    data = RULE | {"name": "Everything", "version": version} | step_data(("prevent_lead", "5"))
    assert admin.post(url, data).status_code == 302
    response = admin.post(url, data | {"name": "Too late"})
    assert response.status_code == 200
    assert STALE_MESSAGE in response.content.decode()
    assert response.context["form"]["name"].value() == "Everything"


def test_a_stale_matrix_edit_is_refused(personas, policy):
    admin = client_for(personas.admin)
    url = reverse("events:policy-risk-matrix")
    form = admin.get(url).context["form"]
    data = {name: getattr(value, "pk", value) for name, value in form.initial.items()}
    assert admin.post(url, data | {"cell_1_1": policy.medium.pk}).status_code == 302
    response = admin.post(url, data | {"cell_1_1": policy.high.pk})
    assert response.status_code == 200
    assert STALE_MESSAGE in response.content.decode()
    assert response.context["form"]["cell_1_1"].value() == policy.medium.pk


def test_an_edit_page_shows_the_records_history(personas, policy):
    admin = client_for(personas.admin)
    url = reverse("events:policy-event-type-edit", args=[policy.talk.pk])
    assert admin.post(url, {"name": "Lecture", "is_active": "on"}).status_code == 302
    history = admin.get(url).context["history"]
    assert [entry.action for entry in history] == ["events.policy.event_type.changed"]
    assert history[0].data["changes"] == {"name": {"old": "Talk", "new": "Lecture"}}


def test_an_administrator_sets_each_steps_kind_and_it_is_audited(personas, policy):
    data = (
        RULE
        | {"name": "Two sign-offs"}
        | step_data(("su_reviewer", "5"), ("prevent_lead", "5"), ("escalation_panel", "3"))
    )
    data |= {
        "steps-0-kind": "sequential",
        "steps-1-kind": "sequential",
        "steps-2-kind": "escalation",
    }
    response = client_for(personas.admin).post(reverse("events:policy-routing-rule-add"), data)
    assert response.status_code == 302, response.content
    rule = RoutingRule.objects.get(name="Two sign-offs")
    assert [s.kind for s in rule.steps.order_by("position")] == [
        "sequential",
        "sequential",
        "escalation",
    ]
    entry = AuditEntry.objects.filter(action="events.policy.routing_rule.created").latest(
        "sequence"
    )
    assert [s["kind"] for s in entry.data["changes"]["steps"]["new"]] == [
        "sequential",
        "sequential",
        "escalation",
    ]
    assert "(only by escalation)" in entry.data["route"]


def test_a_route_of_escalation_steps_only_is_refused(personas, policy):
    data = RULE | step_data(("prevent_lead", "5"))
    data["steps-0-kind"] = "escalation"
    response = client_for(personas.admin).post(reverse("events:policy-routing-rule-add"), data)
    assert response.status_code == 200
    assert "Make at least one step “Must approve before the next”" in str(
        response.context["formset"].non_form_errors()
    )
