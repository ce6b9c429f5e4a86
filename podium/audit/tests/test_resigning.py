"""After SECRET_KEY is rotated, `podium audit-resign-anchors` re-signs the anchors
once each verifies under the old key; a wrong old key changes nothing."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, transaction

from podium.audit import db as audit_db
from podium.audit import pruning
from podium.audit.models import AuditAnchor, AuditEntry
from podium.audit.tests.test_chain import raw, write_entries
from podium.audit.tests.test_pruning import EIGHT_YEARS_AGO, old_entries, prune
from podium.audit.verify import verify_chain

OLD_KEY = "old-" + "k" * 60
NEW_KEY = "new-" + "n" * 60


@pytest.fixture
def rotated(db, settings):
    """A log pruned behind two anchors under the old key, then the key rotated."""
    settings.SECRET_KEY = OLD_KEY
    old_entries(3, at=EIGHT_YEARS_AGO)
    old_entries(2, at=EIGHT_YEARS_AGO + timedelta(days=180))
    write_entries(1)
    pruning.prune(before=EIGHT_YEARS_AGO + timedelta(days=90), run="test.run:1")
    prune()
    assert AuditAnchor.objects.count() == 2 and verify_chain().intact
    settings.SECRET_KEY = NEW_KEY
    return settings


def resign_command(*args: str) -> tuple[int, str]:
    out, err = StringIO(), StringIO()
    try:
        call_command("audit-resign-anchors", *args, stdout=out, stderr=err)
    except SystemExit as exit:
        return int(exit.code or 0), out.getvalue() + err.getvalue()
    return 0, out.getvalue() + err.getvalue()


def test_after_rotation_the_anchors_fail_until_resigned_then_verify(rotated, monkeypatch):
    report = verify_chain()
    assert not report.intact and "not signed by this installation" in str(report.finding)

    monkeypatch.setenv("PODIUM_OLD_SECRET_KEY", OLD_KEY)
    code, output = resign_command()

    assert code == 0, output
    assert "Re-signed 2 audit anchor(s)" in output
    assert OLD_KEY not in output and NEW_KEY not in output
    assert verify_chain().intact
    entry = AuditEntry.objects.order_by("-sequence").first()
    assert (entry.action, entry.data) == ("audit.anchors.resigned", {"resigned": 2, "already": 0})
    assert OLD_KEY not in str(entry.data)


def test_the_old_key_may_come_from_a_file_and_a_second_run_changes_nothing(rotated, tmp_path):
    key_file = tmp_path / "old-key"
    key_file.write_text(OLD_KEY + "\n")
    assert resign_command("--old-key-file", str(key_file))[0] == 0
    entries = AuditEntry.objects.count()

    code, output = resign_command("--old-key-file", str(key_file))

    assert code == 0 and "Re-signed 0 audit anchor(s)" in output and "2 already" in output
    assert AuditEntry.objects.count() == entries  # nothing changed, nothing recorded
    assert verify_chain().intact


def test_a_wrong_old_key_is_refused_and_nothing_changes(rotated, monkeypatch):
    signatures = list(AuditAnchor.objects.values_list("signature", flat=True))
    entries = AuditEntry.objects.count()
    monkeypatch.setenv("PODIUM_OLD_SECRET_KEY", "wrong-" + "w" * 60)

    code, output = resign_command()

    assert code == 1
    first = AuditAnchor.objects.order_by("sequence").first()
    assert f"The anchor at entry {first.sequence} is not signed by the old key given" in output
    assert "wrong-" not in output
    assert list(AuditAnchor.objects.values_list("signature", flat=True)) == signatures
    assert AuditEntry.objects.count() == entries
    assert not verify_chain().intact


def test_an_altered_anchor_is_not_resigned(rotated, monkeypatch):
    """Re-signing must not launder an anchor someone changed: it is checked first."""
    if rotated.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        raw("DROP TRIGGER audit_anchor_refuse_update ON audit_auditanchor")
    else:
        raw("DROP TRIGGER audit_anchor_refuse_update")
    raw(
        "UPDATE audit_auditanchor SET pruned = 99 WHERE id = (SELECT MAX(id) FROM audit_auditanchor)"
    )
    monkeypatch.setenv("PODIUM_OLD_SECRET_KEY", OLD_KEY)
    assert resign_command()[0] == 1
    assert not verify_chain().intact


def test_no_old_key_or_the_current_key_is_refused(rotated, monkeypatch, tmp_path):
    monkeypatch.delenv("PODIUM_OLD_SECRET_KEY", raising=False)
    with pytest.raises(CommandError, match="Give the old SECRET_KEY"):
        call_command("audit-resign-anchors")
    monkeypatch.setenv("PODIUM_OLD_SECRET_KEY", NEW_KEY)
    with pytest.raises(CommandError, match="is the current SECRET_KEY"):
        call_command("audit-resign-anchors")
    with pytest.raises(CommandError, match="Cannot read the old key file"):
        call_command("audit-resign-anchors", "--old-key-file", str(tmp_path / "missing"))


def test_the_database_lets_only_a_signature_change_through(rotated):
    anchor = AuditAnchor.objects.order_by("sequence").first()
    for column, value in [
        ("pruned", "99"),
        ("sequence", "sequence + 1"),
        ("entry_hash", "'" + "b" * 64 + "'"),
        ("made_by_run", "'forged'"),
    ]:
        with pytest.raises(DatabaseError, match=audit_db.ANCHOR_REFUSAL), transaction.atomic():
            sql = f"UPDATE audit_auditanchor SET {column} = {value} WHERE id = %s"  # noqa: S608
            raw(sql, [anchor.pk])
    raw("UPDATE audit_auditanchor SET signature = 'x' WHERE id = %s", [anchor.pk])
    anchor.refresh_from_db()
    assert anchor.signature == "x"
