"""The resources library: the policies, guidance and contacts an officer needs at
the moment of work.

A `Resource` is a document (versioned PDF uploads: `DocumentVersion`, the newest is
current, older ones are kept), a link or a contact. Each is tagged with the places
it appears (`ResourcePlace`, keys from `Place`) and read by everyone signed in or by
the roles named (`ResourceRole`); a public one is readable without signing in.
Retiring keeps the row.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from podium.accounts.roles import Role
from podium.core.files import private_storage
from podium.core.privacy import (
    NO_PERSONAL_DATA,
    Classification,
    PersonalData,
    RetentionAction,
    Schedule,
)


class Place(models.TextChoices):
    """Where a resource can appear: each key is shown by the page of that name
    (`{% resources_for "events.decision" %}`)."""

    EVENT_DECISION = "events.decision", "Deciding an event request"
    CONCERN_SHARE = "concerns.share", "Sharing a concern"
    SHARING = "sharing", "Information sharing with partners"
    TRAINING = "training", "Staff Prevent training"


class Kind(models.TextChoices):
    DOCUMENT = "document", "Document"
    LINK = "link", "Link"
    CONTACT = "contact", "Contact"


class Resource(models.Model):
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # For a contact: the person's or the office's name.
    title = models.CharField(max_length=200)
    description = models.TextField(max_length=2000, blank=True)
    url = models.CharField(max_length=500, blank=True)  # a link's address
    organisation = models.CharField(max_length=200, blank=True)
    contact_role = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=50, blank=True)
    email = models.EmailField(blank=True)
    notes = models.TextField(max_length=2000, blank=True)
    for_everyone = models.BooleanField(default=True)  # False: only the roles in `roles`
    is_public = models.BooleanField(default=False)  # readable without signing in
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    retired_at = models.DateTimeField(null=True, blank=True)
    retired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    # A contact may name a person at a partner (a regional Prevent co-ordinator):
    # work details only, blanked a year after the contact is retired.
    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL,
        retention=(
            "Kept while in use; a retired contact's telephone, e-mail and notes are "
            "blanked 12 months after it was retired."
        ),
        fields=("title", "phone", "email", "notes", "created_by", "retired_by"),
        schedule=Schedule(
            months=12,
            runs_from="retired_at",
            action=RetentionAction.ANONYMISE,
            anonymise=("phone", "email", "notes"),
        ),
    )

    class Meta:
        ordering = ["title", "pk"]
        indexes = [models.Index(fields=["title", "id"], name="resources_title")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="link") | ~Q(url=""), name="resources_link_has_url"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def audit_label(self) -> str:
        """The audit log names the resource, not the contact's name (a contact's title
        is a person's): docs/decisions/0003-erasure-and-the-audit-chain.md."""
        return f"{self.get_kind_display()} {self.pk}"

    @property
    def is_retired(self) -> bool:
        return self.retired_at is not None


class ResourcePlace(models.Model):
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="places")
    place = models.CharField(max_length=40, choices=Place.choices)

    personal_data: ClassVar[PersonalData] = NO_PERSONAL_DATA

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["place", "resource"], name="resources_one_place_tag")
        ]

    def __str__(self) -> str:
        return f"{self.resource} at {self.get_place_display()}"


class ResourceRole(models.Model):
    resource = models.ForeignKey(Resource, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(max_length=40, choices=Role.choices)

    personal_data: ClassVar[PersonalData] = NO_PERSONAL_DATA

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["role", "resource"], name="resources_one_role_tag")
        ]

    def __str__(self) -> str:
        return f"{self.resource} for {self.get_role_display()}"


class DocumentVersion(models.Model):
    """One uploaded version of a document; the highest number is current. Never
    changed or deleted: a new upload adds a version."""

    resource = models.ForeignKey(Resource, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    file = models.FileField(storage=private_storage, upload_to="resources/")
    file_name = models.CharField(max_length=200)  # the uploader's name, offered on download
    size = models.PositiveIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL,
        retention="Kept with the document: who uploaded each version is its history.",
        fields=("uploaded_by",),
    )

    class Meta:
        ordering = ["resource", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["resource", "number"], name="resources_one_version_number"
            )
        ]

    def __str__(self) -> str:
        return f"{self.resource}, version {self.number}"
