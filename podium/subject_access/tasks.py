"""Background work for subject access: the daily reminders to the DPO before a
request's due date (scheduled in `podium.core.scheduling.SCHEDULE`)."""

from __future__ import annotations

from django_tasks import task

from podium.subject_access import services


@task()
def send_reminders() -> dict[str, int]:
    return services.send_reminders()
