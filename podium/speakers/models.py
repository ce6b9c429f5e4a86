"""The speaker register: one record per external speaker, with the names they are
known by, and the due-diligence checks reviewers recorded. Speakers' acknowledgements
of the code of conduct for a request belong to events (`podium.events.speakers`).

Policy (administrator-edited): `SpeakersPolicy` (one row), `CheckSource` (the kinds
of source a check can cover) and `CodeOfConduct` (versioned; a new version is a new
row, never an edit). Only `podium.speakers.services` writes these models.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from podium.core.privacy import NO_PERSONAL_DATA, Classification, PersonalData

SPEAKER_RETENTION = (
    "Kept while the speaker appears on an event request kept under the events records "
    "schedule (six years after the event), then deleted with their names and checks; "
    "a record with no request for six years is deleted."
)


class SpeakersPolicy(models.Model):
    """One row: the administrator's settings for the register."""

    recheck_months = models.PositiveSmallIntegerField(
        default=12, help_text="Default months until a check should be repeated."
    )
    acknowledgement_required = models.BooleanField(
        default=False,
        help_text=(
            "Requests cannot be approved until every speaker linked to the register has "
            "accepted the code of conduct."
        ),
    )
    acknowledgement_valid_days = models.PositiveSmallIntegerField(
        default=30, help_text="Days an acknowledgement link stays usable."
    )
    updated_at = models.DateTimeField(default=timezone.now)

    personal_data: ClassVar[PersonalData] = NO_PERSONAL_DATA

    def __str__(self) -> str:
        return "Speaker register settings"


class CheckSource(models.Model):
    name = models.CharField(max_length=150, unique=True)
    is_active = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)

    personal_data: ClassVar[PersonalData] = NO_PERSONAL_DATA

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class CodeOfConduct(models.Model):
    """One version of the code of conduct for speakers. Never edited in place."""

    version = models.PositiveIntegerField(unique=True)
    text = models.TextField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL,
        retention="Kept for as long as any acknowledgement of the version is kept.",
        fields=("created_by",),
    )

    class Meta:
        ordering = ["-version"]

    def __str__(self) -> str:
        return f"Code of conduct, version {self.version}"


class Speaker(models.Model):
    name = models.CharField(max_length=200)
    affiliations = models.TextField(blank=True, help_text="One per line.")
    links = models.TextField(blank=True, help_text="Public links, one per line.")
    # Restricted: reviewers only.
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    notes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    # A record merged away points at the one that survived.
    merged_into = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="merged_from"
    )
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    merged_at = models.DateTimeField(null=True, blank=True)
    merge_reason = models.TextField(blank=True)

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL,
        retention=SPEAKER_RETENTION,
        # email and phone are restricted to reviewers.
        fields=("name", "affiliations", "links", "email", "phone", "notes"),
    )

    class Meta:
        ordering = ["name", "pk"]
        # "Recently added" (`selectors.recent_speakers`, beside every search): the
        # newest records read backwards from here, not a sort of the whole register.
        indexes = [models.Index(fields=["created_at", "id"], name="speaker_recent_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(merged_into__isnull=True) | ~Q(merged_into=models.F("pk")),
                name="speaker_not_merged_into_itself",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_label(self) -> str:
        """The audit log names the register entry, not the person: the name stays
        on the record
        (docs/decisions/0003-erasure-and-the-audit-chain.md)."""
        return f"Speaker {self.pk}"

    @property
    def affiliation_list(self) -> list[str]:
        return [line.strip() for line in self.affiliations.splitlines() if line.strip()]

    @property
    def link_list(self) -> list[str]:
        return [line.strip() for line in self.links.splitlines() if line.strip()]


class SpeakerName(models.Model):
    """A name the speaker is known by, with its match key (`matching.match_key`)."""

    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="names")
    name = models.CharField(max_length=200)
    match_key = models.CharField(max_length=200)
    is_primary = models.BooleanField(default=False)

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL,
        retention=SPEAKER_RETENTION,
        fields=("name", "match_key"),
    )

    class Meta:
        ordering = ["-is_primary", "name", "pk"]
        indexes = [models.Index(fields=["match_key"], name="speakername_key_idx")]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_label(self) -> str:
        """A spelling of a speaker's name is labelled by number, never by the name
        (docs/decisions/0003-erasure-and-the-audit-chain.md)."""
        return f"Spelling {self.pk} of speaker {self.speaker_id}"


class NameToken(models.Model):
    """One word of the register's name match keys, with how many names hold it.

    Kept by database triggers on `SpeakerName` (`tokens.py`, migration 0004), in the
    same transaction as every change to a name; never written by Podium's code.
    Search finds the words nearest to each word of a query here (a few thousand
    rows, with a trigram index), then the names holding them (`selectors`)."""

    token = models.CharField(max_length=200, unique=True)
    names = models.PositiveIntegerField()  # how many names' match keys hold it

    # Single words with a count, linked to no one; a word leaves the table when the
    # last name holding it is deleted or changed (the triggers), so it is kept no
    # longer than the names are.
    personal_data: ClassVar[PersonalData] = NO_PERSONAL_DATA

    class Meta:
        ordering = ["token"]

    def __str__(self) -> str:
        return self.token


class SpeakerCheck(models.Model):
    """A reviewer's due-diligence check. The findings are for reviewing roles only."""

    speaker = models.ForeignKey(Speaker, on_delete=models.PROTECT, related_name="checks")
    sources = models.ManyToManyField(CheckSource, related_name="+")
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    checked_on = models.DateField()
    recorded_at = models.DateTimeField(default=timezone.now)
    findings = models.TextField()
    references = models.TextField(blank=True)
    recheck_after = models.DateField()

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL,
        retention=SPEAKER_RETENTION,
        # The most restricted fields of the register: reviewers only.
        fields=("checked_by", "findings", "references"),
    )

    class Meta:
        ordering = ["-checked_on", "-pk"]
        indexes = [models.Index(fields=["recheck_after", "id"], name="speakercheck_recheck_idx")]

    def __str__(self) -> str:
        return f"Check of {self.speaker_id} on {self.checked_on:%Y-%m-%d}"

    @property
    def is_current(self) -> bool:
        return self.recheck_after >= timezone.localdate()
