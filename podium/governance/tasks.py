"""Background work for governance: the daily action reminders (scheduled in
`podium.core.scheduling.SCHEDULE`; `podium worker` runs them)."""

from __future__ import annotations

from django_tasks import task

from podium.governance import services


@task()
def send_action_reminders() -> dict[str, int]:
    """Owners hear of open actions due within two weeks, and again once overdue."""
    return services.send_action_reminders()


@task()
def send_complaint_reminders() -> int:
    """Owners hear once of each complaint past its 30 days with us, unanswered."""
    return services.send_complaint_reminders()


@task()
def send_notice_reminders() -> int:
    """A year after the last notice to students, the free-speech officers hear once."""
    return services.send_notice_reminders()
