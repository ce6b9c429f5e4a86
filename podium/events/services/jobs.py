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
            event_request = _fresh(EventRequest(pk=pk))
            if not lifecycle.allows(event_request.status, Action.LAPSE):
                continue
            old = event_request.status
            _clear_waiting(event_request)
            _touch(event_request, status=Status.LAPSED)
            record(
                action="events.request.lapsed",
                actor=None,
                target=event_request,
                unit=event_request.unit,
                data={"status": {"old": old, "new": Status.LAPSED}},
            )
            _notify(
                [event_request.organiser],
                event_request,
                subject=f"{event_request.reference} lapsed undecided",
                template="lapsed",
            )
            lapsed += 1
    return lapsed


def _claim(event_request: EventRequest, kind: str) -> bool:
    """Record that `kind` was handled for the request's current step; False if it
    already was (the job then does nothing)."""
    assert event_request.waiting_since is not None
    try:
        with transaction.atomic():
            ReminderSent.objects.create(
                request=event_request, kind=kind, step_started=event_request.waiting_since
            )
    except IntegrityError:
        return False
    return True


def remind_and_escalate(*, today: date | None = None) -> dict[str, int]:
    """Remind reviewers of steps nearly due; escalate steps past their deadline to
    the route's next escalation-only step (or, where there is none, remind again,
    once: a sign-off step is never skipped by the clock). Each at most once per
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
            event_request = _fresh(EventRequest(pk=pk))
            if event_request.due_on is None or event_request.waiting_since is None:
                continue
            if event_request.due_on < today:
                following = (
                    rules.escalation_step(event_request.current_step)
                    if event_request.current_step
                    and lifecycle.allows(event_request.status, Action.ESCALATE)
                    else None
                )
                if following is not None and _claim(event_request, "timeout"):
                    old = str(event_request.current_step)
                    _place_at_step(event_request, following)
                    _touch(event_request)
                    record(
                        action="events.request.escalated",
                        actor=None,
                        target=event_request,
                        unit=event_request.unit,
                        data={
                            "step": {"old": old, "new": str(following)},
                            "by_deadline": True,
                        },
                    )
                    _notify_reviewers(
                        event_request, "escalated", extra={"reason": "The review deadline passed."}
                    )
                    counts["escalated"] += 1
                elif following is None and _claim(event_request, "overdue"):
                    _notify_reviewers(event_request, "overdue")
                    counts["overdue"] += 1
            elif _claim(event_request, "reminder"):
                _notify_reviewers(event_request, "reminder")
                counts["reminded"] += 1
    return counts
