from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from podium.core import tasks
from podium.core.models import ScheduledRun
from podium.core.scheduling import SCHEDULE, PeriodicJob, enqueue_due_jobs

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
HOURLY = [PeriodicJob("test.sessions", tasks.clear_expired_sessions, timedelta(hours=1))]


@pytest.fixture
def database_queue(settings):
    # The suite runs tasks immediately; these tests need the real queue.
    settings.TASKS = DATABASE_QUEUE


def test_a_period_starts_on_its_boundary():
    job = PeriodicJob("x", tasks.clear_expired_sessions, timedelta(hours=1))
    assert job.period_start(datetime(2026, 11, 28, 16, 42, 7, tzinfo=UTC)) == datetime(
        2026, 11, 28, 16, 0, tzinfo=UTC
    )
    daily = PeriodicJob("y", tasks.clear_expired_sessions, timedelta(days=1))
    assert daily.period_start(datetime(2026, 11, 28, 23, 59, tzinfo=UTC)) == datetime(
        2026, 11, 28, tzinfo=UTC
    )


def test_a_job_is_enqueued_once_per_period(db, database_queue):
    at = datetime(2026, 11, 28, 16, 5, tzinfo=UTC)
    assert enqueue_due_jobs(now=at, schedule=HOURLY) == ["test.sessions"]
    assert enqueue_due_jobs(now=at + timedelta(minutes=50), schedule=HOURLY) == []
    assert enqueue_due_jobs(now=at + timedelta(minutes=56), schedule=HOURLY) == ["test.sessions"]
    assert ScheduledRun.objects.count() == 2
    assert DBTaskResult.objects.count() == 2


def test_every_scheduled_job_is_a_task_with_a_unique_name():
    names = [job.name for job in SCHEDULE]
    assert len(names) == len(set(names))
    assert all(hasattr(job.task, "enqueue") for job in SCHEDULE)


# The worker closes stale connections as it would in production, which a test
# transaction does not survive: these tests commit for real.
@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_queued_work_after_a_restart(database_queue):
    Session.objects.create(
        session_key="old", session_data="", expire_date=timezone.now() - timedelta(days=1)
    )
    Session.objects.create(
        session_key="new", session_data="", expire_date=timezone.now() + timedelta(days=1)
    )
    # Queued by one process (say, before a restart)...
    result = tasks.clear_expired_sessions.enqueue()
    # ...run by a worker started afterwards.
    call_command("worker", "--once")
    row = DBTaskResult.objects.get(id=result.id)
    assert row.status == "SUCCESSFUL"
    assert list(Session.objects.values_list("session_key", flat=True)) == ["new"]


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_the_schedule(database_queue):
    call_command("worker", "--once")
    assert set(ScheduledRun.objects.values_list("job", flat=True)) == {job.name for job in SCHEDULE}
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}


@pytest.mark.django_db(transaction=True)
def test_racing_workers_claim_a_period_once(database_queue):
    if connection.vendor != "postgresql":
        pytest.skip("Concurrent writers need PostgreSQL; SQLite serialises them by design.")
    at = datetime(2026, 11, 28, 16, 5, tzinfo=UTC)
    barrier = threading.Barrier(8)
    claimed: list[list[str]] = []

    def worker():
        barrier.wait()
        try:
            claimed.append(enqueue_due_jobs(now=at, schedule=HOURLY))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(len(c) for c in claimed) == 1
    assert ScheduledRun.objects.count() == 1
    assert DBTaskResult.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_worker_runs_each_job_once_per_period_as_time_passes(database_queue):
    import time_machine

    def runs() -> list[str]:
        # The core jobs: apps' hourly jobs (e.g. events.*) would only repeat the point.
        return sorted(
            ScheduledRun.objects.filter(job__startswith="core.").values_list("job", flat=True)
        )

    with time_machine.travel(datetime(2026, 11, 28, 16, 5, tzinfo=UTC), tick=False):
        call_command("worker", "--once")
        call_command("worker", "--once")  # the same hour: nothing new
    assert runs() == [
        "core.clear_expired_sessions",
        "core.prune_finished_work",
        "core.refresh_summaries",
    ]
    with time_machine.travel(datetime(2026, 11, 28, 17, 1, tzinfo=UTC), tick=False):
        call_command("worker", "--once")  # a new hour, the same day
    assert runs() == [
        "core.clear_expired_sessions",
        "core.clear_expired_sessions",
        "core.prune_finished_work",
        "core.refresh_summaries",
        "core.refresh_summaries",
    ]
    assert set(DBTaskResult.objects.values_list("status", flat=True)) == {"SUCCESSFUL"}
