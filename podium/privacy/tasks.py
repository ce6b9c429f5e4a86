"""Background work for data protection (scheduled in `podium.core.scheduling.SCHEDULE`;
`podium worker` runs both)."""

from __future__ import annotations

from django_tasks import task

from podium.accounts.models import User
from podium.privacy import services


@task()
def apply_retention() -> dict[str, int]:
    """Apply the retention schedule: each batch commits on its own, and a second
    run the same day finds nothing left to do."""
    run = services.run_retention(acting_user=None, dry_run=False)
    return {"run": run.pk, "done": run.total_done}


@task()
def apply_retention_for(user_id: int) -> dict[str, int]:
    """Apply the schedule now, as the DPO asked on the page ("Apply the schedule
    now"): on the worker, because at national scale a run takes longer than a web
    request may."""
    run = services.run_retention(acting_user=User.objects.get(pk=user_id), dry_run=False)
    return {"run": run.pk, "done": run.total_done}


@task()
def send_breach_reminders() -> dict[str, int]:
    return {"reminded": services.send_breach_reminders()}
