"""Drafts: create, change (with re-approval of a material change), submit, withdraw."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import uuid4

from django.db import transaction
from django.utils import timezone

from podium.accounts.models import OrgUnit, UnitKind, User
from podium.audit.services import changes, record
from podium.core.errors import DomainError
from podium.core.versioning import check_version
from podium.events import access, lifecycle, rules, summaries
from podium.events.lifecycle import Action
from podium.events.models import (
    Attendance,
    EventRequest,
    OrganiserKind,
    RequestText,
    ScreeningQuestion,
    Status,
)
from podium.events.services.base import (
    MATERIAL_FIELDS,
    TEXT_FIELDS,
    VERSION_FIELDS,
    RequestFacts,
    _apply,
    _audit_changes,
    _audit_speakers,
    _fresh,
    _require_organiser,
    _save_answers,
    _save_speakers,
    _snapshot,
    _speaker_list,
    _touch,
)
from podium.events.services.messages import _notify, _notify_reviewers
from podium.events.services.routing import _assess_and_route, _clear_waiting
from podium.training.selectors import briefed_until


def create_request(*, acting_user: User, unit: OrgUnit, facts: RequestFacts) -> EventRequest:
    """Start a draft request owned by `acting_user` for `unit`."""
    if not access.may_request_in(acting_user, unit):
        raise DomainError("You cannot request events for this unit.", field="unit")
    title = (facts.title or "").strip()
    if not title:
        raise DomainError("Enter the event's title.", field="title")
    with transaction.atomic():
        event_request = EventRequest(unit=unit, organiser=acting_user, reference=uuid4().hex[:20])
        _apply(event_request, facts)
        event_request.unit = unit
        event_request.save()
        event_request.reference = f"EV-{event_request.created_at:%Y}-{event_request.pk:06d}"
        event_request.save(update_fields=["reference"])
        if facts.speakers is not None:
            _save_speakers(event_request, facts.speakers, acting_user)
        if facts.answers is not None:
            _save_answers(event_request, facts.answers)
        record(
            action="events.request.created",
            actor=acting_user,
            target=event_request,
            unit=unit,
            data={
                "facts": {
                    k: v for k, v in _snapshot(event_request).items() if k not in TEXT_FIELDS
                },
                "speakers": _audit_speakers(_speaker_list(event_request)),
            },
        )
    return event_request


def update_request(
    *,
    acting_user: User,
    event_request: EventRequest,
    facts: RequestFacts,
    expected_version: str | None = None,
) -> EventRequest:
    """Change a draft, a request awaiting information, or an approved event. If a
    material fact of an approved event changes, the approval is suspended and the
    request goes back for re-approval with the changes highlighted."""
    with transaction.atomic():
        event_request = _fresh(event_request)
        _require_organiser(acting_user, event_request)
        check_version(event_request, VERSION_FIELDS, expected_version)
        lifecycle.require(event_request.status, Action.EDIT)
        if facts.unit is not None and not access.may_request_in(acting_user, facts.unit):
            raise DomainError("You cannot request events for this unit.", field="unit")
        before, speakers_before = _snapshot(event_request), _speaker_list(event_request)
        _apply(event_request, facts)
        if not event_request.title.strip():
            raise DomainError("Enter the event's title.", field="title")
        event_request.updated_at = timezone.now()
        event_request.save()
        summaries.request_changed(event_request)  # a new date's month too
        if facts.speakers is not None:
            _save_speakers(event_request, facts.speakers, acting_user)
        if facts.answers is not None:
            _save_answers(event_request, facts.answers)
        after, speakers_after = _snapshot(event_request), _speaker_list(event_request)
        changed = changes(before, after)
        if speakers_before != speakers_after:
            changed["speakers"] = {"old": speakers_before, "new": speakers_after}
        if not changed and facts.answers is None:
            return event_request
        material = {k: v for k, v in changed.items() if k in [*MATERIAL_FIELDS, "speakers"]}
        if material and lifecycle.allows(event_request.status, Action.REAPPROVE):
            _suspend_for_reapproval(acting_user, event_request, material)
            return event_request
        record(
            action="events.request.changed",
            actor=acting_user,
            target=event_request,
            unit=event_request.unit,
            data={"changes": _audit_changes(changed)},
        )
    return event_request


def missing_for_submission(event_request: EventRequest) -> list[tuple[str, str]]:
    """What still has to be filled in: (field, message) pairs, in form order."""
    missing: list[tuple[str, str]] = []
    if not event_request.title.strip():
        missing.append(("title", "Enter the event's title."))
    if not event_request.description.strip():
        missing.append(("description", "Describe the event."))
    if event_request.event_type_id is None:
        missing.append(("event_type", "Choose the type of event."))
    if event_request.starts_at is None:
        missing.append(("starts_at", "Enter when the event starts."))
    if event_request.ends_at is None:
        missing.append(("ends_at", "Enter when the event ends."))
    if event_request.format != "online" and not event_request.venue.strip():
        missing.append(("venue", "Enter the venue."))
    if (
        event_request.format != "online"
        and event_request.venue_kind == "on_campus"
        and not event_request.campus_id
    ):
        missing.append(("campus", "Choose the campus."))
    if event_request.expected_audience is None:
        missing.append(("expected_audience", "Enter the expected audience size."))
    if event_request.organiser_kind == "external" and not event_request.external_hirer.strip():
        missing.append(("external_hirer", "Enter the external hirer's name."))
    if not event_request.speakers.exists():
        missing.append(("speakers", "Add at least one speaker."))
    answered = set(event_request.answers.values_list("question_id", flat=True))
    unanswered = ScreeningQuestion.objects.filter(is_active=True).exclude(pk__in=answered)
    if unanswered.exists():
        missing.append(("answers", "Answer every screening question."))
    missing += _contradictions(event_request)
    return missing


def _contradictions(event_request: EventRequest) -> list[tuple[str, str]]:
    """Screening answers that disagree with the request's own attendance: a
    question tied to an attendance (`ScreeningQuestion.yes_means_attendance`)
    answered "yes" when the attendance is another, or "no" when it is that one."""
    if not event_request.attendance:
        return []
    chosen = Attendance(event_request.attendance)
    problems = []
    tied = event_request.answers.exclude(question__yes_means_attendance="").select_related(
        "question"
    )
    for answer in tied:
        assert answer.question is not None
        means = Attendance(answer.question.yes_means_attendance)
        if answer.answer != (chosen == means):
            problems.append(
                (
                    "attendance",
                    f"You chose “{chosen.label}” for who can attend, but answered "
                    f"“{'yes' if answer.answer else 'no'}” to “{answer.question_text}”. "
                    "Change one of them so they agree.",
                )
            )
    return problems


def is_student_request(event_request: EventRequest) -> bool:
    """A request a student organises: the organiser said so ("Student, on behalf of
    a society"), or it is a society's request."""
    return (
        event_request.organiser_kind == OrganiserKind.STUDENT
        or event_request.unit.kind == UnitKind.SOCIETY
    )


def briefing_refusal(event_request: EventRequest) -> str:
    """Why this student request cannot be submitted yet for want of an in-date
    student event-organiser briefing (empty: it can). The policy asks for one per
    event type and per risk level (`requires_briefing`, edited on the policy
    pages); the level is the one the screening answers suggest now. Checked only
    when submitting: requests already submitted are never re-checked."""
    if not is_student_request(event_request):
        return ""
    reasons = []
    if event_request.event_type is not None and event_request.event_type.requires_briefing:
        reasons.append(f"{event_request.event_type.name} events")
    answers = event_request.answers.select_related("question")
    level = rules.assess((a.question, a.answer) for a in answers).level
    if level is not None and level.requires_briefing:
        reasons.append(f"requests at the {level.name.lower()} risk level")
    if not reasons:
        return ""
    until = briefed_until(event_request.organiser)
    today = timezone.localdate()
    if until is not None and until >= today:
        return ""
    why = " and ".join(reasons)
    if until is None:
        state = "You have not completed the student event-organiser briefing"
    else:
        state = f"Your student event-organiser briefing lapsed on {until.day} {until:%B %Y}"
    return (
        f"{state}, which {why} need before you can submit. Complete the briefing, "
        "then submit. Your request is saved as a draft."
    )


def submit_request(
    *,
    acting_user: User,
    event_request: EventRequest,
    late_reason: str = "",
    expected_version: str | None = None,
) -> EventRequest:
    """Send a complete draft for review: the notice is measured, the screening answers
    give an advisory level, and the routing rules pick the first reviewer."""
    with transaction.atomic():
        event_request = _fresh(event_request)
        _require_organiser(acting_user, event_request)
        check_version(event_request, VERSION_FIELDS, expected_version)
        lifecycle.require(event_request.status, Action.SUBMIT)
        missing = missing_for_submission(event_request)
        if missing:
            raise DomainError(missing[0][1], field=missing[0][0])
        if refusal := briefing_refusal(event_request):
            raise DomainError(refusal, field="briefing")
        assert event_request.starts_at is not None
        if event_request.starts_at <= timezone.now():
            raise DomainError("The event's start has passed; change the date.", field="starts_at")
        notice = rules.notice_for(
            event_type=event_request.event_type,
            unit=event_request.unit,
            starts_at=event_request.starts_at,
        )
        late_reason = late_reason.strip()
        if notice.is_late and not late_reason:
            raise DomainError(notice.reason_needed, field="late_reason")
        event_request.notice_required_days = notice.required
        event_request.notice_given_days = notice.given
        event_request.late_reason = late_reason if notice.is_late else ""
        event_request.submitted_at = timezone.now()
        event_request.status = Status.IN_REVIEW
        _assess_and_route(event_request)
        _touch(event_request)
        record(
            action="events.request.submitted",
            actor=acting_user,
            target=event_request,
            unit=event_request.unit,
            data={
                "status": {"old": Status.DRAFT, "new": Status.IN_REVIEW},
                "notice": {"required": notice.required, "given": notice.given},
                "suggested_level": event_request.risk_explanation.get("level"),
                "routing": event_request.routing_reasons,
                "waiting_for": event_request.waiting_role,
            },
        )
        _notify_reviewers(event_request, "submitted")
        _notify(
            [event_request.organiser],
            event_request,
            subject=f"{event_request.reference} submitted for review",
            template="submitted_organiser",
        )
    return event_request


def withdraw_request(
    *,
    acting_user: User,
    event_request: EventRequest,
    reason: str = "",
    expected_version: str | None = None,
) -> EventRequest:
    """The organiser withdraws a request not yet decided."""
    with transaction.atomic():
        event_request = _fresh(event_request)
        _require_organiser(acting_user, event_request)
        check_version(event_request, VERSION_FIELDS, expected_version)
        lifecycle.require(event_request.status, Action.WITHDRAW)
        old = event_request.status
        was_in_review = event_request.waiting_role != ""
        waiting = (event_request.waiting_role, event_request.waiting_unit)
        _clear_waiting(event_request)
        _touch(event_request, status=Status.WITHDRAWN)
        entry = record(
            action="events.request.withdrawn",
            actor=acting_user,
            target=event_request,
            unit=event_request.unit,
            data={"status": {"old": old, "new": Status.WITHDRAWN}},
        )
        if reason.strip():
            RequestText.objects.create(
                request=event_request, entry_sequence=entry.sequence, text=reason.strip()
            )
        if was_in_review and waiting[1] is not None:
            _notify(
                access.holders_of(waiting[0], waiting[1]),
                event_request,
                subject=f"{event_request.reference} withdrawn by the organiser",
                template="withdrawn",
                extra={"reason": reason.strip()},
            )
    return event_request


def _suspend_for_reapproval(
    acting_user: User, event_request: EventRequest, material: Mapping[str, Any]
) -> None:
    live = event_request.decisions.filter(is_live=True).first()
    if live is not None:
        live.is_live, live.retired_at = False, timezone.now()
        live.save(update_fields=["is_live", "retired_at"])
    # The route starts again: the earlier steps' recommendations were for the old facts.
    event_request.recommendations.filter(is_live=True).update(
        is_live=False, retired_at=timezone.now()
    )
    old = event_request.status
    event_request.status = Status.IN_REVIEW
    event_request.reapproval_changes = dict(material)
    _assess_and_route(event_request)
    _touch(event_request)
    record(
        action="events.request.suspended_for_reapproval",
        actor=acting_user,
        target=event_request,
        unit=event_request.unit,
        data={"status": {"old": old, "new": Status.IN_REVIEW}, "changes": _audit_changes(material)},
    )
    _notify_reviewers(event_request, "reapproval")
    _notify(
        [event_request.organiser],
        event_request,
        subject=f"{event_request.reference}: approval suspended for re-approval",
        template="suspended",
    )
