"""Bulk data for `podium seed`: many units and people, written with bulk inserts.

Not demo data: names are synthetic and numbered, so the volume is obvious.
"""

from __future__ import annotations

import random
import time

from django.contrib.auth.hashers import make_password
from django.core.management.base import CommandError
from django.db import transaction

from podium.accounts.models import OrgUnit, RoleAssignment, UnitKind, User
from podium.accounts.roles import Role
from podium.audit.services import bulk_record
from podium.core.registry import SeedRun

FIRST = [
    "Amira",
    "Ben",
    "Chloe",
    "Dev",
    "Efe",
    "Fiona",
    "Gwen",
    "Hamza",
    "Isla",
    "Jack",
    "Kofi",
    "Lena",
]
LAST = [
    "Ahmed",
    "Brown",
    "Campbell",
    "Davies",
    "Edwards",
    "Fraser",
    "Green",
    "Hussain",
    "Iqbal",
    "Jones",
]


@transaction.atomic
def seed_people(*, scale: int, root: OrgUnit, rng: random.Random) -> int:
    """Add `scale` people spread over `scale // 50` new departments under `root`,
    each with an organiser role. Returns the number of people added."""
    start = User.objects.count()
    departments = []
    for number in range(max(1, scale // 50)):
        unit = OrgUnit.objects.create(
            name=f"Seeded department {start + number}",
            kind=UnitKind.DEPARTMENT,
            parent=root,
            path="",
            depth=root.depth + 1,
        )
        unit.path = f"{root.path}{unit.pk}/"
        departments.append(unit)
    OrgUnit.objects.bulk_update(departments, ["path"])
    password = make_password(None)  # unusable: seeded people cannot sign in
    people = [
        User(
            email=f"seed.person.{start + n}@seed.example.ac.uk",
            full_name=f"{rng.choice(FIRST)} {rng.choice(LAST)} {start + n}",
            password=password,
        )
        for n in range(scale)
    ]
    User.objects.bulk_create(people, batch_size=2000)
    people = list(
        User.objects.filter(email__endswith="@seed.example.ac.uk").order_by("-pk")[:scale]
    )
    assignments = RoleAssignment.objects.bulk_create(
        [
            RoleAssignment(user=person, role=Role.ORGANISER, unit=rng.choice(departments))
            for person in people
        ],
        batch_size=2000,
    )
    # The log says what happened, as the services would have written it.
    bulk_record(
        entries=[
            {
                "action": "accounts.unit.created",
                "target": unit,
                "unit": unit,
                "data": {"name": unit.name},
            }
            for unit in departments
        ]
        + [{"action": "accounts.user.created", "target": person} for person in people]
        + [
            {
                "action": "accounts.role.granted",
                "target": a,
                "unit": a.unit,
                "data": {"role": a.role},
            }
            for a in assignments
        ]
    )
    return len(people)


def seed_step(run: SeedRun) -> None:
    """The accounts part of `podium seed`: `scale` people, under the demo's institution."""
    root = OrgUnit.objects.filter(parent__isnull=True).first()
    if root is None:
        raise CommandError("There is no institution yet: run `podium demo` first.")
    started = time.monotonic()
    people = seed_people(scale=run.scale, root=root, rng=run.rng)
    run.write(f"Seeded {people} people.")
    run.write(f"  ({time.monotonic() - started:.0f}s)")
