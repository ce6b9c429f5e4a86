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


def _place_at_step(
    event_request: EventRequest, step: Any, *, role: str = "", unit: Any = None
) -> None:
    """Put the request in the queue of a step (or of `role` over `unit`)."""
    calendar = rules.Calendar.current()
    today = timezone.localdate()
    if step is not None:
        event_request.current_step = step
        event_request.waiting_role = step.role
        event_request.waiting_unit = rules.waiting_unit(step, event_request.unit)
        event_request.due_on = calendar.add_working_days(today, step.deadline_days)
    else:
        event_request.current_step = None
        event_request.waiting_role = role
        event_request.waiting_unit = unit
        event_request.due_on = calendar.add_working_days(today, 5)
    event_request.waiting_since = timezone.now()


def _clear_waiting(event_request: EventRequest) -> None:
    event_request.current_step = None
    event_request.waiting_role = ""
    event_request.waiting_unit = None
    event_request.waiting_since = None
    event_request.due_on = None


def _first_staffed_step(first: Any, unit: OrgUnit) -> tuple[Any, list[Any]]:
    """The first sign-off step from `first` that somebody can act at, and the steps
    skipped because nobody holds their role there (the last sign-off step is kept
    regardless, so the request is never left without a step). Past the last
    sign-off step nobody holds, the request goes on to the next step of any kind, so
    that someone can act on it."""
    step, skipped = first, []
    while not access.holders_of(step.role, rules.waiting_unit(step, unit)).exists():
        following = rules.next_sign_off_step(step) or rules.next_step(step)
        if following is None:
            break
        skipped.append(step)
        step = following
    return step, skipped


def _skipped_reasons(skipped: list[Any], unit: OrgUnit) -> str:
    return "".join(
        f" Nobody holds the role of {s} over {unit}, so that step is skipped." for s in skipped
    )


def _move_to_sign_off(event_request: EventRequest, following: Any) -> None:
    """Pass the request on to the sign-off step `following` (or the first staffed
    one after it), with a fresh due date; skipped steps are noted on the request."""
    step, skipped = _first_staffed_step(following, event_request.unit)
    event_request.routing_reasons += _skipped_reasons(skipped, event_request.unit)
    event_request.skipped_positions = [
        *event_request.skipped_positions,
        *(s.position for s in skipped),
    ]
    _place_at_step(event_request, step)


def _assess_and_route(event_request: EventRequest) -> None:
    answers = list(event_request.answers.select_related("question"))
    assessment = rules.assess((a.question, a.answer) for a in answers)
    event_request.suggested_level = assessment.level
    event_request.risk_explanation = assessment.as_record()
    route = rules.route_for(unit=event_request.unit, level=assessment.level)
    event_request.skipped_positions = []
    event_request.routing_rule = route.rule
    if route.first_step is not None:
        step, skipped = _first_staffed_step(route.first_step, event_request.unit)
        event_request.routing_reasons = route.reasons + _skipped_reasons(
            skipped, event_request.unit
        )
        event_request.skipped_positions = [s.position for s in skipped]
        _place_at_step(event_request, step)
    else:
        institution = OrgUnit.objects.get(parent__isnull=True)
        event_request.routing_reasons = (
            route.reasons + " Until then it goes to the administrators of the institution."
        )
        _place_at_step(event_request, None, role=Role.ADMINISTRATOR, unit=institution)
