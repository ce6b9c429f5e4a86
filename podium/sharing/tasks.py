"""Background work for information sharing (scheduled in
`podium.core.scheduling.SCHEDULE`; `podium worker` runs it)."""

from __future__ import annotations

from django_tasks import task

from podium.sharing import services


@task()
def send_reminders() -> dict[str, int]:
    """Urgent disclosures due for the DPO's review (reminder, then escalation) and
    speaker requests due soon with partners yet to answer."""
    return services.remind()
