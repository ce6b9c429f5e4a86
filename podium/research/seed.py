"""Bulk research registrations for `podium seed --research-registrations N` (the
bench's lookup at 50,000), written with bulk inserts in chunks. Researchers are
synthetic people with varied names, so the lookup's name matching has realistic
neighbours."""

from __future__ import annotations

import time
from datetime import timedelta

from django.core.management.base import CommandParser
from django.db import connection, transaction
from django.utils import timezone

from podium.accounts.models import OrgUnit, UnitKind, User
from podium.core.registry import SeedRun
from podium.research.demo import ensure_lists
from podium.research.models import (
    MaterialKind,
    Registration,
    ResearcherKind,
    State,
    StorageLocation,
)
from podium.speakers.matching import match_key

CHUNK = 5_000
FIRST = [
    "Aisha", "Omar", "Yusuf", "Fatima", "James", "Olivia", "Mohammed", "Sophie", "Liam",
    "Zainab", "Daniel", "Chloe", "Hassan", "Emily", "Tariq", "Grace", "Ibrahim", "Hannah",
]  # fmt: skip
# Middle names, so the seeded register has many distinct names (and no digits: a
# query with a digit is a staff or student number).
MIDDLE = [
    "Ann", "Bilal", "Claire", "Dev", "Elif", "Femi", "Gita", "Hugo", "Ines", "Jalil",
    "Kofi", "Lena", "Mira", "Nadia", "Oren", "Priya", "Rafi", "Sana", "Theo", "Umar",
]  # fmt: skip
LAST = [
    "Khan", "Smith", "Al-Hassan", "Jones", "Patel", "Williams", "Rahman", "Brown", "Ahmed",
    "Taylor", "Hussain", "Davies", "Evans", "Okafor", "Nowak", "Kowalski", "Ali", "Wilson",
]  # fmt: skip


def seed_research(*, count: int, run: SeedRun) -> int:
    ensure_lists()
    kinds = list(MaterialKind.objects.values_list("pk", flat=True))
    locations = list(StorageLocation.objects.all())
    units = list(
        OrgUnit.objects.filter(is_active=True, kind=UnitKind.DEPARTMENT).values_list(
            "pk", flat=True
        )
    ) or list(OrgUnit.objects.values_list("pk", flat=True))
    rng = run.rng
    today = timezone.localdate()
    now = timezone.now()
    first = Registration.objects.count()
    made = 0
    through = Registration.material_kinds.through
    states = [State.REGISTERED] * 6 + [State.SUBMITTED, State.CLOSED, State.EXPIRED, State.DECLINED]
    for start in range(first, first + count, CHUNK):
        numbers = range(start, min(start + CHUNK, first + count))
        with transaction.atomic():
            people = User.objects.bulk_create(
                User(
                    email=f"seed.researcher.{n}@seed.invalid",
                    full_name=f"{rng.choice(FIRST)} {rng.choice(MIDDLE)} {rng.choice(LAST)}",
                    password="!",  # noqa: S106 - Django's mark for "no usable password"
                )
                for n in numbers
            )
            rows = []
            for n, person in zip(numbers, people, strict=True):
                student = rng.random() < 0.6
                starts = today - timedelta(days=rng.randint(0, 900))
                rows.append(
                    Registration(
                        title=f"Seeded project {n}",
                        researcher=person,
                        researcher_kind=ResearcherKind.STUDENT if student else ResearcherKind.STAFF,
                        researcher_number=f"{'2' if student else 'S'}{n:07d}",
                        name_key=match_key(person.full_name),
                        unit_id=rng.choice(units),
                        ethics_reference=f"ETH-SEED-{n}",
                        storage_location=rng.choice(locations),
                        storage_attested=True,
                        starts_on=starts,
                        ends_on=starts + timedelta(days=rng.randint(180, 1500)),
                        state=rng.choice(states),
                        created_at=now - timedelta(seconds=count - n),
                        updated_at=now,
                    )
                )
            created = Registration.objects.bulk_create(rows, batch_size=1000)
            through.objects.bulk_create(
                [through(registration_id=r.pk, materialkind_id=rng.choice(kinds)) for r in created],
                batch_size=5000,
            )
        made += len(created)
        run.write(f"  {made} research registrations")
    if connection.vendor == "postgresql":
        # Fresh statistics for the planner after the bulk insert.
        with connection.cursor() as cursor:
            cursor.execute(
                "ANALYZE research_registration, research_registration_material_kinds, accounts_user"
            )
    return made


def add_seed_arguments(parser: CommandParser) -> None:
    parser.add_argument(
        "--research-registrations",
        type=int,
        default=0,
        help="Security-sensitive research registrations to add (0 for none).",
    )


def seed_step(run: SeedRun) -> None:
    """The research part of `podium seed` (`--research-registrations`)."""
    count = run.options.get("research_registrations") or 0
    if count > 0:
        started = time.monotonic()
        made = seed_research(count=count, run=run)
        run.write(f"Seeded {made} research registrations in {time.monotonic() - started:.0f}s.")
