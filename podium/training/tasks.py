"""Background work for staff training: large imports, and the daily reminders
(scheduled in `podium.core.scheduling.SCHEDULE`; `podium worker` runs both)."""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from podium.training import services
from podium.training.briefings import services as briefing_services


@task()
def run_import(import_id: int) -> str:
    """Validate and apply one uploaded import (all-or-nothing)."""
    return services.run_import(import_id=import_id)


@task()
def send_training_reminders() -> dict[str, int]:
    """Rebuild everyone's status (picking up roles granted or revoked since, which
    role-based requirements depend on), then send due-soon and overdue reminders,
    once per person, course, kind and due date."""
    with transaction.atomic():
        services.refresh_status()
    return services.send_reminders()


@task()
def send_briefing_reminders() -> dict[str, int]:
    """Remind student organisers whose briefing is about to lapse, once per lapse."""
    return briefing_services.send_reminders()
