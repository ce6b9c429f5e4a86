"""When training is due: pure functions, no database, tested on their own.

Totara-style certification: the first completion is due `due_within_days` after
the person starts. Each completion is valid for `renew_every_months` (empty: for
ever). Completing inside the renewal window (the `window_days` before the due
date) extends from the due date, so renewing early loses nothing; completing
earlier than the window, or after the due date, extends from the completion.
A first completion always counts from its date."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import models


class Status(models.TextChoices):
    COMPLIANT = "compliant", "Compliant"
    DUE_SOON = "due_soon", "Due soon"
    OVERDUE = "overdue", "Overdue"
    NEVER = "never", "Never trained"
    NOT_REQUIRED = "not_required", "Not required"


NON_COMPLIANT = (Status.OVERDUE, Status.NEVER)


def add_months(day: date, months: int) -> date:
    """`day` plus whole months; the 31st becomes the last day of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Due:
    last_completed_on: date | None
    due_on: date | None  # None: completed and never expires
    window_opens_on: date | None


def next_due(
    *,
    started_on: date,
    completions: Iterable[date],
    due_within_days: int,
    renew_every_months: int | None,
    window_days: int,
) -> Due:
    """The next due date from a person's start and their completions of the course."""
    due: date | None = started_on + timedelta(days=due_within_days)
    last: date | None = None
    for completed in sorted(set(completions)):
        if renew_every_months is None:
            last, due = completed, None
            break
        assert due is not None
        # The window applies to renewals; a first completion counts from its date.
        in_window = last is not None and due - timedelta(days=window_days) <= completed <= due
        due = add_months(due if in_window else completed, renew_every_months)
        last = completed
    window = None if due is None else due - timedelta(days=window_days)
    return Due(last_completed_on=last, due_on=due, window_opens_on=window)


def sooner(due: Due, other: Due) -> bool:
    """Is `due` stricter than `other`: due earlier (never expiring is latest)?"""
    if due.due_on is None:
        return False
    return other.due_on is None or due.due_on < other.due_on


def status_on(due: Due, today: date) -> Status:
    if due.last_completed_on is None:
        return Status.NEVER
    if due.due_on is None:
        return Status.COMPLIANT
    if due.due_on < today:
        return Status.OVERDUE
    if due.window_opens_on is not None and due.window_opens_on <= today:
        return Status.DUE_SOON
    return Status.COMPLIANT


def in_date(completed_on: date | None, validity_months: int | None, today: date) -> bool:
    """Is a completion on `completed_on` still valid `today`?"""
    if completed_on is None or completed_on > today:
        return False
    return validity_months is None or add_months(completed_on, validity_months) >= today
