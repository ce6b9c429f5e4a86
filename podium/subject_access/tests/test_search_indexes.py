"""The subject access search's queries over people and staff can use their
PostgreSQL indexes (accounts' and training's migrations 0005): at 100,000 people a
search that reads the whole table costs seconds (docs/performance.md, "Privacy at
national scale"). With sequential and plain index scans switched off (on a test
database's few rows the planner's choice says nothing), a bitmap scan is left, which
only an index matching the query's condition can feed: each query's plan must name
its index, so a change to the SQL the finders send (or to the indexes) that stops
them matching fails here rather than at national scale."""

from __future__ import annotations

import pytest
from django.db import connection

from podium.accounts.models import User
from podium.core.subject_export import name_prefilter
from podium.training.models import StaffMember

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="PostgreSQL's indexes; SQLite has none here"
    ),
]


def plan(queryset) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
    return queryset.explain()


def test_the_finders_queries_use_their_indexes():
    names = name_prefilter("full_name", "Mohamed Al Hassan")
    assert names is not None
    # The queries as podium/accounts/subject_export.py and training's send them.
    users_by_name = User.objects.filter(names).values_list("pk", "full_name", "email")[:2000]
    assert "accounts_user_full_name_upper_trgm" in plan(users_by_name)
    users_by_email = User.objects.filter(email__iexact="A@Example.ac.uk").order_by()[:50]
    assert "accounts_user_email_upper" in plan(users_by_email)
    staff = StaffMember.objects.order_by()
    assert "training_staffmember_full_name_upper_trgm" in plan(
        staff.filter(names).only("pk", "full_name", "staff_number")[:2000]
    )
    assert "training_staffmember_staff_number_upper" in plan(
        staff.filter(staff_number__iexact="s-00042")[:50]
    )
    assert "training_staffmember_email_upper" in plan(staff.filter(email__iexact="A@b.ac.uk")[:50])
