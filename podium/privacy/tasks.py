"""Background work for data protection (scheduled in `podium.core.scheduling.SCHEDULE`;
`podium worker` runs both)."""

from __future__ import annotations

from django_tasks import task

from podium.privacy import services


@task()
def apply_retention() -> dict[str, int]:
    """Apply the retention schedule: each batch commits on its own, and a second
    run the same day finds nothing left to do."""
    run = services.run_retention(acting_user=None, dry_run=False)
    return {"run": run.pk, "done": run.total_done}


@task()
def send_breach_reminders() -> dict[str, int]:
    return {"reminded": services.send_breach_reminders()}
