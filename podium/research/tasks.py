"""Background work for the research register: the daily expiry and reminders
(scheduled in `podium.core.scheduling.SCHEDULE`; `podium worker` runs it)."""

from __future__ import annotations

from django_tasks import task

from podium.research import services


@task()
def expire_and_remind() -> dict[str, int]:
    """Registrations past their end date expire; those ending within 30 days
    remind their researcher, once per end date."""
    return services.expire_and_remind()
