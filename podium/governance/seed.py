"""Bulk Prevent actions for `podium seed --governance-actions N` (`make bench`):
a signed version with ten risks if there is none, then N actions spread over
them, a quarter overdue."""

from __future__ import annotations

from datetime import timedelta

from django.core.management.base import CommandParser
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from podium.accounts.models import User
from podium.core.registry import SeedRun
from podium.governance.models import (
    ActionCategory,
    ActionItem,
    ActionStatus,
    AssessmentVersion,
    Risk,
    RiskEntry,
    RiskTopic,
    VersionStatus,
)

CHUNK = 5_000


def add_seed_arguments(parser: CommandParser) -> None:
    parser.add_argument(
        "--governance-actions",
        type=int,
        default=0,
        help="Prevent action plan items to add (default 0).",
    )


@transaction.atomic
def _risks(owner: User) -> list[Risk]:
    if not Risk.objects.exists():
        number = (AssessmentVersion.objects.aggregate(n=Max("number"))["n"] or 0) + 1
        version = AssessmentVersion.objects.create(number=number, prepared_by=owner)
        topics = list(RiskTopic.objects.all())
        for n in range(1, 11):
            RiskEntry.objects.create(
                version=version,
                risk=Risk.objects.create(reference=n),
                topic=topics[n % len(topics)],
                description=f"Seeded risk {n}",
                likelihood=3,
                severity=3,
                residual_likelihood=2,
                residual_severity=2,
                owner=owner,
            )
        AssessmentVersion.objects.filter(pk=version.pk).update(
            status=VersionStatus.SIGNED,
            signed_by=owner,
            signer_name=owner.full_name,
            signed_on=timezone.localdate(),
            minute_reference="Seed",
            signed_at=timezone.now(),
        )
    return list(Risk.objects.all())


def seed_step(run: SeedRun) -> None:
    count = int(run.options.get("governance_actions") or 0)
    if count <= 0:
        return
    owners = list(User.objects.filter(is_active=True).order_by("pk")[:200])
    if not owners:
        return
    risks = _risks(owners[0])
    today = timezone.localdate()
    categories = ActionCategory.values
    statuses = ActionStatus.values
    for start in range(0, count, CHUNK):
        ActionItem.objects.bulk_create(
            ActionItem(
                risk=run.rng.choice(risks),
                category=run.rng.choice(categories),
                action=f"Seeded action {n}",
                owner=run.rng.choice(owners),
                deadline=today + timedelta(days=run.rng.randint(-120, 360)),
                status=run.rng.choice(statuses),
            )
            for n in range(start, min(start + CHUNK, count))
        )
    run.write(f"{count} Prevent actions")
