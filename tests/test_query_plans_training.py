"""The training lists never read a large table from end to end (QUALITY.md,
performance): EXPLAIN on PostgreSQL over more than 10,000 seeded staff, for the
staff list (first and a deeper page), the drill-down by status and the records
behind a yearly count. The dashboard aggregates every status row by design."""

from __future__ import annotations

import os
import random
from datetime import date

import pytest
from django.db import connection

from podium.accounts.demo import create_demo
from podium.accounts.models import User
from podium.core import academic_year
from podium.core.pagination import _beyond
from podium.training import selectors
from podium.training.models import StaffMember
from podium.training.seed import seed_training

pytestmark = pytest.mark.skipif(
    "postgres" not in os.environ.get("DATABASE_URL", ""),
    reason="Query plans are checked on PostgreSQL, the production database.",
)

TABLES = ("training_staffmember", "training_completion", "training_requirementstatus")


def assert_no_seq_scan(queryset) -> None:
    text = queryset.explain()
    for table in TABLES:
        assert f"Seq Scan on {table}" not in text, text


def test_training_lists_use_indexes(db):
    create_demo(password="plans-test-password")
    rng = random.Random(1)  # noqa: S311 - synthetic data
    seed_training(staff=12_000, rng=rng, progress=lambda message: None)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    assert StaffMember.objects.count() > 10_000
    trainer = User.objects.get(email="training@example.ac.uk")

    people = selectors.access.visible_staff(trainer).filter(left_on__isnull=True)
    assert_no_seq_scan(people.order_by("full_name", "pk")[:51])
    middle = people.order_by("full_name", "pk")[6000]
    deeper = people.filter(_beyond("full_name", middle.full_name, middle.pk, "gt"))
    assert_no_seq_scan(deeper.order_by("full_name", "pk")[:51])

    for status in ("overdue", "due_soon", "never"):
        rows = selectors.status_rows(user=trainer, filters=selectors.StatusFilter(status=status))
        assert_no_seq_scan(rows.order_by("staff_id", "pk")[:51])

    start, end = academic_year.bounds(2024)
    completions = selectors.Completion.objects.filter(
        selectors._completion_scope(trainer),
        completed_on__gte=start,
        completed_on__lte=end,
        course__category="induction",
    )
    assert_no_seq_scan(completions.order_by("pk")[:51])
    assert date(2024, 8, 1) == start
