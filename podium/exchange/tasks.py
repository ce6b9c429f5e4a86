"""Background work for the exchange (`podium worker` runs it): delivering messages,
and retrying those whose next attempt is due (`exchange.deliver_due`, every minute)."""

from __future__ import annotations

from django_tasks import task

from podium.exchange import services


@task()
def deliver(message_pk: int) -> str:
    """One attempt at delivering one message (queued once its transaction commits)."""
    return services.deliver(message_pk=message_pk)


@task()
def deliver_due() -> dict[str, int]:
    """Messages whose next attempt (exponential back-off) is due."""
    return services.deliver_due()
