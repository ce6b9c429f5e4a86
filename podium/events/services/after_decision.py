"""After the decision: cancellation, conditions, the post-event report, incidents."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from podium.accounts.models import User
from podium.audit.services import record
from podium.core.errors import DomainError
from podium.core.versioning import check_version
from podium.events import access, lifecycle
from podium.events.lifecycle import Action
from podium.events.models import (
    Condition,
    ConditionMet,
    EventRequest,
    Incident,
    PostEventReport,
    Status,
)
from podium.events.services.base import VERSION_FIELDS, _fresh, _require_organiser, _touch
from podium.events.services.messages import _notify


def cancel_event(
    *,
    acting_user: User,
    event_request: EventRequest,
    reason: str,
    expected_version: str | None = None,
) -> EventRequest:
    """Cancel an approved event that has not yet taken place, with reasons: by its
    organiser or a reviewer."""
    reason = reason.strip()
    with transaction.atomic():
        event_request = _fresh(event_request)
        access.require(
            access.may_cancel(acting_user, event_request),
            "Only the organiser or a reviewer can cancel this event.",
        )
        if not reason:
            raise DomainError("Give the reason for cancelling.", field="reason")
        check_version(event_request, VERSION_FIELDS, expected_version)
        lifecycle.require_cancellable(event_request)
        old = event_request.status
        _touch(event_request, status=Status.CANCELLED, cancelled_reason=reason)
        record(
            action="events.request.cancelled",
            actor=acting_user,
            target=event_request,
            unit=event_request.unit,
            data={"status": {"old": old, "new": Status.CANCELLED}},
        )
        recipients = [*access.security_for(event_request.unit), event_request.organiser]
        _notify(
            recipients,
            event_request,
            subject=f"Cancelled: {event_request.reference} {event_request.title}",
            template="cancelled",
            extra={"reason": reason, "cancelled_by": acting_user},
        )
    return event_request


def _condition_request(condition: Condition) -> EventRequest:
    return _fresh(condition.decision.request)


def confirm_condition(*, acting_user: User, condition: Condition, note: str = "") -> Condition:
    """Record that a condition is in place before the event."""
    with transaction.atomic():
        event_request = _condition_request(condition)
        condition = Condition.objects.select_for_update().get(pk=condition.pk)
        access.require(
            access.may_confirm_conditions(acting_user, event_request),
            "You cannot confirm conditions on this event.",
        )
        lifecycle.require(event_request.status, Action.CONFIRM_CONDITION)
        if not condition.decision.is_live:
            raise DomainError(lifecycle.refusal(event_request.status, Action.CONFIRM_CONDITION))
        if condition.confirmed_at is not None:
            raise DomainError("This condition has already been confirmed.")
        condition.confirmed_at, condition.confirmed_by = timezone.now(), acting_user
        condition.confirmation_note = note.strip()[:500]
        condition.save()
        _touch(event_request)
        record(
            action="events.condition.confirmed",
            actor=acting_user,
            target=event_request,
            unit=event_request.unit,
            data={"condition": condition.pk},
        )
    return condition


def review_condition(
    *, acting_user: User, condition: Condition, review: str, note: str = ""
) -> Condition:
    """After the event, a reviewer records whether a condition was met."""
    with transaction.atomic():
        event_request = _condition_request(condition)
        condition = Condition.objects.select_for_update().get(pk=condition.pk)
        access.require(
            access.is_reviewer_of(acting_user, event_request), "Only reviewers review conditions."
        )
        if review not in ConditionMet.values:
            raise DomainError("Say whether the condition was met.", field="review")
        if event_request.starts_at is None or event_request.starts_at > timezone.now():
            raise DomainError("Conditions are reviewed after the event.")
        old = condition.review
        condition.review, condition.review_note = review, note.strip()[:500]
        condition.save()
        record(
            action="events.condition.reviewed",
            actor=acting_user,
            target=event_request,
            unit=event_request.unit,
            data={"condition": condition.pk, "review": {"old": old, "new": review}},
        )
    return condition


def report_after_event(
    *,
    acting_user: User,
    event_request: EventRequest,
    went_ahead: bool,
    attendance: int | None,
    conditions_met: str,
    incidents: str,
    notes: str = "",
) -> PostEventReport:
    """The organiser's post-event report: did it go ahead, how many came, were the
    conditions met, what happened."""
    with transaction.atomic():
        event_request = _fresh(event_request)
        _require_organiser(acting_user, event_request)
        lifecycle.require(event_request.status, Action.REPORT)
        if event_request.starts_at is None or event_request.starts_at > timezone.now():
            raise DomainError("The report can be made once the event has started.")
        if hasattr(event_request, "post_event_report"):
            raise DomainError("The post-event report has already been made.")
        if went_ahead and attendance is None:
            raise DomainError("Enter how many people attended.", field="attendance")
        has_conditions = Condition.objects.filter(
            decision__request=event_request, decision__is_live=True
        )
        if has_conditions.exists() and conditions_met not in ConditionMet.values:
            raise DomainError("Say whether the conditions were met.", field="conditions_met")
        report = PostEventReport.objects.create(
            request=event_request,
            went_ahead=went_ahead,
            attendance=attendance if went_ahead else None,
            conditions_met=conditions_met if has_conditions.exists() else "",
            incidents=incidents.strip(),
            notes=notes.strip(),
            reported_by=acting_user,
        )
        _touch(event_request)
        record(
            action="events.request.post_event_reported",
            actor=acting_user,
            target=event_request,
            unit=event_request.unit,
            data={
                "went_ahead": went_ahead,
                "attendance": report.attendance,
                "conditions_met": report.conditions_met,
                "incidents_reported": bool(report.incidents),
            },
        )
    return report


def record_incident(
    *,
    acting_user: User,
    event_request: EventRequest,
    occurred_at: datetime,
    severity: str,
    description: str,
) -> Incident:
    """Security logs an incident at an event."""
    description = description.strip()
    with transaction.atomic():
        event_request = _fresh(event_request)
        access.require(
            access.may_record_incident(acting_user, event_request),
            "You cannot record incidents for this event.",
        )
        if not description:
            raise DomainError("Describe what happened.", field="description")
        if severity not in Incident.Severity.values:
            raise DomainError("Choose the severity.", field="severity")
        if occurred_at > timezone.now():
            raise DomainError("An incident cannot be in the future.", field="occurred_at")
        lifecycle.require(event_request.status, Action.RECORD_INCIDENT)
        incident = Incident.objects.create(
            request=event_request,
            occurred_at=occurred_at,
            severity=severity,
            description=description,
            recorded_by=acting_user,
        )
        record(
            action="events.incident.recorded",
            actor=acting_user,
            target=event_request,
            unit=event_request.unit,
            data={"severity": severity, "occurred_at": occurred_at.isoformat()},
        )
    return incident
