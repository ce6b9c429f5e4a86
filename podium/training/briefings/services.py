"""Writes for the student event-organiser briefing: publish a version, confirm it
online, record a session's attendance, remind before a briefing lapses. Each
writes its audit entry in its transaction."""

from __future__ import annotations

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from podium.accounts import permissions
from podium.accounts.models import User
from podium.accounts.roles import Capability
from podium.audit.services import record
from podium.core.errors import DomainError, NotAllowed
from podium.notify import services as notify
from podium.training.briefings import selectors
from podium.training.models import (
    BriefingCompletion,
    BriefingMethod,
    BriefingReminderSent,
    BriefingVersion,
)
from podium.training.rules import add_months

MAX_VALID_MONTHS = 60
MAX_REMIND_DAYS = 180


def publish_version(
    *,
    acting_user: User,
    title: str,
    body: str,
    valid_for_months: int,
    remind_days_before: int,
) -> BriefingVersion:
    """Publish a new text of the briefing. Earlier versions are kept unchanged;
    completions already recorded keep their version and their dates."""
    if not permissions.has_capability(acting_user, Capability.MANAGE_BRIEFINGS):
        raise NotAllowed("You cannot publish the student organiser briefing.")
    problems: list[tuple[str | None, str]] = []
    if not title.strip():
        problems.append(("title", "Enter the briefing's title."))
    if not body.strip():
        problems.append(("body", "Enter the briefing's text."))
    if not 1 <= valid_for_months <= MAX_VALID_MONTHS:
        problems.append(
            ("valid_for_months", f"Enter a validity between 1 and {MAX_VALID_MONTHS} months.")
        )
    if not 0 <= remind_days_before <= MAX_REMIND_DAYS:
        problems.append(
            ("remind_days_before", f"Enter a number of days between 0 and {MAX_REMIND_DAYS}.")
        )
    if problems:
        raise DomainError.of(problems)
    try:
        with transaction.atomic():
            number = (BriefingVersion.objects.aggregate(n=Max("number"))["n"] or 0) + 1
            version = BriefingVersion.objects.create(
                number=number,
                title=title.strip(),
                body=body.strip(),
                valid_for_months=valid_for_months,
                remind_days_before=remind_days_before,
                published_by=acting_user,
            )
            record(
                action="training.briefing.published",
                actor=acting_user,
                target=version,
                data={
                    "number": number,
                    "valid_for_months": valid_for_months,
                    "remind_days_before": remind_days_before,
                },
            )
    except IntegrityError:
        raise DomainError(
            "Someone else published a version at the same moment. Check the versions and try again."
        ) from None
    return version


def _complete(
    *,
    acting_user: User,
    student: User,
    version: BriefingVersion,
    method: BriefingMethod,
    completed_on: date,
) -> BriefingCompletion:
    if BriefingCompletion.objects.filter(
        student=student, version=version, completed_on=completed_on
    ).exists():
        raise DomainError(
            f"The briefing (version {version.number}) is already recorded for "
            f"{completed_on.day} {completed_on:%B %Y}.",
            field="attended_on" if method == BriefingMethod.SESSION else None,
        )
    try:
        with transaction.atomic():  # a savepoint: a simultaneous double click loses cleanly
            completion = BriefingCompletion.objects.create(
                student=student,
                version=version,
                method=method,
                completed_on=completed_on,
                valid_until=add_months(completed_on, version.valid_for_months),
                recorded_by=acting_user,
            )
    except IntegrityError:
        raise DomainError("The briefing was just recorded for that day.") from None
    record(
        action="training.briefing.completed",
        actor=acting_user,
        target=completion,
        data={
            "version": version.number,
            "method": method.value,
            "completed_on": completed_on.isoformat(),
            "valid_until": completion.valid_until.isoformat(),
        },
    )
    return completion


def confirm_briefing(*, acting_user: User, version_number: int) -> BriefingCompletion:
    """The person confirms they have read the current version today (online)."""
    with transaction.atomic():
        version = selectors.current_version()
        if version is None:
            raise DomainError("No briefing has been published yet.")
        if version.number != version_number:
            raise DomainError(
                "A new version of the briefing was published while you were reading. "
                "Read the current version and confirm again.",
                field="confirm",
            )
        return _complete(
            acting_user=acting_user,
            student=acting_user,
            version=version,
            method=BriefingMethod.ONLINE,
            completed_on=timezone.localdate(),
        )


def record_attendance(
    *, acting_user: User, student_email: str, attended_on: date
) -> BriefingCompletion:
    """The students' union records that a named student organiser attended a
    briefing session on a day; the version in force that day is recorded."""
    if not permissions.has_capability(acting_user, Capability.MANAGE_BRIEFINGS):
        raise NotAllowed("You cannot record briefing sessions.")
    with transaction.atomic():
        student = selectors.find_student_organiser(acting_user, student_email)
        problems: list[tuple[str | None, str]] = []
        if student is None:
            problems.append(
                (
                    "student_email",
                    "Enter the e-mail address of a student organiser of a society or "
                    "students' union unit you look after.",
                )
            )
        if attended_on > timezone.localdate():
            problems.append(("attended_on", "The session's date must be today or in the past."))
        version = selectors.version_on(attended_on)
        if version is None:
            problems.append((None, "Publish the briefing before recording sessions."))
        if problems:
            raise DomainError.of(problems)
        assert student is not None
        assert version is not None
        return _complete(
            acting_user=acting_user,
            student=student,
            version=version,
            method=BriefingMethod.SESSION,
            completed_on=attended_on,
        )


def send_reminders(*, today: date | None = None) -> dict[str, int]:
    """Remind each student organiser whose briefing lapses within the current
    version's reminder window, once per lapse date (`briefing_reminder_once`)."""
    today = today or timezone.localdate()
    sent = 0
    for completion in selectors.due_reminders(today):
        with transaction.atomic():
            _, created = BriefingReminderSent.objects.get_or_create(
                student=completion.student, valid_until=completion.valid_until
            )
            if not created:
                continue
            notify.notify(
                [completion.student],
                "training/email/briefing_reminder.txt",
                {"completion": completion},
                subject="Your student organiser briefing is about to lapse",
                link=reverse("training:briefing"),
                link_label="Renew your briefing",
            )
            sent += 1
    if sent:
        with transaction.atomic():
            record(action="training.briefing.reminders_sent", actor=None, data={"reminders": sent})
    return {"reminders": sent}
