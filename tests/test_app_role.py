"""Podium works under a database role that does not own the audit table, granted
exactly what docs/deployment.md says; under it the audit log can be read and
appended to, never changed, emptied or unprotected (PostgreSQL)."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from podium.accounts.models import OrgUnit, UnitKind
from podium.audit import pruning
from podium.audit.models import AuditEntry
from podium.audit.tests.test_chain import write_entries
from podium.testing.personas import client_for

GUIDE = Path(__file__).resolve().parent.parent / "docs" / "deployment.md"


def documented_grants() -> list[str]:
    """The SQL block of the deployment guide that sets up the app's role."""
    (block,) = [
        block
        for block in re.findall(r"```sql\n(.*?)```", GUIDE.read_text(), re.S)
        if "ON audit_auditentry" in block
    ]
    statements = re.sub(r"--[^\n]*", "", block).split(";")
    return [statement.strip() for statement in statements if statement.strip()]


def sql(statement: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement)


@pytest.fixture
def as_app_role(db):
    """The rest of the test runs as a role set up by the guide's statements (inside
    the test's transaction: the role and grants vanish with it)."""
    if connection.vendor != "postgresql":
        pytest.skip("Database roles need PostgreSQL; SQLite has no roles or grants.")
    role = f"podium_app_{uuid.uuid4().hex[:8]}"
    for statement in documented_grants():
        sql(statement.replace("podium_app", role))
    sql(f"SET LOCAL ROLE {role}")
    return role


def refused(statement: str, message: str) -> None:
    with pytest.raises(DatabaseError, match=message), transaction.atomic():
        sql(statement)


def test_the_app_records_changes_under_a_role_that_does_not_own_the_audit_table(
    personas, faculty, as_app_role
):
    before = AuditEntry.objects.count()
    client = client_for(personas.admin)  # signing in is recorded too
    response = client.post(
        reverse("accounts:unit-create"),
        {"name": "Department of Music", "kind": UnitKind.DEPARTMENT, "parent": faculty.pk},
    )
    assert response.status_code == 302
    unit = OrgUnit.objects.get(name="Department of Music")
    new = AuditEntry.objects.filter(sequence__gt=before).order_by("sequence")
    assert [(entry.action, entry.target_id) for entry in new] == [
        ("accounts.session.signed_in", str(personas.admin.pk)),
        ("accounts.unit.created", str(unit.pk)),
    ]
    call_command("audit-verify", verbosity=0)


def test_the_app_role_cannot_change_empty_or_unprotect_the_audit_log(personas, as_app_role):
    denied = "permission denied for table audit_auditentry"
    refused("UPDATE audit_auditentry SET action = 'edited'", denied)
    # DELETE is granted for the log's own retention; the trigger refuses any entry
    # no anchor covers (podium/audit/pruning.py).
    refused("DELETE FROM audit_auditentry", "audit entries are append-only")
    refused("TRUNCATE audit_auditentry", denied)
    anchors_denied = "permission denied for table audit_auditanchor"
    refused("UPDATE audit_auditanchor SET pruned = 1", anchors_denied)
    refused("DELETE FROM audit_auditanchor", anchors_denied)
    refused("TRUNCATE audit_auditanchor", anchors_denied)
    not_owner = "must be owner of (table|relation) audit_auditentry"
    refused("ALTER TABLE audit_auditentry DISABLE TRIGGER ALL", not_owner)
    refused("DROP TRIGGER audit_refuse_delete ON audit_auditentry", not_owner)
    assert AuditEntry.objects.exists()


def test_the_app_role_prunes_the_log_behind_an_anchor_and_it_verifies(db, settings, as_app_role):
    settings.PODIUM_AUDIT_CHECK_CODES = False  # write_entries' code is made up
    now = datetime.now(UTC)
    with time_machine.travel(now - timedelta(days=365 * 8)):
        write_entries(3)
    write_entries(1)
    counts = pruning.prune(before=now - timedelta(days=365 * 7), run="test.run:1")
    assert counts["done"] >= 3
    call_command("audit-verify", verbosity=0)
