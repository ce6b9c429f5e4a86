"""Periodic jobs: what runs when, as data in one table (`SCHEDULE`).

`podium worker` calls `enqueue_due_jobs()` every few seconds. For each job whose
current period has not yet been claimed, it inserts a `ScheduledRun` row and
enqueues the task in the same transaction. The row's unique constraint means
that when several workers race, exactly one claims the period; the others roll
back. Because the claim and the queued task commit together, a crash never leaves
a claimed period without its task.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from podium.core import tasks
from podium.core.models import ScheduledRun
from podium.events import tasks as events_tasks
from podium.training import tasks as training_tasks

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    task: Any  # a django_tasks Task
    every: timedelta

    def period_start(self, now: datetime) -> datetime:
        epoch = datetime(2000, 1, 1, tzinfo=now.tzinfo)
        periods = (now - epoch) // self.every
        return epoch + periods * self.every


SCHEDULE: list[PeriodicJob] = [
    PeriodicJob("core.clear_expired_sessions", tasks.clear_expired_sessions, timedelta(hours=1)),
    PeriodicJob("core.prune_finished_work", tasks.prune_finished_work, timedelta(days=1)),
    # Training reminders: daily; each person hears once per course, kind and due date.
    PeriodicJob(
        "training.send_reminders", training_tasks.send_training_reminders, timedelta(days=1)
    ),
    # Lapsing is hourly so a request never shows "in review" long after its event began.
    PeriodicJob(
        "events.lapse_undecided", events_tasks.lapse_undecided_requests, timedelta(hours=1)
    ),
    # Reminders and escalations act once per step, so hourly costs nothing extra and a
    # deadline passing at midnight is acted on early in the working day.
    PeriodicJob(
        "events.remind_and_escalate", events_tasks.remind_and_escalate_reviews, timedelta(hours=1)
    ),
]


def enqueue_due_jobs(
    *, now: datetime | None = None, schedule: list[PeriodicJob] | None = None
) -> list[str]:
    """Enqueue every job whose current period nobody has claimed. Returns the names
    of the jobs this call enqueued."""
    now = now or timezone.now()
    enqueued = []
    for job in SCHEDULE if schedule is None else schedule:
        period_start = job.period_start(now)
        if ScheduledRun.objects.filter(job=job.name, period_start=period_start).exists():
            continue
        try:
            with transaction.atomic():
                run = ScheduledRun.objects.create(job=job.name, period_start=period_start)
                result = job.task.enqueue()
                run.task_result_id = str(result.id)
                run.save(update_fields=["task_result_id"])
        except IntegrityError:
            continue  # another worker claimed this period first
        logger.info("Enqueued %s for the period from %s", job.name, period_start.isoformat())
        enqueued.append(job.name)
    return enqueued
