"""The audit log is append-only in the database and tamper-evident in its chain."""

from __future__ import annotations

import json
import threading
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from podium.audit import db as audit_db
from podium.audit.chain import GENESIS
from podium.audit.models import AuditEntry
from podium.audit.services import MASK, changes, mask, record
from podium.audit.verify import Checkpoint, make_checkpoint, read_checkpoint, verify_chain
from podium.testing import factories


def write_entries(n: int) -> list[AuditEntry]:
    entries = []
    for i in range(n):
        with transaction.atomic():
            entries.append(record(action="test.thing.happened", actor=None, data={"n": i}))
    return entries


def raw(sql: str, params: list | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])


def truncate() -> None:
    """TRUNCATE on PostgreSQL, after the test's own inserts have had their deferred
    foreign-key checks (PostgreSQL refuses to truncate a table with checks pending,
    which a separate session would never have)."""
    raw("SET CONSTRAINTS ALL IMMEDIATE")
    raw("TRUNCATE audit_auditentry")


def without_protection():
    """What someone with database access would do first: drop the triggers.
    (Inside the test's transaction, so the next test has them back.)"""
    if connection.vendor == "postgresql":
        raw(audit_db.POSTGRESQL_DROP)
        raw(audit_db.POSTGRESQL_TRUNCATE_DROP)
    else:
        for statement in audit_db.SQLITE_DROP:
            raw(statement)


