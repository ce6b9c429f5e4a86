"""`podium seed --speakers N`: a large synthetic speaker register for `make bench`.

Names are drawn from first names (with their transliteration variants) and
surnames, so search meets the near-duplicates it meets in real life. One speaker in
three has an other name; one in five has a check (one in four of those overdue).
Linking seeded event requests' speakers to these records is events' part
(`podium.events.speakers.seed`), run by the seed command straight after.

Bulk loads bypass the services for speed, as the other seeds do; one audit
entry records the load.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import timedelta

from django.core.management.base import CommandParser
from django.db import connection, transaction
from django.utils import timezone

from podium.accounts.models import User
from podium.audit.services import record
from podium.core.registry import SeedRun
from podium.speakers.matching import match_key
from podium.speakers.models import CheckSource, Speaker, SpeakerCheck, SpeakerName

CHUNK = 20_000
FIRST = [
    "Muhammad",
    "Mohammed",
    "Mohamed",
    "Yusuf",
    "Yousef",
    "Ahmed",
    "Ahmad",
    "Fatima",
    "Aisha",
    "Ayesha",
    "Omar",
    "Umar",
    "Hassan",
    "Hasan",
    "Ibrahim",
    "Zainab",
    "Khalid",
    "James",
    "John",
    "Sarah",
    "Emma",
    "Oliver",
    "Amelia",
    "Jack",
    "Olivia",
    "Harry",
    "Sophie",
    "Thomas",
    "Charlotte",
    "William",
    "Grace",
    "Daniel",
    "Chloe",
    "David",
    "Priya",
    "Arjun",
    "Anjali",
    "Rahul",
    "Wei",
    "Li",
    "Chen",
    "Yuki",
    "Hiroshi",
    "Olga",
    "Sergei",
    "Sergey",
    "Aleksandr",
    "Alexander",
    "Maria",
    "José",
    "Zoë",
    "Siobhán",
    "Niamh",
    "Seán",
    "Chidi",
    "Ngozi",
    "Kwame",
    "Amara",
    "Tomasz",
    "Agnieszka",
    "Ines",
]
LAST = [
    "al-Hasan",
    "Al Hassan",
    "Khan",
    "Ahmed",
    "Rahman",
    "Hussain",
    "Hussein",
    "Islam",
    "Smith",
    "Jones",
    "Williams",
    "Taylor",
    "Brown",
    "Davies",
    "Evans",
    "Wilson",
    "Thomas",
    "Roberts",
    "Johnson",
    "Walker",
    "Wright",
    "Robinson",
    "Thompson",
    "White",
    "Hughes",
    "Patel",
    "Shah",
    "Singh",
    "Kaur",
    "Chowdhury",
    "Begum",
    "Ali",
    "Mahmood",
    "Mahmoud",
    "Wang",
    "Zhang",
    "Liu",
    "Tanaka",
    "Sato",
    "Ivanov",
    "Petrov",
    "García",
    "Martínez",
    "O'Brien",
    "Murphy",
    "Kelly",
    "Okafor",
    "Adeyemi",
    "Mensah",
    "Nowak",
    "Kowalski",
    "van der Berg",
    "de Souza",
    "Müller",
    "Schmidt",
    "Fischer",
    "Rossi",
    "Haddad",
]
AFFILIATIONS = [
    "University of Northshire",
    "Exampleshire College",
    "Institute for Public Policy",
    "Centre for Open Debate",
    "Independent",
    "Exampleshire Interfaith Forum",
    "National Union of Writers",
    "Royal Society of Examples",
]


def _name(rng: random.Random) -> str:
    first = rng.choice(FIRST)
    middle = f" {rng.choice(FIRST)}" if rng.random() < 0.25 else ""
    return f"{first}{middle} {rng.choice(LAST)}"


def _variant(name: str, rng: random.Random) -> str:
    """Another way the same name is written: reordered, lower-cased or a typo."""
    words = name.split()
    choice = rng.random()
    if choice < 0.4 and len(words) > 1:
        return f"{words[-1]}, {' '.join(words[:-1])}"
    if choice < 0.7:
        position = rng.randrange(len(name))
        return name[:position] + name[position + 1 :]
    return name.upper()


def seed_speakers(
    *, count: int, rng: random.Random, progress: Callable[[str], object] | None = None
) -> int:
    """Add `count` speakers with names and checks."""
    today = timezone.localdate()
    sources = list(CheckSource.objects.filter(is_active=True))
    through = SpeakerCheck.sources.through
    checker = User.objects.order_by("pk").first()
    made = 0
    for offset in range(0, count, CHUNK):
        size = min(CHUNK, count - offset)
        with transaction.atomic():
            speakers = Speaker.objects.bulk_create(
                [
                    Speaker(name=_name(rng), affiliations=rng.choice(AFFILIATIONS))
                    for _ in range(size)
                ],
                batch_size=5000,
            )
            names = []
            checks = []
            for speaker in speakers:
                names.append(
                    SpeakerName(
                        speaker=speaker,
                        name=speaker.name,
                        match_key=match_key(speaker.name),
                        is_primary=True,
                    )
                )
                if rng.random() < 1 / 3:
                    other = _variant(speaker.name, rng)
                    names.append(
                        SpeakerName(speaker=speaker, name=other, match_key=match_key(other))
                    )
                if rng.random() < 0.2 and sources and checker is not None:
                    overdue = rng.random() < 0.25
                    checked = today - timedelta(
                        days=rng.randint(400, 900) if overdue else rng.randint(1, 300)
                    )
                    checks.append(
                        SpeakerCheck(
                            speaker=speaker,
                            checked_by=checker,
                            checked_on=checked,
                            findings="Seeded: publications and news reviewed; nothing of note.",
                            recheck_after=checked + timedelta(days=365),
                        )
                    )
            SpeakerName.objects.bulk_create(names, batch_size=5000)
            if checks:
                created = SpeakerCheck.objects.bulk_create(checks, batch_size=5000)
                through.objects.bulk_create(
                    [
                        through(speakercheck_id=c.pk, checksource_id=s.pk)
                        for c in created
                        for s in rng.sample(sources, k=min(2, len(sources)))
                    ],
                    batch_size=5000,
                )
            made += size
        if progress:
            progress(f"  {made} speakers")
    with transaction.atomic():
        record(action="speakers.seed.loaded", actor=None, data={"speakers": made})
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE speakers_speaker, speakers_speakername, speakers_speakercheck")
    return made


def add_seed_arguments(parser: CommandParser) -> None:
    parser.add_argument(
        "--speakers",
        type=int,
        default=0,
        help="How many speakers to add to the speaker register (default none).",
    )


def seed_step(run: SeedRun) -> None:
    """The speaker register's part of `podium seed` (`--speakers`)."""
    speakers = run.options.get("speakers") or 0
    if speakers > 0:
        started = time.monotonic()
        added = seed_speakers(count=speakers, rng=run.rng, progress=run.write)
        run.write(f"Seeded {added} speakers in {time.monotonic() - started:.0f}s.")
