"""A speaker's acknowledgement of the code of conduct for one event request.

The model belongs to events (it hangs off a request) but keeps the table it was
created with in the speaker register (`speakers_acknowledgement`): it moved here by
a state-only migration, every row kept. `podium.events.models` imports it so Django
registers it with the events app.
"""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from podium.core.privacy import Classification, PersonalData
from podium.speakers.models import CodeOfConduct, Speaker


class AcknowledgementStatus(models.TextChoices):
    PENDING = "pending", "Waiting for the speaker"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    REVOKED = "revoked", "Replaced or withdrawn"
    # The organiser gave an address that is not the speaker's on record: nothing is
    # sent until a reviewer of the request confirms it.
    AWAITING_ADDRESS = "awaiting_address", "Waiting for a reviewer to confirm the address"


# The statuses of a link that is still live or about to be: one per request and speaker.
OPEN_STATUSES = (AcknowledgementStatus.PENDING, AcknowledgementStatus.AWAITING_ADDRESS)


class Acknowledgement(models.Model):
    """A link sent to a speaker to accept the code of conduct for one request."""

    request = models.ForeignKey(
        "events.EventRequest", on_delete=models.CASCADE, related_name="acknowledgements"
    )
    speaker = models.ForeignKey(Speaker, on_delete=models.PROTECT, related_name="acknowledgements")
    email = models.EmailField()
    status = models.CharField(
        max_length=16, choices=AcknowledgementStatus.choices, default=AcknowledgementStatus.PENDING
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)
    # Who confirmed an address the organiser gave (not the one on record), and when.
    address_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    address_confirmed_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()
    responded_at = models.DateTimeField(null=True, blank=True)
    code = models.ForeignKey(
        CodeOfConduct, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL,
        retention="Kept with the event request (six years after the event).",
        fields=("email", "sent_by", "address_confirmed_by"),
    )

    class Meta:
        app_label = "events"
        db_table = "speakers_acknowledgement"
        ordering = ["request", "-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "speaker"],
                condition=Q(status__in=["pending", "awaiting_address"]),
                name="acknowledgement_one_open",
            ),
        ]

    def __str__(self) -> str:
        return f"Acknowledgement by {self.speaker_id} for {self.request_id}"