def verify_output(*args: str) -> tuple[int, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("audit-verify", *args, stdout=out, stderr=err)
    except SystemExit as exit:
        return int(exit.code or 0), err.getvalue()
    return 0, out.getvalue()


# --- Writing ----------------------------------------------------------------------


def test_entries_chain_from_genesis(db):
    first, second = write_entries(2)
    assert (first.sequence, second.sequence) == (1, 2)
    assert first.previous_hash == GENESIS
    assert second.previous_hash == first.entry_hash
    assert verify_chain().intact


def test_record_must_run_inside_the_changes_transaction(transactional_db):
    with pytest.raises(RuntimeError, match="inside the transaction"):
        record(action="test.outside", actor=None)


def test_secrets_and_special_category_values_are_masked(db):
    with transaction.atomic():
        entry = record(
            action="test.masking",
            actor=None,
            data={
                "password": "hunter2",
                "nested": {"api_token": "abc", "ideology_category": "x"},
                "name": "ok",
            },
        )
    assert entry.data == {
        "password": MASK,
        "nested": {"api_token": MASK, "ideology_category": MASK},
        "name": "ok",
    }
    assert "hunter2" not in json.dumps(
        AuditEntry.objects.values_list("data", flat=True).get(pk=entry.pk)
    )


def test_changes_lists_old_and_new_values_of_changed_fields_only():
    assert changes({"a": 1, "b": 2}, {"a": 1, "b": 3}) == {"b": {"old": 2, "new": 3}}
    assert mask({"list": [{"secret": 1}]}) == {"list": [{"secret": MASK}]}


# --- The database refuses changes ---------------------------------------------------


def test_the_database_refuses_to_edit_an_entry(db):
    (entry,) = write_entries(1)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw("UPDATE audit_auditentry SET action = 'edited' WHERE id = %s", [entry.pk])


def test_the_database_refuses_to_delete_an_entry(db):
    (entry,) = write_entries(1)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        raw("DELETE FROM audit_auditentry WHERE id = %s", [entry.pk])


def test_the_orm_cannot_edit_or_delete_either(db):
    (entry,) = write_entries(1)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(action="edited")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()


def test_the_database_refuses_to_truncate_the_log(db):
    if connection.vendor != "postgresql":
        pytest.skip("TRUNCATE needs PostgreSQL; SQLite has only DELETE, refused above.")
    write_entries(2)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        truncate()
    assert AuditEntry.objects.count() == 2
    assert verify_output()[0] == 0


# --- Verification finds what was done around the triggers ----------------------------


def test_verify_finds_an_edited_entry(db):
    entries = write_entries(5)
    without_protection()
    raw("UPDATE audit_auditentry SET data = %s WHERE id = %s", ['{"n": 99}', entries[2].pk])
    code, message = verify_output()
    assert code == 1
    assert "entry 3: its contents were changed after it was written" in message


def test_verify_finds_a_deleted_entry(db):
    entries = write_entries(5)
    without_protection()
    raw("DELETE FROM audit_auditentry WHERE id = %s", [entries[1].pk])
    code, message = verify_output()
    assert code == 1
    assert "entry 3: expected entry 2 next, found 3: entries are missing" in message


def test_verify_finds_an_inserted_entry(db):
    entries = write_entries(3)
    without_protection()
    forged = entries[1]
    raw(
        "INSERT INTO audit_auditentry (sequence, created_at, actor_label, action, target_type, target_id,"
        " target_label, data, previous_hash, entry_hash) VALUES (%s, %s, '', 'forged', '', '', '', '{}', %s, %s)",
        [4, forged.created_at, entries[2].entry_hash, "f" * 64],
    )
    code, message = verify_output()
    assert code == 1
    assert "entry 4: its contents were changed after it was written" in message


def test_verify_finds_reordered_entries(db):
    entries = write_entries(4)
    without_protection()
    a, b = entries[1], entries[2]
    raw("UPDATE audit_auditentry SET sequence = 1000 WHERE id = %s", [a.pk])
    raw("UPDATE audit_auditentry SET sequence = 2 WHERE id = %s", [b.pk])
    raw("UPDATE audit_auditentry SET sequence = 3 WHERE id = %s", [a.pk])
    code, message = verify_output()
    assert code == 1
    assert "entry 2: does not follow the entry before it" in message


def test_verify_finds_truncation_against_a_checkpoint(db, tmp_path):
    entries = write_entries(5)
    checkpoint_file = tmp_path / "checkpoint.json"
    out = StringIO()
    call_command("audit-checkpoint", "--sign", stdout=out)
    checkpoint_file.write_text(out.getvalue())
    assert verify_output("--checkpoint", str(checkpoint_file))[0] == 0
    without_protection()
    raw("DELETE FROM audit_auditentry WHERE sequence >= 4")
    assert verify_chain().intact  # the chain alone cannot tell...
    code, message = verify_output("--checkpoint", str(checkpoint_file))  # ...the checkpoint can
    assert code == 1
    assert "the checkpoint counted 5 entries but the log has 3: it was truncated" in message
    assert entries


def test_a_forged_checkpoint_signature_is_refused(db):
    write_entries(2)
    payload = make_checkpoint(sign=True)
    payload["count"] = 1
    with pytest.raises(ValueError, match="signature is not valid"):
        read_checkpoint(payload)


def test_an_intact_log_verifies_and_says_so(db):
    write_entries(3)
    code, message = verify_output()
    assert code == 0
    assert message.startswith("The audit log is intact: 3 entries, head ")


def test_a_checkpoint_of_a_different_history_is_reported(db):
    write_entries(3)
    report = verify_chain(checkpoint=Checkpoint(count=2, head="0" * 64))
    assert str(report.finding) == "entry 2: differs from the checkpoint"


# --- Concurrency --------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_appends_keep_one_chain():
    if connection.vendor != "postgresql":
        pytest.skip("Concurrent writers need PostgreSQL; SQLite serialises them by design.")
    barrier = threading.Barrier(20)
    errors: list[BaseException] = []

    def append(n: int) -> None:
        try:
            barrier.wait()
            with transaction.atomic():
                record(action="test.concurrent", actor=None, data={"n": n})
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=append, args=(n,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert AuditEntry.objects.count() == 20
    assert verify_chain().intact


def test_a_rolled_back_change_leaves_no_entry(db):
    person = factories.make_user()
    before = AuditEntry.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        record(action="test.rolled_back", actor=person)
        raise RuntimeError
    assert AuditEntry.objects.count() == before


def test_bulk_entries_may_be_dated_back_only_onto_the_end_of_the_log(db):
    from datetime import timedelta

    from django.utils import timezone

    from podium.audit.services import bulk_record

    earlier = timezone.now() - timedelta(days=3000)
    with transaction.atomic():
        bulk_record(entries=[{"action": "test.thing.happened", "actor": None}], written_at=earlier)
    assert AuditEntry.objects.get().created_at == earlier
    for refused in (earlier - timedelta(days=1), timezone.now() + timedelta(days=1)):
        with pytest.raises(ValueError, match="dated only between"), transaction.atomic():
            bulk_record(
                entries=[{"action": "test.thing.happened", "actor": None}], written_at=refused
            )
    assert verify_chain().intact
