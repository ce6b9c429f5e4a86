from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone

from podium.core.privacy import NO_PERSONAL_DATA, PersonalData


class ScheduledRun(models.Model):
    """One row per periodic job per period: the unique constraint is what makes a
    job run once a period however many `podium worker` processes are running."""

    job = models.CharField(max_length=100)
    period_start = models.DateTimeField()
    enqueued_at = models.DateTimeField(default=timezone.now)
    task_result_id = models.CharField(max_length=64, blank=True)

    personal_data: ClassVar[PersonalData] = NO_PERSONAL_DATA

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["job", "period_start"], name="scheduledrun_once_per_period"
            )
        ]
        ordering = ["-period_start"]

    def __str__(self) -> str:
        return f"{self.job} @ {self.period_start:%Y-%m-%d %H:%M}"
