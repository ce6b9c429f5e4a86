"""`podium seed --disclosures N` fills the sharing log for the bench."""

from __future__ import annotations

import random

from podium.accounts.demo import create_demo
from podium.core.registry import SeedRun
from podium.sharing import seed
from podium.sharing.models import Disclosure
from podium.sharing.selectors import disclosure_page


def test_seed_adds_disclosures_the_log_pages(db):
    create_demo(password="demo-pass-123")
    run = SeedRun(
        scale=0,
        rng=random.Random(1),  # noqa: S311
        options={"disclosures": 120},
        write=lambda s: None,
    )
    seed.seed_step(run)
    assert Disclosure.objects.count() >= 120
    first = disclosure_page()
    assert len(first.items) == 50 and first.next_cursor
    second = disclosure_page(after=first.next_cursor)
    assert {d.pk for d in first.items}.isdisjoint({d.pk for d in second.items})
