"""The Podium-to-Podium exchange: this instance's signing keys, the partner
institutions' Podium instances (peers) and their keys, and the signed messages
sent to and received from them, with each delivery attempt.

A message's body is exactly what travels: the fields the sender ticked (the
snapshot the sharing disclosure stores), never more.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from podium.core.privacy import NO_PERSONAL_DATA, Classification, PersonalData

MESSAGE_RETENTION = (
    "Kept as long as the sharing record it belongs to (the disclosure's deletion date, "
    "or six years from the request); deleted with it."
)


class InstanceKey(models.Model):
    """A public key this instance signs with (or signed with, during a rotation's
    overlap). The private key is never in the database: it is in the key file."""

    key_id = models.CharField(max_length=64, unique=True)
    public_key = models.CharField(max_length=64)  # raw Ed25519, base64
    created_at = models.DateTimeField(default=timezone.now)
    # Set when a newer key replaces it: peers accept it until then.
    retires_at = models.DateTimeField(null=True, blank=True)

    personal_data: ClassVar[PersonalData] = NO_PERSONAL_DATA

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.key_id


class Peer(models.Model):
    """A partner institution's Podium instance, linked to its row in the sharing
    partner register."""

    name = models.CharField(max_length=200)
    base_url = models.URLField(max_length=300, unique=True)
    partner = models.ForeignKey(
        "sharing.Partner", on_delete=models.PROTECT, related_name="podium_peers"
    )
    is_active = models.BooleanField(default=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    registered_at = models.DateTimeField(default=timezone.now)

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL,
        retention="Kept while the peer is registered.",
        fields=("registered_by",),
    )

    class Meta:
        ordering = ["-registered_at", "-pk"]
        indexes = [models.Index(fields=["registered_at", "id"], name="exchange_peer_keyset")]

    def __str__(self) -> str:
        return self.name

    @property
    def audit_label(self) -> str:
        return f"Peer {self.pk}"


class PeerKey(models.Model):
    """A peer's public key. It authenticates nothing until an administrator has
    compared its fingerprint with the partner out of band and trusted it; a key
    replaced by a newer trusted one stays valid until `expires_at` (the overlap)."""

    peer = models.ForeignKey(Peer, on_delete=models.CASCADE, related_name="keys")
    key_id = models.CharField(max_length=64, unique=True)
    public_key = models.CharField(max_length=64)  # raw Ed25519, base64
    added_at = models.DateTimeField(default=timezone.now)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    trusted_at = models.DateTimeField(null=True, blank=True)
    trusted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    expires_at = models.DateTimeField(null=True, blank=True)

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL,
        retention="Kept while the peer is registered.",
        fields=("added_by", "trusted_by"),
    )

    class Meta:
        ordering = ["-added_at", "-pk"]

    def __str__(self) -> str:
        return self.key_id

    @property
    def audit_label(self) -> str:
        return f"Key {self.key_id}"


class Direction(models.TextChoices):
    OUTGOING = "outgoing", "Sent"
    INCOMING = "incoming", "Received"


class Kind(models.TextChoices):
    REQUEST = "request", "Speaker information request"
    ANSWER = "answer", "Answer"
    WITHDRAWAL = "withdrawal", "Withdrawal of a request"


class MessageState(models.TextChoices):
    AWAITING_SIGN_OFF = "awaiting_sign_off", "Waiting for the DPO's sign-off"
    QUEUED = "queued", "Queued for delivery"
    SENDING = "sending", "Being delivered"
    DELIVERED = "delivered", "Delivered"
    UNDELIVERED = "undelivered", "Undelivered"
    ACCEPTED = "accepted", "Received and accepted"


class Message(models.Model):
    """One signed message, sent or received. Idempotent by (peer, direction,
    message id): a message received again is recognised, never stored twice."""

    message_id = models.UUIDField(default=uuid.uuid4)
    direction = models.CharField(max_length=16, choices=Direction.choices)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    state = models.CharField(max_length=24, choices=MessageState.choices)
    peer = models.ForeignKey(Peer, on_delete=models.PROTECT, related_name="messages")
    in_reply_to = models.UUIDField(null=True, blank=True)
    body = models.JSONField(default=dict)
    # The sharing records it belongs to.
    request = models.ForeignKey(
        "sharing.InformationRequest",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="podium_messages",
    )
    disclosure = models.ForeignKey(
        "sharing.Disclosure",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="podium_messages",
    )
    # The signature's key id: ours when sent, the peer's when received.
    key_id = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    delivered_at = models.DateTimeField(null=True, blank=True)
    receipt = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.SPECIAL_CATEGORY,
        retention=MESSAGE_RETENTION,
        fields=("body", "created_by"),
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["created_at", "id"], name="exchange_message_keyset"),
            # The list filtered by state (?state=undelivered): without it the keyset
            # index is walked past every message of the other states.
            models.Index(
                fields=["state", "created_at", "id"], name="exchange_message_state_keyset"
            ),
            models.Index(fields=["state", "next_attempt_at"], name="exchange_message_due"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["peer", "direction", "message_id"], name="exchange_message_once"
            ),
        ]

    def __str__(self) -> str:
        return f"Message {self.message_id}"

    @property
    def audit_label(self) -> str:
        return f"M-{self.pk}"


class DeliveryAttempt(models.Model):
    """One try at delivering a message: when, and what the peer answered (its
    status and the problem's title, never the message's contents)."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attempt_log")
    at = models.DateTimeField(default=timezone.now)
    delivered = models.BooleanField(default=False)
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    outcome = models.CharField(max_length=300)

    personal_data: ClassVar[PersonalData] = NO_PERSONAL_DATA

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"Attempt at {self.at:%Y-%m-%d %H:%M}"
