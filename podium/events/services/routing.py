"""Placing a request at a review step: assessment, routing, waiting."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from podium.accounts.models import OrgUnit
from podium.accounts.roles import Role
from podium.events import access, rules
from podium.events.models import (
    EventRequest,
)


def _place_at_step(request: EventRequest, step: Any, *, role: str = "", unit: Any = None) -> None:
    """Put the request in the queue of a step (or of `role` over `unit`)."""
    calendar = rules.Calendar.current()
    today = timezone.localdate()
    if step is not None:
        request.current_step = step
        request.waiting_role = step.role
        request.waiting_unit = rules.waiting_unit(step, request.unit)
        request.due_on = calendar.add_working_days(today, step.deadline_days)
    else:
        request.current_step = None
        request.waiting_role = role
        request.waiting_unit = unit
        request.due_on = calendar.add_working_days(today, 5)
    request.waiting_since = timezone.now()


def _clear_waiting(request: EventRequest) -> None:
    request.current_step = None
    request.waiting_role = ""
    request.waiting_unit = None
    request.waiting_since = None
    request.due_on = None


def _first_staffed_step(first: Any, unit: OrgUnit) -> tuple[Any, list[Any]]:
    """The first step from `first` that somebody can act at, and the steps skipped
    because nobody holds their role there (the last step is kept regardless, so
    the request is never left without a step)."""
    step, skipped = first, []
    while not access.holders_of(step.role, rules.waiting_unit(step, unit)).exists():
        following = rules.next_step(step)
        if following is None:
            break
        skipped.append(step)
        step = following
    return step, skipped


def _assess_and_route(request: EventRequest) -> None:
    answers = list(request.answers.select_related("question"))
    assessment = rules.assess((a.question, a.answer) for a in answers)
    request.suggested_level = assessment.level
    request.risk_explanation = assessment.as_record()
    route = rules.route_for(unit=request.unit, level=assessment.level)
    request.routing_rule = route.rule
    if route.first_step is not None:
        step, skipped = _first_staffed_step(route.first_step, request.unit)
        request.routing_reasons = route.reasons + "".join(
            f" Nobody holds the role of {s} over {request.unit}, so that step is skipped."
            for s in skipped
        )
        _place_at_step(request, step)
    else:
        institution = OrgUnit.objects.get(parent__isnull=True)
        request.routing_reasons = (
            route.reasons + " Until then it goes to the administrators of the institution."
        )
        _place_at_step(request, None, role=Role.ADMINISTRATOR, unit=institution)
