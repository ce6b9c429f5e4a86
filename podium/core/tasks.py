"""Background tasks that belong to no one app."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.utils import timezone
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from podium.core import summaries
from podium.core.models import ScheduledRun


@task()
def clear_expired_sessions() -> int:
    """Delete expired sessions: a stolen cookie of a finished session is worthless,
    and the table stays small."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


@task()
def prune_finished_work(days: int = 30) -> int:
    """Forget finished task results and schedule bookkeeping older than `days`."""
    cutoff = timezone.now() - timedelta(days=days)
    results, _ = DBTaskResult.objects.filter(finished_at__lt=cutoff).delete()
    runs, _ = ScheduledRun.objects.filter(period_start__lt=cutoff).delete()
    return results + runs


@task()
def refresh_summaries() -> int:
    """Build any summary kind never built, and count again the keys marked since
    their last count (the eager refresh after a change is skipped by bulk imports,
    and may have failed)."""
    summaries.build_missing()
    return summaries.refresh_marked()
