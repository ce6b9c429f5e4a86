"""Writes for the free-speech code of practice and the notices to students."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from podium.accounts.roles import Capability, Role
from podium.audit.services import changes, record
from podium.core.errors import DomainError
from podium.governance import selectors
from podium.governance.models import (
    CodeSection,
    CodeSectionKind,
    CodeVersion,
    StudentNotice,
)
from podium.governance.services.base import require
from podium.notify import services as notify

if TYPE_CHECKING:
    from podium.accounts.models import User


# --- The code of practice -----------------------------------------------------------


@transaction.atomic
def start_code_version(*, acting_user: User) -> CodeVersion:
    """A draft of the code, copied from the version in force (empty for the first)."""
    require(acting_user, Capability.MANAGE_CODE)
    if CodeVersion.objects.select_for_update().filter(published_at__isnull=True).exists():
        raise DomainError("A version of the code is already in draft: change that one.")
    current = selectors.code_in_force()
    number = (CodeVersion.objects.aggregate(n=Max("number"))["n"] or 0) + 1
    version = CodeVersion.objects.create(number=number, created_by=acting_user)
    if current is not None:
        CodeSection.objects.bulk_create(
            CodeSection(version=version, kind=s.kind, text=s.text) for s in current.sections.all()
        )
    record(
        action="governance.code.started",
        actor=acting_user,
        target=version,
        data={"number": number, "copied_from": current.number if current else None},
    )
    return version


def _code_draft(version: CodeVersion) -> CodeVersion:
    version = CodeVersion.objects.select_for_update().get(pk=version.pk)
    if version.is_published:
        raise DomainError("This version of the code is published and can no longer change.")
    return version


@transaction.atomic
def save_code_sections(
    *, acting_user: User, version: CodeVersion, texts: dict[str, str]
) -> CodeVersion:
    """The draft's sections (kind → text); an empty text removes the section."""
    require(acting_user, Capability.MANAGE_CODE)
    version = _code_draft(version)
    before = {s.kind: s.text for s in version.sections.all()}
    after = {kind: text.strip() for kind, text in texts.items() if text.strip()}
    if before == after:
        return version
    version.sections.all().delete()
    CodeSection.objects.bulk_create(
        CodeSection(version=version, kind=kind, text=text) for kind, text in after.items()
    )
    record(
        action="governance.code.changed",
        actor=acting_user,
        target=version,
        data={"changes": changes(before, after, text_fields=CodeSectionKind.values)},
    )
    return version


@transaction.atomic
def publish_code(*, acting_user: User, version: CodeVersion) -> CodeVersion:
    """In force from now: decisions from now on record this version."""
    require(acting_user, Capability.MANAGE_CODE)
    version = _code_draft(version)
    missing = [
        label
        for kind, label in CodeSectionKind.choices
        if not version.sections.filter(kind=kind).exists()
    ]
    if missing:
        raise DomainError(f"Write every section before publishing: {', '.join(missing)}.")
    version.published_at = timezone.now()
    version.save(update_fields=["published_at"])
    record(
        action="governance.code.published",
        actor=acting_user,
        target=version,
        data={"number": version.number},
    )
    return version


@transaction.atomic
def record_notice(
    *, acting_user: User, sent_on: date, channel: str, audience: str, text: str
) -> StudentNotice:
    require(acting_user, Capability.MANAGE_CODE)
    problems = []
    if sent_on > timezone.localdate():
        problems.append(("sent_on", "The date sent cannot be in the future."))
    if not audience.strip():
        problems.append(("audience", "Say which students it went to."))
    if not text.strip():
        problems.append(("text", "Enter the notice's text as sent."))
    if problems:
        raise DomainError.of(problems)
    notice = StudentNotice.objects.create(
        sent_on=sent_on,
        channel=channel,
        audience=audience.strip(),
        text=text.strip(),
        recorded_by=acting_user,
    )
    record(
        action="governance.notice.recorded",
        actor=acting_user,
        target=notice,
        data={"sent_on": sent_on.isoformat(), "channel": channel},
    )
    return notice


def send_notice_reminders(*, today: date | None = None) -> int:
    """A year after the last notice to students, remind the free-speech officers,
    once per notice. (With no notice ever recorded, their home page says so.)"""
    today = today or timezone.localdate()
    if not selectors.notice_due(today):
        return 0
    with transaction.atomic():
        last = selectors.last_notice()
        if last is None:
            return 0
        last = StudentNotice.objects.select_for_update().get(pk=last.pk)
        if last.reminded_for is not None:
            return 0
        last.reminded_for = today
        last.save(update_fields=["reminded_for"])
        officers = list(selectors.people_with(Role.FREE_SPEECH_OFFICER))
        notify.notify(
            officers,
            "governance/email/notice_due.txt",
            {"last": last},
            subject="The yearly notice to students about the free-speech code is due",
            link=reverse("governance:notice-list"),
            link_label="Record the notice",
        )
        record(
            action="governance.notice_reminders.sent", actor=None, data={"people": len(officers)}
        )
    return len(officers)
