"""The worker saves a signed checkpoint on a schedule, and `audit-verify` fails
when the log no longer holds the newest one: truncated or rolled back."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection

from podium.audit import tasks
from podium.audit.models import AuditEntry
from podium.audit.tests.test_chain import (
    raw,
    truncate,
    verify_output,
    without_protection,
    write_entries,
)
from podium.audit.verify import latest_checkpoint, save_checkpoint
from podium.core.scheduling import SCHEDULE, enqueue_due_jobs


@pytest.fixture
def checkpoints(settings, tmp_path):
    settings.PODIUM_AUDIT_CHECKPOINT_DIR = tmp_path
    return tmp_path


def test_the_checkpoint_is_scheduled_daily_by_default():
    (job,) = [job for job in SCHEDULE if job.name == "audit.checkpoint"]
    assert job.task is tasks.save_audit_checkpoint
    assert job.every == timedelta(hours=24)


def test_the_worker_enqueues_the_checkpoint_and_the_task_saves_a_signed_one(db, checkpoints):
    write_entries(3)
    assert "audit.checkpoint" in enqueue_due_jobs()
    name = tasks.save_audit_checkpoint.call()
    saved = json.loads((checkpoints / name).read_text())
    # Every entry so far: the three, and those of any other due job that ran with
    # the tests' immediate task backend (a retention run writes one).
    assert AuditEntry.objects.count() >= 3
    assert (saved["count"], sorted(saved)) == (
        AuditEntry.objects.count(),
        ["count", "head", "made_at", "signature"],
    )
    newest = latest_checkpoint()
    assert newest is not None
    assert newest[0] == checkpoints / name
    assert newest[1].count == saved["count"]


def test_verify_holds_the_newest_saved_checkpoint(db, checkpoints):
    write_entries(2)
    save_checkpoint()
    write_entries(1)
    newest = save_checkpoint()
    code, message = verify_output()
    assert code == 0
    assert message.startswith("The audit log is intact: 3 entries, head ")
    assert message.endswith(f", and holds the checkpoint of 3 entries ({newest.name}).\n")


def test_verify_fails_when_the_log_is_shorter_than_the_newest_checkpoint(db, checkpoints):
    write_entries(5)
    save_checkpoint()
    without_protection()
    if connection.vendor == "postgresql":
        truncate()
    else:
        raw("DELETE FROM audit_auditentry")
    code, message = verify_output()
    assert code == 1
    assert message == (
        "The audit log is NOT intact: the log: the checkpoint counted 5 entries "
        "but the log has 0: it was truncated or rolled back.\n"
    )


def test_verify_fails_when_the_newest_entries_are_removed(db, checkpoints):
    write_entries(5)
    save_checkpoint()
    without_protection()
    raw("DELETE FROM audit_auditentry WHERE sequence >= 4")
    code, message = verify_output()
    assert code == 1
    assert "the checkpoint counted 5 entries but the log has 3" in message


def test_verify_fails_on_a_log_rolled_back_and_written_again(db, checkpoints):
    write_entries(3)
    save_checkpoint()
    without_protection()
    raw("DELETE FROM audit_auditentry WHERE sequence >= 2")
    write_entries(2)  # the log is as long again, but a different history
    code, message = verify_output()
    assert code == 1
    assert "entry 3: differs from the checkpoint" in message


def test_a_checkpoint_of_an_empty_log_verifies(db, checkpoints):
    save_checkpoint()
    write_entries(2)
    assert verify_output()[0] == 0


def test_an_unsigned_saved_checkpoint_fails_verification(db, checkpoints):
    write_entries(1)
    path = save_checkpoint()
    payload = json.loads(path.read_text())
    del payload["signature"]
    forged = checkpoints / "audit-checkpoint-99991231T000000000000Z-0.json"
    forged.write_text(json.dumps(payload))
    code, message = verify_output()
    assert code == 1
    assert message == (
        "The audit log cannot be verified: the newest checkpoint "
        f"{forged.name} is not a signed checkpoint.\n"
    )


def test_the_command_saves_a_checkpoint_as_the_worker_does(db, checkpoints, capsys):
    write_entries(2)
    call_command("audit-checkpoint", "--save")
    newest = latest_checkpoint()
    assert newest is not None
    assert capsys.readouterr().out == f"Saved the audit checkpoint {newest[0]}.\n"
    assert newest[1].count == 2
