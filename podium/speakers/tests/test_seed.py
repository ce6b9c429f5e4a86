"""`podium seed --speakers`: a searchable synthetic register."""

from __future__ import annotations

import io
import random

from django.core.management import call_command
from django.db.models import Q

from podium.accounts.demo import create_demo
from podium.speakers import selectors
from podium.speakers.models import Speaker, SpeakerCheck, SpeakerName
from podium.speakers.seed import seed_speakers

EVERY_SPEAKER = Q()  # no one's register filter: every speaker


def test_seeded_speakers_have_match_keys_checks_and_are_found(db):
    create_demo(password="demo-pass-123")
    assert seed_speakers(count=300, rng=random.Random(1)) == 300  # noqa: S311 - test data
    assert Speaker.objects.count() == 300
    assert SpeakerName.objects.filter(match_key="").count() == 0
    assert SpeakerCheck.objects.exists()
    name = Speaker.objects.order_by("pk").values_list("name", flat=True)[0]
    assert selectors.search(visible=EVERY_SPEAKER, query=name)[0].score == 1.0


def test_the_seed_command_takes_a_speaker_count(db):
    create_demo(password="demo-pass-123")
    call_command("seed", scale=5, years=0, speakers=40, stdout=io.StringIO())
    assert Speaker.objects.count() == 40
