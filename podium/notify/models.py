"""The in-app inbox: a copy of each e-mail Podium sends to a person who signs in.

Only `podium.notify.services` writes messages (`notify`, `mark_read`)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone

from podium.core.privacy import Classification, PersonalData, Schedule


class Message(models.Model):
    """A copy of one e-mail to one person, with an optional link to the page it is
    about (a path on this site, e.g. the request's page, and the words to show)."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="messages"
    )
    subject = models.CharField(max_length=200)
    body = models.TextField()
    link = models.CharField(max_length=200, blank=True)
    link_label = models.CharField(max_length=200, blank=True)
    sent_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL,
        retention="Deleted two years after it was sent.",
        fields=("recipient", "subject", "body"),
        schedule=Schedule(
            months=24, runs_from="sent_at", held_through=(("accounts.user", "recipient_id"),)
        ),
    )

    class Meta:
        ordering = ["-sent_at", "-id"]
        indexes = [
            models.Index(fields=["recipient", "-sent_at", "-id"], name="message_inbox_idx"),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def audit_label(self) -> str:
        """A message's subject may name a person: the log names the message by number
        (docs/decisions/0003-erasure-and-the-audit-chain.md)."""
        return f"Message {self.pk}"
