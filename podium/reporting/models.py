"""The return's own records: the suppression threshold (settings, one row), the
governing body's sign-off of a year's return with its frozen figures, and the
published free-speech transparency report with its frozen figures. Nothing else:
every number is read live from the other apps' selectors."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone

from podium.core import academic_year
from podium.core.privacy import NO_PERSONAL_DATA, Classification, PersonalData

RETENTION = (
    "Kept with the return it signs off: for as long as the institution must show its "
    "Prevent compliance (at least six years after the year it covers)."
)


class Jurisdiction(models.TextChoices):
    ENGLAND = "england", "England: the OfS Prevent accountability and data return"
    WALES = "wales", "Wales: the Medr Prevent return"
    SCOTLAND = "scotland", "Scotland: a summary for the governing body"
    NORTHERN_IRELAND = "northern_ireland", "Northern Ireland: a summary for the governing body"


class ReportingSettings(models.Model):
    """One row (`ReportingSettings.current()`): how small a number is withheld from
    everything that leaves the team (exports, the governing-body pack, the
    transparency report)."""

    suppression_threshold = models.PositiveSmallIntegerField(
        default=5,
        validators=[MinValueValidator(1)],
        help_text="A count above zero and below this is shown as “<5” outside the team.",
    )
    jurisdiction = models.CharField(
        max_length=20,
        choices=Jurisdiction.choices,
        blank=True,
        help_text=(
            "Leave empty to follow the nation in the events policy (England and Wales "
            "counts as England: a Welsh provider chooses Wales here)."
        ),
    )
    updated_at = models.DateTimeField(default=timezone.now)

    personal_data: ClassVar[PersonalData] = NO_PERSONAL_DATA

    class Meta:
        verbose_name_plural = "reporting settings"

    def __str__(self) -> str:
        return "Reporting settings"

    @classmethod
    def current(cls) -> ReportingSettings:
        row, _ = cls.objects.get_or_create(pk=1)
        return row


class ReturnSignOff(models.Model):
    """A governing body member's sign-off of one academic year's return: the
    figures as signed are frozen in `figures` ({key: count or null}); later changes
    to the records show as differences against them."""

    year = models.PositiveSmallIntegerField(unique=True)
    jurisdiction = models.CharField(max_length=20, choices=Jurisdiction.choices)
    figures = models.JSONField()
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    signer_name = models.CharField(max_length=200)
    signed_on = models.DateField()
    minute_reference = models.CharField(max_length=100)
    signed_at = models.DateTimeField(default=timezone.now)

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL,
        retention=RETENTION,
        fields=("signed_by", "signer_name"),
    )

    class Meta:
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"Return {academic_year.label(self.year)} signed off"


class TransparencyReport(models.Model):
    """The published free-speech transparency report for a year: figures frozen
    (suppressed) when published; the public page shows exactly these."""

    year = models.PositiveSmallIntegerField(unique=True)
    figures = models.JSONField()
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(default=timezone.now)

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL,
        retention=RETENTION,
        fields=("published_by",),
    )

    class Meta:
        ordering = ["-year"]

    def __str__(self) -> str:
        return f"Transparency report {academic_year.label(self.year)}"
