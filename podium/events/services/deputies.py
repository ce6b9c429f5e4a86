"""Deputies: a reviewer names who acts for them while they are away."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from podium.accounts.models import User
from podium.audit.services import record
from podium.core.errors import DomainError
from podium.events import access
from podium.events.models import (
    Deputy,
)


def add_deputy(*, acting_user: User, deputy: User, starts_on: date, ends_on: date) -> Deputy:
    """A reviewer names who acts for them while they are away."""
    if deputy.pk == acting_user.pk:
        raise DomainError("Choose someone other than yourself.", field="deputy")
    if ends_on < starts_on:
        raise DomainError("The absence must end on or after its first day.", field="ends_on")
    if ends_on < timezone.localdate():
        raise DomainError("The absence has already ended.", field="ends_on")
    # Reviewers only, on both sides: never an appeal decision-maker
    # (`access.names_deputies`).
    access.require(access.names_deputies(acting_user), "Only reviewers name deputies.")
    if not deputy.is_active or not access.names_deputies(deputy):
        raise DomainError("Your deputy must be an active reviewer.", field="deputy")
    with transaction.atomic():
        entry = Deputy.objects.create(
            reviewer=acting_user, deputy=deputy, starts_on=starts_on, ends_on=ends_on
        )
        record(
            action="events.deputy.added",
            actor=acting_user,
            target=entry,
            unit=None,
            data={"deputy": deputy.pk, "starts_on": str(starts_on), "ends_on": str(ends_on)},
        )
    return entry


def end_deputy(*, acting_user: User, entry: Deputy) -> Deputy:
    """End an absence early (or remove one not yet started)."""
    with transaction.atomic():
        entry = Deputy.objects.select_for_update().get(pk=entry.pk)
        if entry.reviewer_id != acting_user.pk:
            raise DomainError("Only the reviewer who named the deputy can end it.")
        today = timezone.localdate()
        if entry.ends_on < today:
            raise DomainError("This absence has already ended.")
        old = str(entry.ends_on)
        yesterday = date.fromordinal(today.toordinal() - 1)
        entry.ends_on = max(yesterday, entry.starts_on)
        if entry.starts_on > yesterday:
            entry.starts_on = entry.ends_on = yesterday
        entry.save()
        record(
            action="events.deputy.ended",
            actor=acting_user,
            target=entry,
            unit=None,
            data={"ends_on": {"old": old, "new": str(entry.ends_on)}},
        )
    return entry
