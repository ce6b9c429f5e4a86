"""Daily reminders for concerns (scheduled in `podium.core.scheduling.SCHEDULE`)."""

from __future__ import annotations

from django_tasks import task

from podium.concerns import services


@task()
def send_review_reminders() -> int:
    """Open cases whose review date has come: the owner hears once per review date."""
    return services.send_review_reminders()


@task()
def send_event_reminders() -> int:
    """Reportable events unreported past the window: the Prevent leads hear once each."""
    return services.send_event_reminders()


@task()
def send_action_reminders() -> int:
    """Overdue follow-up actions on reportable events: the owner hears once per due date."""
    return services.send_action_reminders()
