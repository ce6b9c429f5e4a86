"""The register's demo: recurring speaker, near-duplicates, renewals, a pending
acknowledgement; made once."""

from __future__ import annotations

from django.db.models import Q

from podium.accounts.demo import create_demo
from podium.events.demo import create_event_demo
from podium.events.speakers.demo import ANCHOR, create_speaker_demo
from podium.events.speakers.models import Acknowledgement, AcknowledgementStatus
from podium.speakers import selectors
from podium.speakers.models import Speaker

EVERY_SPEAKER = Q()  # no one's register filter: every speaker


def test_the_demo_has_what_reviewers_need_and_running_it_again_changes_nothing(db):
    create_demo(password="demo-pass-123")
    create_event_demo()
    assert create_speaker_demo() == 5
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


def test_the_demo_adds_each_of_its_speakers_to_the_register_once(db):
    """Issue 14, item 12: every demo request naming Dr Jane Example links the same
    record, so "Recently added" shows her once."""
    create_demo(password="demo-pass-123")
    create_event_demo()
    create_speaker_demo()
    names = list(Speaker.objects.filter(merged_into__isnull=True).values_list("name", flat=True))
    repeated = sorted({n for n in names if names.count(n) > 1})
    assert repeated == []
    jane = Speaker.objects.get(name="Dr Jane Example")
    assert jane.appearances.count() >= 10
