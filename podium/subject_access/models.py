"""Subject access requests (UK GDPR Art 15): the request log, the person records the
DPO confirmed are the requester, and what the DPO withheld from the export."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from podium.core.privacy import Classification, PersonalData, record_type_name

RETENTION = (
    "Kept for six years after the request is released or closed, as evidence that the "
    "institution answered it (ICO guidance on keeping records of requests)."
)


class Status(models.TextChoices):
    RECEIVED = "received", "Received: identity not checked"
    WAITING = "waiting", "Clock stopped: waiting for the requester"
    IN_PROGRESS = "in_progress", "In progress"
    REVIEWED = "reviewed", "Reviewed: ready to release"
    RELEASED = "released", "Released"


OPEN_STATUSES = (Status.RECEIVED, Status.WAITING, Status.IN_PROGRESS, Status.REVIEWED)


class IdentityMethod(models.TextChoices):
    PHOTO_ID = "photo_id", "Photographic identity document seen"
    UNIVERSITY_CARD = "university_card", "University staff or student card seen"
    KNOWN_ADDRESS = "known_address", "Confirmed from an e-mail address already on record"
    SIGNED_IN = "signed_in", "Asked while signed in to the university's systems"


class StopReason(models.TextChoices):
    IDENTITY = "identity", "Waiting for proof of identity"
    CLARIFICATION = "clarification", "Waiting for the requester to clarify the request"


class Exemption(models.TextChoices):
    CRIME = "crime", "Crime and taxation (DPA 2018 Sch 2 para 2)"
    NATIONAL_SECURITY = "national_security", "National security (DPA 2018 s 26)"
    LEGAL_PRIVILEGE = "legal_privilege", "Legal professional privilege (Sch 2 para 19)"
    THIRD_PARTY = "third_party", "Another person's data (Sch 2 para 16)"
    MANAGEMENT = "management", "Management forecasts (Sch 2 para 22)"


class SubjectAccessRequest(models.Model):
    requester_name = models.CharField(max_length=200)
    requester_email = models.EmailField(blank=True)
    staff_number = models.CharField(max_length=32, blank=True)
    details = models.TextField(blank=True)  # what the requester asked for, in their words
    received_on = models.DateField()
    due_on = models.DateField()  # recomputed by services.due_date on every clock change
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED)
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    logged_at = models.DateTimeField(default=timezone.now)
    identity_method = models.CharField(max_length=20, choices=IdentityMethod.choices, blank=True)
    identity_checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    identity_checked_on = models.DateField(null=True, blank=True)
    extension_months = models.PositiveSmallIntegerField(default=0)
    extension_reason = models.TextField(blank=True)
    clock_stopped_on = models.DateField(null=True, blank=True)  # None: the clock runs
    stop_reason = models.CharField(max_length=20, choices=StopReason.choices, blank=True)
    days_stopped = models.PositiveIntegerField(default=0)  # stopped days already over
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    released_at = models.DateTimeField(null=True, blank=True)
    reminded_for = models.DateField(null=True, blank=True)  # the due date last reminded of
    version = models.PositiveIntegerField(default=1)

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL,
        retention=RETENTION,
        fields=(
            "requester_name",
            "requester_email",
            "staff_number",
            "details",
            "logged_by",
            "identity_checked_by",
            "reviewed_by",
            "released_by",
        ),
    )

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["due_on", "id"], name="sar_due_idx"),
            models.Index(fields=["status", "due_on"], name="sar_status_due_idx"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"SAR-{self.pk:05d}" if self.pk else "SAR (new)"

    @property
    def audit_label(self) -> str:
        # Never the requester's name: the audit log carries no personal identity.
        return self.reference

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def clock_running(self) -> bool:
        return self.clock_stopped_on is None


class Candidate(models.Model):
    """A person record the search found: the DPO confirms it is the requester, or not."""

    request = models.ForeignKey(
        SubjectAccessRequest, on_delete=models.CASCADE, related_name="candidates"
    )
    kind = models.CharField(max_length=100)  # the person record's model label
    record_id = models.PositiveBigIntegerField()
    label = models.CharField(max_length=300)
    matched_on = models.CharField(max_length=200)
    score = models.FloatField()
    confirmed = models.BooleanField(null=True)  # None: not decided yet
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL,
        retention=RETENTION,
        fields=("label", "decided_by"),
    )

    class Meta:
        ordering = ["-score", "label", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "kind", "record_id"], name="sar_candidate_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.record_id}"

    @property
    def kind_name(self) -> str:
        """The kind of record, as the DPO reads it: "Speaker (Speaker register and
        due diligence)", not "speakers.Speaker"."""
        return record_type_name(self.kind)


class Withholding(models.Model):
    """Something the DPO kept out of the export: one field of one record (a
    redaction), or a whole record under an exemption, with the reason."""

    request = models.ForeignKey(
        SubjectAccessRequest, on_delete=models.CASCADE, related_name="withholdings"
    )
    record_type = models.CharField(max_length=100)  # model label
    record_id = models.PositiveBigIntegerField()
    field_name = models.CharField(max_length=100, blank=True)  # blank: the whole record
    exemption = models.CharField(max_length=30, choices=Exemption.choices)
    reason = models.TextField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL,
        retention=RETENTION,
        fields=("reason", "created_by"),
    )

    class Meta:
        ordering = ["record_type", "record_id", "field_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "record_type", "record_id", "field_name"],
                name="sar_withheld_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.record_type} {self.record_id} {self.field_name or '(whole record)'}"

    @property
    def record_name(self) -> str:
        """The withheld record as the DPO reads it: "Speaker (Speaker register and
        due diligence) 5"."""
        return f"{record_type_name(self.record_type)} {self.record_id}"
