"""No list filter or sort reads a big table from end to end (QUALITY.md,
performance): EXPLAIN on PostgreSQL with more than 10,000 rows. One test, because
seeding the rows is most of its cost."""

from __future__ import annotations

import os
import random
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from podium.accounts.audit_log import selectors as audit_selectors
from podium.accounts.demo import create_demo
from podium.accounts.models import OrgUnit, RoleAssignment, User
from podium.accounts.seed import seed_people
from podium.accounts.selectors import deciding_grants_since
from podium.audit.models import AuditEntry
from podium.core.pagination import _beyond

pytestmark = pytest.mark.skipif(
    "postgres" not in os.environ.get("DATABASE_URL", ""),
    reason="Query plans are checked on PostgreSQL, the production database.",
)


def assert_no_seq_scan(queryset, table: str) -> None:
    text = queryset.explain()
    assert f"Seq Scan on {table}" not in text, text


def test_list_pages_and_filters_use_indexes(db):
    create_demo(password="plans-test-password")
    seed_people(scale=10_500, root=OrgUnit.objects.get(parent=None), rng=random.Random(1))  # noqa: S311 - synthetic data
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    assert User.objects.count() > 10_000
    assert AuditEntry.objects.count() > 10_000
    admin = User.objects.get(email="admin@example.ac.uk")

    # People: first page, and a page deep in the list.
    assert_no_seq_scan(User.objects.order_by("full_name", "pk")[:51], "accounts_user")
    middle = User.objects.order_by("full_name", "pk")[5000]
    deep = User.objects.filter(_beyond("full_name", middle.full_name, middle.pk, "gt"))
    assert_no_seq_scan(deep.order_by("full_name", "pk")[:51], "accounts_user")

    # The audit log: newest, oldest pages, and each filter.
    entries = audit_selectors.visible_entries(viewer=admin)
    newest_first = ["-sequence", "-pk"]
    assert_no_seq_scan(entries.order_by(*newest_first)[:51], "audit_auditentry")
    old = AuditEntry.objects.order_by("sequence")[60]
    oldest = entries.filter(_beyond("sequence", old.sequence, old.pk, "lt"))
    assert_no_seq_scan(oldest.order_by(*newest_first)[:51], "audit_auditentry")
    for filtered in (
        entries.filter(action__startswith="accounts.role"),
        entries.filter(actor__email="admin@example.ac.uk"),
        entries.filter(target_type="accounts.user", target_id=str(admin.pk)),
    ):
        assert_no_seq_scan(filtered.order_by(*newest_first)[:51], "audit_auditentry")

    # The people list's recent grants of deciding roles: every seeded person holds an
    # organiser role granted today, so only the (role, granted_at) index keeps this
    # from reading them all.
    assert RoleAssignment.objects.count() > 10_000
    since = timezone.now() - timedelta(days=30)
    assert_no_seq_scan(deciding_grants_since(since)[:50], "accounts_roleassignment")
