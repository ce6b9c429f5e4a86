"""Messages and e-mail about a request. Every `_notify*` helper lives here, so the
way a message is sent can be changed in one place."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.urls import reverse

from podium.accounts.models import User
from podium.events import access
from podium.events.models import (
    Appeal,
    Decision,
    EventRequest,
    Outcome,
)
from podium.events.services.base import appeal_deadline
from podium.notify.services import notify


def _notify(
    recipients: Iterable[User],
    event_request: EventRequest,
    *,
    subject: str,
    template: str,
    extra: Mapping[str, Any] | None = None,
) -> None:
    """Put a message in each recipient's inbox and e-mail it after the commit."""
    notify(
        recipients,
        f"events/email/{template}.txt",
        {"request": event_request, **(extra or {})},
        subject=subject,
        link=reverse("events:request-detail", args=[event_request.pk]),
        link_label=f"Open {event_request.reference}",
    )


def _notify_reviewers(
    event_request: EventRequest, template: str, extra: Mapping[str, Any] | None = None
) -> None:
    if not event_request.waiting_role or event_request.waiting_unit is None:
        return
    named = f"{event_request.reference} {event_request.title}"
    subjects = {
        "submitted": f"To review: {named}",
        "escalated": f"Escalated to you: {named}",
        "recommended": f"Recommended for approval, now yours to review: {named}",
        "reapproval": f"Re-approval needed: {named}",
        "reminder": f"Due {event_request.due_on:%-d %B}: {named}"
        if event_request.due_on
        else f"Reminder: {event_request.reference}",
        "overdue": f"Overdue: {named}",
    }
    _notify(
        access.holders_of(event_request.waiting_role, event_request.waiting_unit),
        event_request,
        subject=subjects[template],
        template=f"review_{template}",
        extra=extra,
    )


def _notify_outcome(
    event_request: EventRequest, decision: Decision, *, appeal: Appeal | None = None
) -> None:
    """The organiser gets the outcome with reasons, conditions and how to appeal;
    security gets it too when there are conditions to put in place."""
    conditions = list(decision.conditions.all())
    label = decision.get_outcome_display()
    subject = (f"Appeal {appeal.get_status_display().lower()}: " if appeal else "") + (
        f"{event_request.reference} {label.lower()}"
    )
    context = {"decision": decision, "conditions": conditions, "appeal": appeal}
    may_appeal = decision.outcome != Outcome.APPROVED and not decision.on_appeal
    _notify(
        [event_request.organiser],
        event_request,
        subject=subject,
        template="outcome",
        extra={
            **context,
            "for_organiser": True,
            "appeal_deadline": appeal_deadline(decision) if may_appeal else None,
        },
    )
    if conditions:
        _notify(
            access.security_for(event_request.unit).exclude(pk=event_request.organiser_id),
            event_request,
            subject=f"Conditions to put in place: {event_request.reference} {event_request.title}",
            template="outcome",
            extra={**context, "for_organiser": False, "appeal_deadline": None},
        )
