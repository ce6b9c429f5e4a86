"""Data protection records: the DPO's changes to the retention schedule, legal
holds, retention runs and the breach log. Only `services` writes them."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from podium.core.privacy import (
    Classification,
    PersonalData,
    RetentionAction,
    Schedule,
    record_type_name,
)

# The ICO must be told of a reportable breach within 72 hours of discovery (UK GDPR Art 33).
REPORTING_HOURS = 72


class RuleSetting(models.Model):
    """The DPO's rule for one record type, replacing the default its model declares
    (`PersonalData.schedule`). `months` empty: no automatic rule."""

    record_type = models.CharField(max_length=100, unique=True)  # app_label.modelname
    months = models.PositiveIntegerField(null=True, blank=True)
    runs_from = models.CharField(max_length=100, blank=True)
    action = models.CharField(max_length=16, choices=RetentionAction.choices, blank=True)
    anonymise = models.JSONField(default=list, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL,
        retention="Kept while the rule is in force: it shows which officer set it.",
        fields=("changed_by",),
    )

    def __str__(self) -> str:
        return f"Retention rule for {self.record_type}"


class HoldKind(models.TextChoices):
    REQUEST = "request", "An event request"
    SPEAKER = "speaker", "A speaker in the register"
    PERSON = "person", "A person with an account"
    RECORD = "record", "Another record"


# The record type each kind of hold names.
HOLD_RECORD_TYPES = {
    HoldKind.REQUEST: "events.eventrequest",
    HoldKind.SPEAKER: "speakers.speaker",
    HoldKind.PERSON: "accounts.user",
}


class LegalHoldQuerySet(models.QuerySet["LegalHold"]):
    def in_force(self) -> LegalHoldQuerySet:
        return self.filter(lifted_at__isnull=True)


class LegalHold(models.Model):
    """While in force, retention deletes and anonymises nothing of the record, nor
    of the rows its schedule says belong to it (`Schedule.held_through`)."""

    kind = models.CharField(max_length=16, choices=HoldKind.choices)
    record_type = models.CharField(max_length=100)
    record_id = models.PositiveBigIntegerField()
    reason = models.TextField()
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    placed_at = models.DateTimeField(default=timezone.now)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)
    lift_reason = models.TextField(blank=True)

    objects = LegalHoldQuerySet.as_manager()

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL,
        retention=(
            "Kept for six years after the hold is lifted, as evidence of why records "
            "outlived their schedule."
        ),
        fields=("reason", "placed_by", "lifted_by", "lift_reason"),
        schedule=Schedule(months=72, runs_from="lifted_at"),
    )

    class Meta:
        indexes = [
            models.Index(fields=["placed_at", "id"], name="privacy_hold_by_time"),
            models.Index(fields=["record_type", "record_id"], name="privacy_hold_by_record"),
        ]

    def __str__(self) -> str:
        return f"Hold {self.pk}"

    @property
    def record_name(self) -> str:
        """What the hold is on, for a list: "Event request (Events and external
        speakers) 1", without reading the record (`selectors.held_record` does)."""
        return f"{record_type_name(self.record_type)} {self.record_id}"

    @property
    def in_force(self) -> bool:
        return self.lifted_at is None


class RetentionRun(models.Model):
    """One pass of the schedule: a dry run counts, a run applies. `counts` maps
    record type to {"due", "held", "done"}: numbers only, never a record."""

    dry_run = models.BooleanField(default=False)
    started_by = models.ForeignKey(  # None: the daily job
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    counts = models.JSONField(default=dict, blank=True)

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL,
        retention="Kept for seven years with the audit log: it is the record of what was erased.",
        fields=("started_by",),
    )

    class Meta:
        indexes = [models.Index(fields=["started_at", "id"], name="privacy_run_by_time")]

    def __str__(self) -> str:
        return f"{'Dry run' if self.dry_run else 'Retention run'} {self.pk}"

    @property
    def total_due(self) -> int:
        return sum(int(c.get("due", 0)) - int(c.get("held", 0)) for c in self.counts.values())

    @property
    def total_done(self) -> int:
        return sum(int(c.get("done", 0)) for c in self.counts.values())


class Risk(models.TextChoices):
    UNASSESSED = "unassessed", "Not yet assessed"
    UNLIKELY = "unlikely", "Unlikely to result in a risk to people (not reportable)"
    RISK = "risk", "A risk to people's rights and freedoms (report to the ICO)"
    HIGH = "high", "A high risk (report to the ICO and tell the people affected)"


class Breach(models.Model):
    """A personal data breach (UK GDPR Art 33): reportable to the ICO within 72
    hours of discovery unless unlikely to result in a risk to people."""

    discovered_at = models.DateTimeField()
    summary = models.TextField()  # what happened
    data_subjects = models.TextField()  # whose data, roughly how many
    risk = models.CharField(max_length=16, choices=Risk.choices, default=Risk.UNASSESSED)
    risk_assessment = models.TextField(blank=True)
    reported_to_ico = models.BooleanField(default=False)
    reported_at = models.DateTimeField(null=True, blank=True)
    ico_reference = models.CharField(max_length=50, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # How many of the reminders (`services.REMINDER_HOURS`) have been sent.
    reminders_sent = models.PositiveSmallIntegerField(default=0)

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL,
        retention="Kept for six years after discovery (the ICO may ask for the breach log).",
        fields=("summary", "data_subjects", "risk_assessment", "recorded_by"),
        schedule=Schedule(months=72, runs_from="discovered_at"),
    )

    class Meta:
        verbose_name_plural = "breaches"
        indexes = [models.Index(fields=["discovered_at", "id"], name="privacy_breach_by_time")]

    def __str__(self) -> str:
        return f"Breach {self.pk}"

    @property
    def deadline(self) -> datetime:
        return self.discovered_at + timedelta(hours=REPORTING_HOURS)

    @property
    def clock_running(self) -> bool:
        """Waiting for a report to the ICO: not reported, not judged unlikely to harm."""
        return not self.reported_to_ico and self.risk != Risk.UNLIKELY

    def hours_left(self, now: datetime | None = None) -> int:
        """Whole hours to the deadline (negative: overdue)."""
        seconds = (self.deadline - (now or timezone.now())).total_seconds()
        return int(seconds // 3600)
