"""The log's own retention: its oldest entries are pruned behind a signed anchor,
the database lets only those deletions through, and verification starts from the
anchor."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import DatabaseError, connection, transaction

from podium.audit import db as audit_db
from podium.audit import pruning
from podium.audit.models import AuditAnchor, AuditEntry
from podium.audit.tests.test_chain import raw, verify_output, write_entries
from podium.audit.verify import read_checkpoint, verify_chain

EIGHT_YEARS_AGO = datetime.now(UTC) - timedelta(days=365 * 8)
SEVEN_YEARS_AGO = datetime.now(UTC) - timedelta(days=365 * 7)


def old_entries(n: int, *, at: datetime = EIGHT_YEARS_AGO) -> list[AuditEntry]:
    with time_machine.travel(at, tick=True):
        return write_entries(n)


def prune(**kwargs) -> dict[str, int]:
    return pruning.prune(before=SEVEN_YEARS_AGO, run="test.run:1", **kwargs)


def refused(sql: str, message: str, params: list | None = None) -> None:
    with pytest.raises(DatabaseError, match=message), transaction.atomic():
        raw(sql, params)


def anchor_triggers_dropped() -> None:
    """Someone with database access removes the anchors' protection (inside the
    test's transaction, so the next test has it back)."""
    if connection.vendor == "postgresql":
        raw("DROP TRIGGER audit_anchor_refuse_update ON audit_auditanchor")
    else:
        raw("DROP TRIGGER audit_anchor_refuse_update")


# --- Pruning ----------------------------------------------------------------------------


def test_pruning_removes_exactly_the_entries_older_than_the_retention(db):
    old = old_entries(5)
    young = old_entries(2, at=SEVEN_YEARS_AGO + timedelta(days=30))
    recent = write_entries(2)

    counts = prune(batch=2)  # three batches

    assert counts == {"due": 5, "held": 0, "done": 5}
    remaining = set(AuditEntry.objects.values_list("sequence", flat=True))
    assert not remaining & {e.sequence for e in old}
    assert {e.sequence for e in young + recent} <= remaining
    anchor = AuditAnchor.objects.get()
    assert (anchor.sequence, anchor.entry_hash, anchor.pruned) == (
        old[-1].sequence,
        old[-1].entry_hash,
        5,
    )
    assert (anchor.made_by_run, anchor.pruned_before) == ("test.run:1", SEVEN_YEARS_AGO)
    report = verify_chain()
    assert report.intact and report.anchor == anchor


def test_the_pruning_is_audited_with_counts_only(db):
    old_entries(3)
    write_entries(1)
    prune()
    entry = AuditEntry.objects.get(action="audit.log.pruned")
    anchor = AuditAnchor.objects.get()
    assert entry.data == {"pruned": 3, "through_sequence": anchor.sequence}
    assert (entry.actor_id, entry.target_type, entry.target_label) == (
        None,
        "audit.auditanchor",
        f"Audit anchor at entry {anchor.sequence}",
    )


def test_a_second_run_prunes_nothing_and_makes_no_anchor(db):
    old_entries(3)
    write_entries(1)
    prune()
    assert prune() == {"due": 0, "held": 0, "done": 0}
    assert AuditAnchor.objects.count() == 1


def test_the_newest_entry_is_never_pruned_so_the_chain_continues(db):
    old = old_entries(3)
    assert pruning.count(before=SEVEN_YEARS_AGO) == {"due": 3, "held": 1, "done": 0}
    assert prune()["done"] == 2
    assert AuditEntry.objects.filter(sequence=old[-1].sequence).exists()
    assert verify_chain().intact


def test_a_held_entry_and_everything_after_it_stay(db):
    old = old_entries(5)
    counts = prune(held=[old[2].pk])
    assert counts == {"due": 5, "held": 3, "done": 2}
    assert list(
        AuditEntry.objects.filter(sequence__lte=old[-1].sequence)
        .values_list("sequence", flat=True)
        .order_by("sequence")
    ) == [e.sequence for e in old[2:]]
    assert verify_chain().intact


def test_the_chain_after_pruning_and_new_entries_still_verifies(db, tmp_path):
    old_entries(4)
    write_entries(1)
    prune()
    write_entries(3)
    prune()  # nothing more is due
    code, output = verify_output()
    assert code == 0, output
    anchor = AuditAnchor.objects.get()
    assert f"The entries up to {anchor.sequence} were pruned on" in output
    assert "verification started from it" in output


