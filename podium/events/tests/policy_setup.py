"""A small, known events policy for the policy tests, independent of the starting
data migration (which transactional tests flush away)."""

from __future__ import annotations

from dataclasses import dataclass

from podium.accounts.roles import Role
from podium.events.models import (
    MATRIX_SCALE,
    ClosureDay,
    EventType,
    Mitigation,
    NoticePeriod,
    RiskLevel,
    RiskMatrixCell,
    RoutingRule,
    RoutingStep,
    ScreeningQuestion,
)


@dataclass
class Policy:
    talk: EventType
    low: RiskLevel
    medium: RiskLevel
    high: RiskLevel
    any_notice: NoticePeriod
    question: ScreeningQuestion
    rule: RoutingRule
    mitigation: Mitigation


def reset_policy() -> Policy:
    """Replace whatever policy exists with: one event type, 10 days' notice for any
    event, Low/Medium/High with the matrix level = max(likelihood, impact) rank, one
    question worth nothing, one rule for any level, one mitigation."""
    RoutingStep.objects.all().delete()
    RoutingRule.objects.all().delete()
    RiskMatrixCell.objects.all().delete()
    RiskLevel.objects.all().delete()
    NoticePeriod.objects.all().delete()
    EventType.objects.all().delete()
    ScreeningQuestion.objects.all().delete()
    Mitigation.objects.all().delete()
    ClosureDay.objects.all().delete()
    talk = EventType.objects.create(name="Talk")
    levels = {
        rank: RiskLevel.objects.create(name=name, rank=rank)
        for rank, name in [(1, "Low"), (2, "Medium"), (3, "High")]
    }
    for likelihood in MATRIX_SCALE:
        for impact in MATRIX_SCALE:
            RiskMatrixCell.objects.create(
                likelihood=likelihood, impact=impact, level=levels[max(likelihood, impact)]
            )
    rule = RoutingRule.objects.create(name="Everything", order=100)
    RoutingStep.objects.create(rule=rule, position=1, role=Role.EVENTS_OFFICER, deadline_days=5)
    return Policy(
        talk=talk,
        low=levels[1],
        medium=levels[2],
        high=levels[3],
        any_notice=NoticePeriod.objects.create(working_days=10),
        question=ScreeningQuestion.objects.create(text="Is it open to the public?", order=1),
        rule=rule,
        mitigation=Mitigation.objects.create(name="Independent chair", prevent_related=True),
    )
