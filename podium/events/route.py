"""Reads: a request's place on its route, for the request page's route panel and
the decision form (podium/events/README.md, "Routes"): every step with its kind,
who acted there and what they recommended or decided, where the request is now,
and what remains."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch

from podium.events.models import (
    Decision,
    EventRequest,
    Recommendation,
    RecommendedCondition,
    RoutingStep,
    Status,
)


@dataclass
class StepPlace:
    step: RoutingStep
    state: str  # recommended | decided | current | skipped | passed | not_reached | to_come
    label: str
    recommendation: Recommendation | None = None
    decision: Decision | None = None

    @property
    def kind_label(self) -> str:
        return self.step.get_kind_display()


@dataclass
class RoutePlace:
    rule_name: str
    steps: list[StepPlace] = field(default_factory=list)
    remaining: str = ""


def live_recommendations(event_request: EventRequest) -> list[Recommendation]:
    """This round's recommendations, earliest step first, with their conditions."""
    return list(
        Recommendation.objects.filter(request=event_request, is_live=True)
        .select_related("recommended_by")
        .prefetch_related(
            Prefetch(
                "conditions", queryset=RecommendedCondition.objects.select_related("mitigation")
            )
        )
        .order_by("position")
    )


def suggested_conditions(event_request: EventRequest) -> list[dict[str, Any]]:
    """The conditions recommended at earlier steps, as the decision form's initial
    rows: suggestions the final decider keeps, changes or clears."""
    return [
        {
            "mitigation": c.mitigation_id,
            "text": c.text,
            "owner": c.owner,
            "prevent_related": c.prevent_related,
        }
        for r in live_recommendations(event_request)
        for c in r.conditions.all()
    ]


def _to_come(step: RoutingStep, last_sign_off: int | None) -> str:
    if not step.is_sequential:
        return "Only if a reviewer escalates"
    if step.position == last_sign_off:
        return "To come: decides"
    return "To come: must approve before the next step"


def route_place(
    event_request: EventRequest, decisions: list[Decision] | None = None
) -> RoutePlace | None:
    """Where the request stands on its route; None before it is routed."""
    rule = event_request.routing_rule
    if rule is None or event_request.submitted_at is None:
        return None
    steps = list(rule.steps.select_related("unit").order_by("position"))
    recommendations = {r.position: r for r in live_recommendations(event_request)}
    if decisions is None:
        decisions = list(event_request.decisions.select_related("decided_by"))
    # The latest first-instance decision (an appeal's outcome is shown with the appeal).
    first = next(
        (d for d in reversed(decisions) if not d.on_appeal and d.step_position is not None), None
    )
    in_review = event_request.status in (Status.IN_REVIEW, Status.INFORMATION_REQUESTED)
    current = None
    if in_review and event_request.current_step_id is not None:
        # The step is one of the rule's, already read: no query of its own.
        current = next((s.position for s in steps if s.pk == event_request.current_step_id), None)
        if current is None and event_request.current_step is not None:
            current = event_request.current_step.position
    decided_at = first.step_position if first is not None and not in_review else None
    reached = current or decided_at or 0
    sign_offs = [s.position for s in steps if s.is_sequential]
    last_sign_off = sign_offs[-1] if sign_offs else None
    place = RoutePlace(rule_name=rule.name)
    for step in steps:
        recommendation = recommendations.get(step.position)
        if recommendation is not None:
            row = StepPlace(
                step, "recommended", "Recommended approval", recommendation=recommendation
            )
        elif decided_at == step.position and first is not None:
            row = StepPlace(
                step, "decided", f"Decided: {first.get_outcome_display()}", decision=first
            )
        elif current == step.position:
            row = StepPlace(step, "current", "Here now")
        elif step.position in event_request.skipped_positions:
            row = StepPlace(step, "skipped", "Skipped: nobody held this role")
        elif step.position < reached:
            row = StepPlace(
                step,
                "passed",
                "Passed over: the request was escalated" if step.is_sequential else "Not reached",
            )
        elif not in_review:
            row = StepPlace(step, "not_reached", "Not reached")
        else:
            row = StepPlace(step, "to_come", _to_come(step, last_sign_off))
        place.steps.append(row)
    if current is not None:
        still = [s for s in place.steps if s.state == "to_come" and s.step.is_sequential]
        place.remaining = (
            "After this step: " + ", then ".join(str(s.step) for s in still) + "."
            if still
            else "This step decides."
        )
    return place
