"""`podium seed --speakers N`, events' part: a share of the seeded event requests'
speakers are linked to the seeded speaker register (`podium.speakers.seed`), the
earliest speakers most often, so some speakers recur across many requests. A bulk
load that bypasses the services for speed, as the other seeds do.
"""

from __future__ import annotations

import random

from django.db import transaction

from podium.core.registry import SeedRun
from podium.events.models import EventSpeaker
from podium.speakers.models import Speaker


def link_seeded_speakers(*, count: int, rng: random.Random) -> None:
    """Link one seeded request speaker in five to the register; the first tenth of the
    speakers take them all, so they recur (about 0.4 requests each on average, some many).
    Run straight after `podium.speakers.seed.seed_speakers(count=count, rng=rng)`
    with the same generator: the `count` seeded records are the newest ones."""
    if count <= 0:
        return
    newest = list(Speaker.objects.order_by("-pk").values_list("pk", flat=True)[:count])
    if not newest:
        return
    first_pk = newest[-1]
    ids = list(
        EventSpeaker.objects.filter(speaker__isnull=True).values_list("pk", flat=True)[:200_000]
    )
    chosen = [pk for pk in ids if rng.random() < 0.2]
    pool = max(1, count // 10)
    for offset in range(0, len(chosen), 5000):
        with transaction.atomic():
            EventSpeaker.objects.bulk_update(
                [
                    EventSpeaker(pk=pk, speaker_id=first_pk + int(rng.paretovariate(1.2)) % pool)
                    for pk in chosen[offset : offset + 5000]
                ],
                ["speaker"],
                batch_size=5000,
            )


def seed_step(run: SeedRun) -> None:
    """`podium seed --speakers N`, events' part: runs straight after the register's
    own step (`podium.speakers.seed.seed_step`), with the same generator."""
    link_seeded_speakers(count=run.options.get("speakers") or 0, rng=run.rng)
