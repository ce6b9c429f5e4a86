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
    *, acting_user: User, request: EventRequest, question: str, expected_version: str | None = None
) -> InformationRequest:
    """Ask the organiser a question; the review clock stops until they answer."""
    question = question.strip()
    if not question:
        raise DomainError("Enter your question for the organiser.", field="question")
    with transaction.atomic():
        request = _fresh(request)
        _require_reviewer(acting_user, request)
        check_version(request, VERSION_FIELDS, expected_version)
        lifecycle.require(request.status, Action.ASK)
        asked = InformationRequest.objects.create(
            request=request, question=question, asked_by=acting_user
        )
        _touch(request, status=Status.INFORMATION_REQUESTED)
        record(
            action="events.request.information_requested",
            actor=acting_user,
            target=request,
            unit=request.unit,
            data={
                "status": {"old": Status.IN_REVIEW, "new": Status.INFORMATION_REQUESTED},
                "question": question,
            },
        )
        _notify(
            [request.organiser],
            request,
            subject=f"{request.reference}: the reviewer has a question",
            template="information_requested",
            extra={"question": question},
        )
    return asked


def answer_information(
    *, acting_user: User, request: EventRequest, answer: str, expected_version: str | None = None
) -> InformationRequest:
    """The organiser answers; the review clock restarts, its deadline moved on by the
    working days it was stopped."""
    answer = answer.strip()
    if not answer:
        raise DomainError("Enter your answer.", field="answer")
    with transaction.atomic():
        request = _fresh(request)
        _require_organiser(acting_user, request)
        check_version(request, VERSION_FIELDS, expected_version)
        open_question = request.information_requests.filter(answered_at__isnull=True).first()
        lifecycle.require(request.status, Action.ANSWER)
        if open_question is None:
            raise DomainError(lifecycle.refusal(request.status, Action.ANSWER))
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
        if request.due_on is not None:
            request.due_on = calendar.add_working_days(request.due_on, paused)
        _touch(request, status=Status.IN_REVIEW)
        record(
            action="events.request.information_given",
            actor=acting_user,
            target=request,
            unit=request.unit,
            data={
                "status": {"old": Status.INFORMATION_REQUESTED, "new": Status.IN_REVIEW},
                "answer": answer,
                "clock_stopped_working_days": paused,
            },
        )
        _notify(
            [open_question.asked_by],
            request,
            subject=f"{request.reference}: the organiser has answered",
            template="information_given",
            extra={"question": open_question.question, "answer": answer},
        )
    return open_question


def add_note(*, acting_user: User, request: EventRequest, text: str) -> ReviewNote:
    """Append a reviewer's note. Notes are never edited or deleted."""
    text = text.strip()
    if not text:
        raise DomainError("Enter the note.", field="text")
    with transaction.atomic():
        request = _fresh(request)
        if not access.is_reviewer_of(acting_user, request):
            raise DomainError("Only reviewers can add notes.")
        note = ReviewNote.objects.create(request=request, author=acting_user, text=text)
        record(
            action="events.request.note_added",
            actor=acting_user,
            target=request,
            unit=request.unit,
            data={"note": text},
        )
    return note


def fast_track(
    *, acting_user: User, request: EventRequest, expected_version: str | None = None
) -> EventRequest:
    """Accept a late request for review and bring its deadline before the event."""
    with transaction.atomic():
        request = _fresh(request)
        _require_reviewer(acting_user, request)
        check_version(request, VERSION_FIELDS, expected_version)
        if not request.late_reason or request.fast_tracked:
            raise DomainError("Only a late request not yet fast-tracked can be fast-tracked.")
        calendar = rules.Calendar.current()
        assert request.starts_at is not None
        event_day = timezone.localtime(request.starts_at).date()
        day_before = event_day
        while day_before > timezone.localdate():
            day_before = date.fromordinal(day_before.toordinal() - 1)
            if calendar.is_working_day(day_before):
                break
        old_due = request.due_on
        if request.due_on is None or day_before < request.due_on:
            request.due_on = max(day_before, timezone.localdate())
        _touch(request, fast_tracked=True)
        record(
            action="events.request.fast_tracked",
            actor=acting_user,
            target=request,
            unit=request.unit,
            data={"due_on": {"old": str(old_due), "new": str(request.due_on)}},
        )
    return request


def escalate(
    *,
    acting_user: User | None,
    request: EventRequest,
    reason: str,
    expected_version: str | None = None,
) -> EventRequest:
    """Send the request to the next review step; `acting_user` None is the scheduled
    job escalating a step whose deadline passed."""
    reason = reason.strip()
    if not reason:
        raise DomainError("Say why you are escalating.", field="reason")
    with transaction.atomic():
        request = _fresh(request)
        if acting_user is not None:
            _require_reviewer(acting_user, request)
        check_version(request, VERSION_FIELDS, expected_version)
        lifecycle.require(request.status, Action.ESCALATE)
        following = rules.next_step(request.current_step) if request.current_step else None
        if following is None:
            raise DomainError("This is the last review step; it cannot be escalated further.")
        old = str(request.current_step)
        _place_at_step(request, following)
        _touch(request)
        record(
            action="events.request.escalated",
            actor=acting_user,
            target=request,
            unit=request.unit,
            data={"step": {"old": old, "new": str(following)}, "reason": reason},
        )
        _notify_reviewers(request, "escalated", extra={"reason": reason})
    return request
