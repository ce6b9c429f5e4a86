"""Periodic jobs: what runs when, as data in one table (`SCHEDULE`).

Core's own jobs are listed here; each app adds its jobs with `register_job()` in
its `AppConfig.ready()`, so the table holds every job once the apps are loaded.

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
    PeriodicJob("core.refresh_summaries", tasks.refresh_summaries, timedelta(minutes=1)),
]


def register_job(job: PeriodicJob) -> PeriodicJob:
    """Add an app's job to `SCHEDULE` (from its `AppConfig.ready()`). Names are
    "app.what"; registering the same job again changes nothing."""
    for known in SCHEDULE:
        if known.name == job.name:
            if known != job:
                raise ValueError(f"Two periodic jobs are named {job.name!r}.")
            return known
    SCHEDULE.append(job)
    return job


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
