"""Scheduled work for event requests (see `podium.core.scheduling.SCHEDULE`).

Both jobs are safe to run as often as wanted: a request lapses once, and each
reminder or escalation happens at most once per review step (`ReminderSent`)."""

from __future__ import annotations

from django_tasks import task

from podium.events import services


@task()
def lapse_undecided_requests() -> int:
    """Requests still undecided when their event starts lapse; returns how many."""
    return services.lapse_undecided()


@task()
def remind_and_escalate_reviews() -> dict[str, int]:
    """Remind reviewers before a step is due, escalate it after."""
    return services.remind_and_escalate()
