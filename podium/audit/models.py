"""The audit log: append-only, hash-chained entries, one per state change."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models

from podium.core.privacy import NO_PERSONAL_DATA, Classification, PersonalData, Schedule


class AuditEntry(models.Model):
    """Who did what to which record, when, with the old and new values.

    `sequence` counts entries from 1 with no gaps; `entry_hash` is SHA-256 over
    the previous entry's hash and this entry's canonical JSON (see `chain.py`).
    The database refuses UPDATE and DELETE on this table (triggers created by
    migration 0002; DELETE only behind an anchor, migration 0004);
    `podium audit-verify` detects any change made around them.
    """

    sequence = models.PositiveBigIntegerField(unique=True)
    created_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=True,
    )
    # Snapshots, so the entry reads the same after the person or record changes.
    actor_label = models.CharField(max_length=254, blank=True)
    action = models.CharField(max_length=100)
    target_type = models.CharField(max_length=100, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_label = models.CharField(max_length=300, blank=True)
    unit = models.ForeignKey(
        "accounts.OrgUnit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    data = models.JSONField(default=dict, blank=True)
    previous_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64, unique=True)

    personal_data: ClassVar[PersonalData] = PersonalData(
        classification=Classification.PERSONAL,
        retention=(
            "Kept for seven years, the longest retention of the records it describes; "
            "secrets and special-category values are never written to it. The oldest "
            "entries are then pruned behind a signed anchor (AuditAnchor), never edited."
        ),
        fields=("actor", "actor_label", "target_label", "data"),
        # Applied by the retention job through `pruning.prune()`, oldest first.
        schedule=Schedule(months=84, runs_from="created_at"),
    )

    class Meta:
        ordering = ["-sequence"]
        verbose_name_plural = "audit entries"
        indexes = [
            models.Index(fields=["target_type", "target_id", "sequence"], name="audit_by_target"),
            models.Index(fields=["actor", "sequence"], name="audit_by_actor"),
            models.Index(fields=["action", "sequence"], name="audit_by_action"),
            models.Index(fields=["unit", "sequence"], name="audit_by_unit"),
            models.Index(fields=["created_at"], name="audit_by_time"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sequence__gte=1), name="audit_sequence_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action} {self.target_label}".strip()


class AuditAnchor(models.Model):
    """Where verification starts once the oldest entries are pruned.

    When the log's own retention ends (seven years by default: the retention
    schedule's rule for audit entries), the oldest entries are deleted behind an
    anchor: the sequence number and hash of the last entry pruned, how many the
    anchor covers, the cut-off they were older than, when and by which run, and an
    HMAC over those values made with this installation's `SECRET_KEY`
    (`pruning.py`). The database lets DELETE through only for entries at or below
    the newest anchor's sequence (migration 0004) and refuses UPDATE and DELETE
    on anchors; `verify_chain()` checks the signatures and that the first entry
    kept chains from the newest anchor's hash.
    """

    sequence = models.PositiveBigIntegerField(unique=True)
    entry_hash = models.CharField(max_length=64)
    pruned = models.PositiveBigIntegerField()  # entries this anchor covers beyond the one before
    pruned_before = models.DateTimeField()  # they were all written before this moment
    made_at = models.DateTimeField()
    made_by_run = models.CharField(max_length=100)  # "privacy.retentionrun:12", by type and id
    signature = models.CharField(max_length=128)

    personal_data: ClassVar[PersonalData] = NO_PERSONAL_DATA

    class Meta:
        ordering = ["-sequence"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(sequence__gte=1), name="audit_anchor_sequence_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"Audit anchor at entry {self.sequence}"
