"""Reads for subject access requests."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from podium.core.pagination import Page, keyset_page
from podium.subject_access.models import OPEN_STATUSES, Status, SubjectAccessRequest

DUE_SOON_DAYS = 14


def request_log(
    *, open_only: bool = False, after: str | None = None, before: str | None = None, size: int = 50
) -> Page[SubjectAccessRequest]:
    """The log, soonest due first, keyset-paged by (due date, id)."""
    queryset: QuerySet[SubjectAccessRequest] = SubjectAccessRequest.objects.all()
    if open_only:
        queryset = queryset.filter(status__in=OPEN_STATUSES)
    return keyset_page(queryset, field="due_on", after=after, before=before, size=size)


def get_request(pk: int) -> SubjectAccessRequest | None:
    return (
        SubjectAccessRequest.objects.select_related(
            "logged_by", "identity_checked_by", "reviewed_by", "released_by"
        )
        .filter(pk=pk)
        .first()
    )


def days_left(sar: SubjectAccessRequest, today: date | None = None) -> int:
    return (sar.due_on - (today or timezone.localdate())).days


def counts(*, today: date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    running = SubjectAccessRequest.objects.filter(
        status__in=[Status.RECEIVED, Status.IN_PROGRESS, Status.REVIEWED],
        clock_stopped_on__isnull=True,
    )
    return {
        "overdue": running.filter(due_on__lt=today).count(),
        "due_soon": running.filter(
            due_on__gte=today, due_on__lte=today + timedelta(days=DUE_SOON_DAYS)
        ).count(),
        "stopped": SubjectAccessRequest.objects.filter(status=Status.WAITING).count(),
        "reviewed": SubjectAccessRequest.objects.filter(status=Status.REVIEWED).count(),
    }
