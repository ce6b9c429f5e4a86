"""Concern pages cost the same number of queries with 1 row as with 50
(QUALITY.md, performance): the case list, the counts and the events register."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from podium.accounts.roles import Role
from podium.concerns.models import Case, ConcernSettings, Ideology, ReportableEvent
from podium.testing import factories
from podium.testing.concerns import ensure_lists
from podium.testing.personas import client_for
from podium.testing.queries import assert_constant_queries

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead(institution):
    ConcernSettings.current()  # made once, on first use
    ensure_lists()
    return factories.make_person_with_role(Role.PREVENT_LEAD, institution)


def _cases(lead, n: int) -> None:
    today = timezone.localdate()
    ideologies = list(Ideology.objects.all())
    Case.objects.bulk_create(
        Case(
            raised_by=lead,
            owner=lead,
            noticed="x",
            noticed_on=today,
            ideology=ideologies[i % len(ideologies)],
            lead_involved_on=today,
            review_on=today,
        )
        for i in range(n)
    )


def test_the_case_list_costs_the_same_with_50_cases(lead):
    client = client_for(lead)
    assert_constant_queries(
        get_page=lambda: client.get(reverse("concerns:case-list")),
        add_rows=lambda n: _cases(lead, n),
    )


def test_the_counts_cost_the_same_with_50_cases(lead):
    client = client_for(lead)
    assert_constant_queries(
        get_page=lambda: client.get(reverse("concerns:counts")),
        add_rows=lambda n: _cases(lead, n),
    )


def test_the_register_costs_the_same_with_50_events(lead):
    client = client_for(lead)

    def add(n: int) -> None:
        ReportableEvent.objects.bulk_create(
            ReportableEvent(
                occurred_on=timezone.localdate(),
                category="serious_incident",
                description="x",
                recorded_by=lead,
            )
            for _ in range(n)
        )

    assert_constant_queries(
        get_page=lambda: client.get(reverse("concerns:event-list")), add_rows=add
    )


def test_the_break_glass_uses_cost_the_same_with_50_grants(lead, institution):
    from podium.concerns.models import BreakGlassGrant, CaseView

    client = client_for(lead)
    security = factories.make_person_with_role(Role.HEAD_OF_SECURITY, institution)

    def add(n: int) -> None:
        _cases(lead, 1)
        case = Case.objects.order_by("-pk")[0]
        for _ in range(n):
            grant = BreakGlassGrant.objects.create(
                case=case, user=security, reason="x", expires_at=timezone.now()
            )
            CaseView.objects.create(case=case, viewer=security, part="case", grant=grant)

    assert_constant_queries(
        get_page=lambda: client.get(reverse("concerns:break-glass-uses")), add_rows=add
    )


def test_an_event_page_costs_the_same_with_50_follow_up_actions(lead):
    from podium.concerns.models import FollowUpAction

    event = ReportableEvent.objects.create(
        occurred_on=timezone.localdate(),
        category="serious_incident",
        description="x",
        recorded_by=lead,
    )
    client = client_for(lead)

    def add(n: int) -> None:
        FollowUpAction.objects.bulk_create(
            FollowUpAction(
                event=event, action="x", owner=lead, due_on=timezone.localdate(), created_by=lead
            )
            for _ in range(n)
        )

    assert_constant_queries(
        get_page=lambda: client.get(reverse("concerns:event-edit", args=[event.pk])),
        add_rows=add,
    )
