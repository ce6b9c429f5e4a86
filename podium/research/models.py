"""The security-sensitive research register (UUK guidance) and its lookup log.

A registration records that a person is working with security-sensitive material,
where the material is held, and who approved it. It records awareness; it is not an
ethics review (`README.md`).
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models.functions import Upper
from django.utils import timezone

from podium.accounts.models import OrgUnit
from podium.core.privacy import NO_PERSONAL_DATA, Classification, PersonalData

REGISTRATION_RETENTION = "Kept while the project runs and for six years after it ends or closes."
LOOKUP_RETENTION = "Kept for two years after the lookup."


class MaterialKind(models.Model):
    """An administrator-kept list: terrorist propaganda, attack manuals, ..."""

    name = models.CharField(max_length=200, unique=True)
    is_active = models.BooleanField(default=True)

    personal_data: ClassVar[PersonalData] = NO_PERSONAL_DATA

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class StorageLocation(models.Model):
    """An administrator-kept list of approved secure locations."""

    name = models.CharField(max_length=200, unique=True)
    description = models.CharField(max_length=500, blank=True)
    is_active = models.BooleanField(default=True)

    personal_data: ClassVar[PersonalData] = NO_PERSONAL_DATA

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ResearcherKind(models.TextChoices):
    STAFF = "staff", "Staff member"
    STUDENT = "student", "Student"


class State(models.TextChoices):
    SUBMITTED = "submitted", "Awaiting approval"
    REGISTERED = "registered", "Registered"
    DECLINED = "declined", "Declined"
    CLOSED = "closed", "Closed"
    EXPIRED = "expired", "Expired"


class Registration(models.Model):
    title = models.CharField(max_length=300)
    researcher = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="research_registrations"
    )
    researcher_kind = models.CharField(max_length=16, choices=ResearcherKind.choices)
    # The staff or student number the lookup finds the person by.
    researcher_number = models.CharField(max_length=32)
    # `podium.speakers.matching.match_key` of the researcher's name, for the lookup.
    name_key = models.CharField(max_length=200, editable=False)
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="supervised_research",
    )
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    ethics_reference = models.CharField(max_length=100)
    material_kinds = models.ManyToManyField(MaterialKind, related_name="+")
    storage_location = models.ForeignKey(
        StorageLocation, on_delete=models.PROTECT, related_name="+"
    )
    storage_attested = models.BooleanField(default=False)
    starts_on = models.DateField()
    ends_on = models.DateField()
    state = models.CharField(max_length=16, choices=State.choices, default=State.SUBMITTED)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    supervisor_approved_at = models.DateTimeField(null=True, blank=True)
    declined_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decline_reason = models.TextField(blank=True)
    renewals = models.PositiveSmallIntegerField(default=0)
    # The end date the "ending soon" reminder was sent for (once per end date).
    reminded_for = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL,
        retention=REGISTRATION_RETENTION,
        fields=(
            "title",
            "researcher",
            "researcher_number",
            "name_key",
            "supervisor",
            "ethics_reference",
            "decline_reason",
        ),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["created_at", "id"], name="research_reg_keyset"),
            models.Index(fields=["name_key"], name="research_reg_name_key"),
            # The lookup by number ignores case (`researcher_number__iexact`: UPPER).
            models.Index(Upper("researcher_number"), name="research_reg_number_upper"),
            models.Index(fields=["state", "ends_on"], name="research_reg_state_end"),
            models.Index(fields=["unit", "state"], name="research_reg_unit_state"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"RR-{self.pk:05d}" if self.pk else "RR-new"

    # The audit log names a registration by its reference, never its title.
    @property
    def audit_label(self) -> str:
        return self.reference

    @property
    def needs_supervisor(self) -> bool:
        return self.researcher_kind == ResearcherKind.STUDENT

    @property
    def awaiting(self) -> list[str]:
        """Whose approval a submitted registration still waits for."""
        if self.state != State.SUBMITTED:
            return []
        waiting = []
        if self.needs_supervisor and self.supervisor_approved_at is None:
            waiting.append("supervisor")
        if self.approved_at is None:
            waiting.append("approver")
        return waiting


class LookupPurpose(models.TextChoices):
    POLICE = "police", "Enquiry from the police"
    SECURITY_SERVICES = "security_services", "Enquiry from the security services"
    INTERNAL_SECURITY = "internal_security", "Concern raised within the university"
    SAFEGUARDING = "safeguarding", "Safeguarding concern"
    OTHER = "other", "Other (explained in the reason)"


class LookupKind(models.TextChoices):
    NAME = "name", "Name"
    NUMBER = "number", "Staff or student number"


class Lookup(models.Model):
    """One rapid-response lookup: who asked, why, for whom, and what they saw."""

    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    made_at = models.DateTimeField(default=timezone.now)
    purpose = models.CharField(max_length=32, choices=LookupPurpose.choices)
    reason = models.TextField()
    kind = models.CharField(max_length=16, choices=LookupKind.choices)
    query = models.CharField(max_length=200)
    found = models.ManyToManyField(Registration, related_name="+", blank=True)

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL,
        retention=LOOKUP_RETENTION,
        fields=("made_by", "reason", "query", "found"),
    )

    class Meta:
        ordering = ["-made_at", "-pk"]
        indexes = [models.Index(fields=["made_at", "id"], name="research_lookup_keyset")]

    def __str__(self) -> str:
        return f"Lookup L-{self.pk}"