def test_a_checkpoint_from_before_the_pruning_still_verifies(db):
    old_entries(3)
    write_entries(2)
    head = AuditEntry.objects.order_by("-sequence").first()
    checkpoint = read_checkpoint({"count": head.sequence, "head": head.entry_hash})
    early = read_checkpoint({"count": 2, "head": "a" * 64})  # before the anchor: not comparable
    prune()
    assert verify_chain(checkpoint=checkpoint).intact
    assert verify_chain(checkpoint=early).intact


def test_an_interrupted_run_finishes_its_deletions_next_time(db, monkeypatch):
    old = old_entries(4)
    write_entries(1)
    # As if the run stopped after writing its anchor: the anchor, no deletions yet.
    monkeypatch.setattr(AuditEntry.objects, "aggregate", lambda **kw: {"first": None})
    prune()
    monkeypatch.undo()
    assert AuditEntry.objects.filter(sequence__lte=old[-1].sequence).count() == 4
    assert verify_chain().intact  # checked from the anchor, the rest waiting to go
    assert prune()["done"] == 4
    assert not AuditEntry.objects.filter(sequence__lte=old[-1].sequence).exists()


# --- The database ----------------------------------------------------------------------


def test_an_entry_no_anchor_covers_cannot_be_deleted(db):
    old = old_entries(3)
    refused("DELETE FROM audit_auditentry WHERE sequence = %s", audit_db.REFUSAL, [old[0].sequence])
    prune()
    kept = AuditEntry.objects.order_by("sequence").first()
    refused("DELETE FROM audit_auditentry WHERE sequence = %s", audit_db.REFUSAL, [kept.sequence])
    refused("DELETE FROM audit_auditentry", audit_db.REFUSAL)
    with pytest.raises(DatabaseError, match=audit_db.REFUSAL), transaction.atomic():
        AuditEntry.objects.filter(pk=kept.pk).delete()


def test_entries_and_anchors_still_refuse_update_and_anchors_refuse_delete(db):
    old_entries(3)
    prune()
    kept = AuditEntry.objects.order_by("sequence").first()
    refused(
        "UPDATE audit_auditentry SET action = 'edited' WHERE sequence = %s",
        audit_db.REFUSAL,
        [kept.sequence],
    )
    refused("UPDATE audit_auditanchor SET pruned = 1", audit_db.ANCHOR_REFUSAL)
    refused("DELETE FROM audit_auditanchor", audit_db.ANCHOR_REFUSAL)
    if connection.vendor == "postgresql":
        raw("SET CONSTRAINTS ALL IMMEDIATE")
        refused("TRUNCATE audit_auditanchor", audit_db.ANCHOR_REFUSAL)
        refused("TRUNCATE audit_auditentry", audit_db.REFUSAL)


# --- Verification from the anchor ------------------------------------------------------


def test_an_altered_anchor_fails_verification(db):
    old_entries(3)
    prune()
    anchor_triggers_dropped()
    raw("UPDATE audit_auditanchor SET pruned = 99")
    report = verify_chain()
    anchor = AuditAnchor.objects.get()
    assert str(report.finding) == (
        f"entry {anchor.sequence}: its anchor is not signed by this installation: "
        "it was forged or altered after it was made"
    )
    code, output = verify_output()
    assert code == 1 and "The audit log is NOT intact" in output


def test_a_forged_anchor_cannot_cover_deleting_recent_entries(db):
    write_entries(4)
    entry = AuditEntry.objects.order_by("sequence")[2]
    # Anyone may INSERT an anchor; without this installation's key it cannot be signed.
    forged = AuditAnchor.objects.create(
        sequence=entry.sequence,
        entry_hash=entry.entry_hash,
        pruned=entry.sequence,
        pruned_before=datetime.now(UTC),
        made_at=datetime.now(UTC),
        made_by_run="forged",
        signature="0" * 43,
    )
    raw("DELETE FROM audit_auditentry WHERE sequence <= %s", [forged.sequence])
    assert not verify_chain().intact
    assert "not signed by this installation" in str(verify_chain().finding)


def test_an_anchor_the_kept_entries_do_not_chain_from_fails(db):
    old_entries(3)
    write_entries(2)
    prune()
    anchor_triggers_dropped()
    anchor = AuditAnchor.objects.get()
    # Re-signed with the key (someone who has it), but pointing at another hash.
    raw("UPDATE audit_auditanchor SET entry_hash = %s", ["b" * 64])
    anchor.refresh_from_db()
    raw("UPDATE audit_auditanchor SET signature = %s", [pruning.signature_of(anchor)])
    report = verify_chain()
    assert str(report.finding) == (
        f"entry {anchor.sequence + 1}: does not chain from the anchor's hash"
    )
