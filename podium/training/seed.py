"""Bulk staff and ten years of completions for `podium seed --staff N`, written
with bulk inserts in chunks, then the derived status table rebuilt once.

Staff are synthetic (`S0000001`, "Staff member 0000001"), spread over every unit
and staff group; about 8% have left, about 7% were never trained. Each trained
person renewed Prevent awareness roughly every two years since starting (some
late, some early), security and student support staff also took the
institution's yearly refresher, and a share took Channel awareness: about five
completions a person over ten years.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import timedelta

from django.core.management.base import CommandParser
from django.db import transaction
from django.utils import timezone

from podium.accounts.models import OrgUnit, UnitKind
from podium.core.registry import SeedRun
from podium.training.demo import create_training_demo
from podium.training.models import Completion, Course, Source, StaffGroup, StaffMember
from podium.training.services import refresh_status

CHUNK = 10_000
YEARS = 10


def seed_training(
    *, staff: int, rng: random.Random, progress: Callable[[str], object] = print
) -> tuple[int, int]:
    """Add `staff` staff members and their completions. Returns (staff, completions)."""
    if not Course.objects.filter(code="HO-PREVENT-AWARE").exists():
        create_training_demo()
    courses = {c.code: c for c in Course.objects.all()}
    awareness, refresher, channel = (
        courses["HO-PREVENT-AWARE"],
        courses["EX-REFRESHER"],
        courses["HO-CHANNEL"],
    )
    groups = list(StaffGroup.objects.all())
    yearly = {g.pk for g in groups if g.name in ("Security", "Student support")}
    units = list(
        OrgUnit.objects.filter(is_active=True)
        .exclude(kind=UnitKind.SOCIETY)
        .values_list("pk", flat=True)
    )
    today = timezone.localdate()
    first = StaffMember.objects.filter(staff_number__startswith="S").count() + 1
    created = completions = 0
    for start in range(first, first + staff, CHUNK):
        numbers = range(start, min(start + CHUNK, first + staff))
        people = []
        for n in numbers:
            started = today - timedelta(days=rng.randint(0, 15 * 365))
            left = (
                started + timedelta(days=rng.randint(30, max(31, (today - started).days)))
                if rng.random() < 0.08
                else None
            )
            people.append(
                StaffMember(
                    staff_number=f"S{n:07d}",
                    full_name=f"Staff member {n:07d}",
                    email=f"s{n:07d}@staff.example.ac.uk",
                    unit_id=rng.choice(units),
                    group=rng.choice(groups),
                    started_on=started,
                    left_on=left if left and left <= today else None,
                )
            )
        with transaction.atomic():
            StaffMember.objects.bulk_create(people, batch_size=CHUNK)
            saved = list(
                StaffMember.objects.filter(staff_number__in=[p.staff_number for p in people])
            )
            rows = []
            for person in saved:
                if rng.random() < 0.07:
                    continue  # never trained
                end = person.left_on or today
                day = max(person.started_on, today - timedelta(days=YEARS * 365)) + timedelta(
                    days=rng.randint(0, 60)
                )
                while day <= end:
                    rows.append(Completion(staff=person, course=awareness, completed_on=day))
                    if person.group_id in yearly and rng.random() < 0.8:
                        later = day + timedelta(days=rng.randint(300, 420))
                        if later <= end:
                            rows.append(
                                Completion(staff=person, course=refresher, completed_on=later)
                            )
                    if rng.random() < 0.15:
                        later = day + timedelta(days=rng.randint(1, 90))
                        if later <= end:
                            rows.append(
                                Completion(staff=person, course=channel, completed_on=later)
                            )
                    day += timedelta(days=rng.randint(600, 800))  # about every two years
            for row in rows:
                row.source = Source.SEED
            Completion.objects.bulk_create(rows, batch_size=CHUNK, ignore_conflicts=True)
        created += len(people)
        completions += len(rows)
        progress(f"  {created} staff, {completions} completions")
    progress("  Rebuilding training status ...")
    with transaction.atomic():
        refresh_status()
    return created, completions


def add_seed_arguments(parser: CommandParser) -> None:
    parser.add_argument(
        "--staff",
        type=int,
        default=0,
        help="Staff members to add, with ten years of training completions (0 for none).",
    )


def seed_step(run: SeedRun) -> None:
    """The training part of `podium seed` (`--staff`)."""
    staff = run.options.get("staff") or 0
    if staff > 0:
        started = time.monotonic()
        added, completions = seed_training(staff=staff, rng=run.rng, progress=run.write)
        run.write(
            f"Seeded {added} staff and {completions} training completions "
            f"in {time.monotonic() - started:.0f}s."
        )
