"""`podium worker`: runs queued background work and the periodic schedule.

Run one beside each app server, or several anywhere: the queue hands each task to
one worker (row locks on PostgreSQL, an exclusive transaction on SQLite) and the
schedule claims each period once (see `podium.core.scheduling`). Queued work is
rows in the database, so it survives a restart. SIGTERM or Ctrl+C lets the task
in hand finish, then stops.
"""

from __future__ import annotations

import logging
import signal
import threading
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import OperationalError, close_old_connections
from django.utils.crypto import get_random_string
from django_tasks_db.management.commands.db_worker import Worker

from podium.core.scheduling import enqueue_due_jobs

# Routine lines go to the log at INFO, as the tasks' own do, so `make run` (which
# runs the worker at WARNING) keeps the demo's sign-in list on screen.
logger = logging.getLogger("podium.worker")


class Command(BaseCommand):
    help = "Run background tasks and periodic jobs until stopped."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--once",
            action="store_true",
            help="Enqueue due periodic jobs, run everything queued, then exit (for cron or tests).",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=settings.PODIUM_WORKER_INTERVAL,
            help="Seconds to wait between looks at the queue when idle.",
        )

    def handle(self, *args: Any, once: bool, interval: float, **options: Any) -> None:
        self.running = True
        self.wake = threading.Event()
        self.worker: Worker | None = None
        worker_id = get_random_string(32)
        if not once:
            signal.signal(signal.SIGINT, self._stop)
            signal.signal(signal.SIGTERM, self._stop)
            logger.info("Podium worker %s started; checking every %gs.", worker_id, interval)
        while self.running:
            close_old_connections()
            try:
                for name in enqueue_due_jobs():
                    logger.info("Scheduled %s.", name)
            except OperationalError as error:  # SQLite busy: try again next round
                self.stderr.write(f"Could not check the schedule this round: {error}")
            self.worker = Worker(
                queue_names=["*"],
                interval=0,
                batch=True,
                backend_name="default",
                startup_delay=False,
                max_tasks=None,
                worker_id=worker_id,
                excluded_queue_names=[],
            )
            self.worker.run()
            self.worker = None
            if once:
                return
            self.wake.wait(interval)
        self.stdout.write("Podium worker stopped.")

    def _stop(self, signum: int, frame: FrameType | None) -> None:
        self.running = False
        self.wake.set()
        if self.worker is not None:
            self.worker.running = False
