"""Scheduled work: lapse undecided requests; remind, and escalate overdue steps."""

from __future__ import annotations

from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from podium.audit.services import record
from podium.events import lifecycle, rules
from podium.events.lifecycle import Action
from podium.events.models import (
    EventRequest,
    EventsPolicy,
    ReminderSent,
    Status,
)
from podium.events.services.base import _fresh, _touch
from podium.events.services.messages import _notify, _notify_reviewers
from podium.events.services.routing import _clear_waiting, _place_at_step


def lapse_undecided(*, now: datetime | None = None) -> int:
    """Requests still undecided when their event starts lapse."""
    now = now or timezone.now()
    lapsed = 0
    pending = EventRequest.objects.filter(
        status__in=lifecycle.statuses_allowing(Action.LAPSE), starts_at__lt=now
    ).values_list("pk", flat=True)
    for pk in list(pending):
        with transaction.atomic():
            request = _fresh(EventRequest(pk=pk))
            if not lifecycle.allows(request.status, Action.LAPSE):
                continue
            old = request.status
            _clear_waiting(request)
            _touch(request, status=Status.LAPSED)
            record(
                action="events.request.lapsed",
                actor=None,
                target=request,
                unit=request.unit,
                data={"status": {"old": old, "new": Status.LAPSED}},
            )
            _notify(
                [request.organiser],
                request,
                subject=f"{request.reference} lapsed undecided",
                template="lapsed",
            )
            lapsed += 1
    return lapsed


def _claim(request: EventRequest, kind: str) -> bool:
    """Record that `kind` was handled for the request's current step; False if it
    already was (the job then does nothing)."""
    assert request.waiting_since is not None
    try:
        with transaction.atomic():
            ReminderSent.objects.create(
                request=request, kind=kind, step_started=request.waiting_since
            )
    except IntegrityError:
        return False
    return True


def remind_and_escalate(*, today: date | None = None) -> dict[str, int]:
    """Remind reviewers of steps nearly due; escalate steps past their deadline to
    the next step (or remind again, once, at the last step). Each at most once per
    step, however often the job runs."""
    today = today or timezone.localdate()
    calendar = rules.Calendar.current()
    policy = EventsPolicy.current()
    horizon = calendar.add_working_days(today, policy.reminder_days_before_due)
    counts = {"reminded": 0, "escalated": 0, "overdue": 0}
    waiting = EventRequest.objects.filter(
        status__in=(Status.IN_REVIEW, Status.APPEALED), due_on__lte=horizon
    ).values_list("pk", flat=True)
    for pk in list(waiting):
        with transaction.atomic():
            request = _fresh(EventRequest(pk=pk))
            if request.due_on is None or request.waiting_since is None:
                continue
            if request.due_on < today:
                following = (
                    rules.next_step(request.current_step)
                    if request.current_step and lifecycle.allows(request.status, Action.ESCALATE)
                    else None
                )
                if following is not None and _claim(request, "timeout"):
                    old = str(request.current_step)
                    _place_at_step(request, following)
                    _touch(request)
                    record(
                        action="events.request.escalated",
                        actor=None,
                        target=request,
                        unit=request.unit,
                        data={
                            "step": {"old": old, "new": str(following)},
                            "reason": "The review deadline passed.",
                        },
                    )
                    _notify_reviewers(
                        request, "escalated", extra={"reason": "The review deadline passed."}
                    )
                    counts["escalated"] += 1
                elif following is None and _claim(request, "overdue"):
                    _notify_reviewers(request, "overdue")
                    counts["overdue"] += 1
            elif _claim(request, "reminder"):
                _notify_reviewers(request, "reminder")
                counts["reminded"] += 1
    return counts
