"""Review: questions and answers, notes, fast-tracking, escalation."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from podium.accounts.models import User
from podium.audit.services import record
from podium.core.errors import DomainError
from podium.core.versioning import check_version
from podium.events import access, lifecycle, rules
from podium.events.lifecycle import Action
from podium.events.models import (
    EventRequest,
    InformationRequest,
    RequestText,
    ReviewNote,
    Status,
)
from podium.events.services.base import (
    VERSION_FIELDS,
    _fresh,
    _require_organiser,
    _require_reviewer,
    _touch,
)
from podium.events.services.messages import _notify, _notify_reviewers
from podium.events.services.routing import _place_at_step


def request_information(
    *,
    acting_user: User,
    event_request: EventRequest,
    question: str,
    expected_version: str | None = None,
) -> InformationRequest:
    """Ask the organiser a question; the review clock stops until they answer."""
    question = question.strip()
    with transaction.atomic():
        event_request = _fresh(event_request)
        _require_reviewer(acting_user, event_request)
        if not question:
            raise DomainError("Enter your question for the organiser.", field="question")
        check_version(event_request, VERSION_FIELDS, expected_version)
        lifecycle.require(event_request.status, Action.ASK)
        asked = InformationRequest.objects.create(
            request=event_request, question=question, asked_by=acting_user
        )
        _touch(event_request, status=Status.INFORMATION_REQUESTED)
        record(
            action="events.request.information_requested",
            actor=acting_user,
            target=event_request,
            unit=event_request.unit,
            data={
                "status": {"old": Status.IN_REVIEW, "new": Status.INFORMATION_REQUESTED},
                "information_request": asked.pk,
            },
        )
        _notify(
            [event_request.organiser],
            event_request,
            subject=f"{event_request.reference}: the reviewer has a question",
            template="information_requested",
            extra={"question": question},
        )
    return asked


def answer_information(
    *,
    acting_user: User,
    event_request: EventRequest,
    answer: str,
    expected_version: str | None = None,
) -> InformationRequest:
    """The organiser answers; the review clock restarts, its deadline moved on by the
    working days it was stopped."""
    answer = answer.strip()
    with transaction.atomic():
        event_request = _fresh(event_request)
        _require_organiser(acting_user, event_request)
        if not answer:
            raise DomainError("Enter your answer.", field="answer")
        check_version(event_request, VERSION_FIELDS, expected_version)
        open_question = event_request.information_requests.filter(answered_at__isnull=True).first()
        lifecycle.require(event_request.status, Action.ANSWER)
        if open_question is None:
            raise DomainError(lifecycle.refusal(event_request.status, Action.ANSWER))
        now = timezone.now()
        open_question.answer, open_question.answered_by, open_question.answered_at = (
            answer,
            acting_user,
            now,
        )
        open_question.save()
        calendar = rules.Calendar.current()
        paused = calendar.working_days_between(
            timezone.localtime(open_question.asked_at).date(), timezone.localdate()
        )
        if event_request.due_on is not None:
            event_request.due_on = calendar.add_working_days(event_request.due_on, paused)
        _touch(event_request, status=Status.IN_REVIEW)
        record(
            action="events.request.information_given",
            actor=acting_user,
            target=event_request,
            unit=event_request.unit,
            data={
                "status": {"old": Status.INFORMATION_REQUESTED, "new": Status.IN_REVIEW},
                "information_request": open_question.pk,
                "clock_stopped_working_days": paused,
            },
        )
        _notify(
            [open_question.asked_by],
            event_request,
            subject=f"{event_request.reference}: the organiser has answered",
            template="information_given",
            extra={"question": open_question.question, "answer": answer},
        )
    return open_question


def add_note(*, acting_user: User, event_request: EventRequest, text: str) -> ReviewNote:
    """Append a reviewer's note. Notes are never edited or deleted."""
    text = text.strip()
    with transaction.atomic():
        event_request = _fresh(event_request)
        access.require(
            access.is_reviewer_of(acting_user, event_request), "Only reviewers can add notes."
        )
        if not text:
            raise DomainError("Enter the note.", field="text")
        note = ReviewNote.objects.create(request=event_request, author=acting_user, text=text)
        record(
            action="events.request.note_added",
            actor=acting_user,
            target=event_request,
            unit=event_request.unit,
            data={"review_note": note.pk},
        )
    return note


def fast_track(
    *, acting_user: User, event_request: EventRequest, expected_version: str | None = None
) -> EventRequest:
    """Accept a late request for review and bring its deadline before the event."""
    with transaction.atomic():
        event_request = _fresh(event_request)
        _require_reviewer(acting_user, event_request)
        check_version(event_request, VERSION_FIELDS, expected_version)
        if not event_request.late_reason or event_request.fast_tracked:
            raise DomainError("Only a late request not yet fast-tracked can be fast-tracked.")
        calendar = rules.Calendar.current()
        assert event_request.starts_at is not None
        event_day = timezone.localtime(event_request.starts_at).date()
        day_before = event_day
        while day_before > timezone.localdate():
            day_before = date.fromordinal(day_before.toordinal() - 1)
            if calendar.is_working_day(day_before):
                break
        old_due = event_request.due_on
        if event_request.due_on is None or day_before < event_request.due_on:
            event_request.due_on = max(day_before, timezone.localdate())
        _touch(event_request, fast_tracked=True)
        record(
            action="events.request.fast_tracked",
            actor=acting_user,
            target=event_request,
            unit=event_request.unit,
            data={"due_on": {"old": str(old_due), "new": str(event_request.due_on)}},
        )
    return event_request


def escalate(
    *,
    acting_user: User | None,
    event_request: EventRequest,
    reason: str,
    expected_version: str | None = None,
) -> EventRequest:
    """Send the request to the next review step; `acting_user` None is the scheduled
    job escalating a step whose deadline passed."""
    reason = reason.strip()
    with transaction.atomic():
        event_request = _fresh(event_request)
        if acting_user is not None:
            _require_reviewer(acting_user, event_request)
        if not reason:
            raise DomainError("Say why you are escalating.", field="reason")
        check_version(event_request, VERSION_FIELDS, expected_version)
        lifecycle.require(event_request.status, Action.ESCALATE)
        following = (
            rules.escalation_step(event_request.current_step)
            if event_request.current_step
            else None
        )
        if following is None:
            raise DomainError(
                "This route has no escalation step after this one; it cannot be escalated."
            )
        old = str(event_request.current_step)
        _place_at_step(event_request, following)
        _touch(event_request)
        entry = record(
            action="events.request.escalated",
            actor=acting_user,
            target=event_request,
            unit=event_request.unit,
            data={"step": {"old": old, "new": str(following)}},
        )
        RequestText.objects.create(
            request=event_request, entry_sequence=entry.sequence, text=reason
        )
        _notify_reviewers(event_request, "escalated", extra={"reason": reason})
    return event_request
