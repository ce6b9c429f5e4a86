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


class Summary(models.Model):
    """One counted figure set of a summary kind (`podium.core.summaries`): the value
    a recount of `key` gave at `counted_at`. Counts only, never a person."""

    name = models.CharField(max_length=100)
    key = models.CharField(max_length=100)
    value = models.JSONField()
    counted_at = models.DateTimeField()

    personal_data: ClassVar[PersonalData] = NO_PERSONAL_DATA

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["name", "key"], name="summary_one_row_per_key")
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.key}"


class SummaryMark(models.Model):
    """A key of a summary kind that no longer equals a recount: written in the same
    transaction as the change, deleted once the key has been counted again. `key`
    "*" marks every key of the kind."""

    name = models.CharField(max_length=100)
    key = models.CharField(max_length=100)
    marked_at = models.DateTimeField(default=timezone.now)

    personal_data: ClassVar[PersonalData] = NO_PERSONAL_DATA

    class Meta:
        indexes = [models.Index(fields=["name", "key"], name="summarymark_name_key")]

    def __str__(self) -> str:
        return f"{self.name} {self.key}"
