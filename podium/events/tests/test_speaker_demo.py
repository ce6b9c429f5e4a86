"""The register's demo: recurring speaker, near-duplicates, renewals, a pending
acknowledgement; made once. The demo is made once for the module, and each test runs
in its own savepoint (podium/testing/module_rows.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db.models import Q

from podium.accounts.demo import create_demo
from podium.events.demo import create_event_demo
from podium.events.speakers.demo import ANCHOR, create_speaker_demo
from podium.events.speakers.models import Acknowledgement, AcknowledgementStatus
from podium.speakers import selectors
from podium.speakers.models import Speaker
from podium.testing.module_rows import kept_for_the_module

EVERY_SPEAKER = Q()  # no one's register filter: every speaker


@pytest.fixture(scope="module")
def _made(django_db_setup, django_db_blocker) -> Iterator[int]:
    with kept_for_the_module(django_db_blocker):
        with django_db_blocker.unblock():
            create_demo(password="demo-pass-123")
            create_event_demo()
            added = create_speaker_demo()
        yield added


@pytest.fixture
def added(_made: int, db) -> int:
    """How many speakers the module's one run of the register's demo added."""
    return _made


def test_the_demo_has_what_reviewers_need_and_running_it_again_changes_nothing(added):
    assert added == 5
    hasan = Speaker.objects.get(name=ANCHOR)
    view = selectors.speaker_view(speaker=hasan, is_reviewer=True)
    assert view.summary.line.startswith("Spoke here 3 times, twice with conditions")
    closest = {
        m.speaker.name
        for m in selectors.search(visible=EVERY_SPEAKER, query="Mohamed Al Hassan")[:2]
    }
    assert closest == {ANCHOR, "Mohamed Al Hassan"}
    assert len(selectors.due_rechecks(visible=EVERY_SPEAKER)) == 2
    assert Acknowledgement.objects.filter(status=AcknowledgementStatus.PENDING).count() == 1
    count = Speaker.objects.count()
    assert create_speaker_demo() == 0
    assert Speaker.objects.count() == count


def test_the_demo_adds_each_of_its_speakers_to_the_register_once(added):
    """Issue 14, item 12: every demo request naming Dr Jane Example links the same
    record, so "Recently added" shows her once."""
    names = list(Speaker.objects.filter(merged_into__isnull=True).values_list("name", flat=True))
    repeated = sorted({n for n in names if names.count(n) > 1})
    assert repeated == []
    jane = Speaker.objects.get(name="Dr Jane Example")
    assert jane.appearances.count() >= 10
