"""The sharing demo: every state, the Amber answer on a request's review page; made once."""

from __future__ import annotations

from django.urls import reverse

from podium.accounts.demo import create_demo
from podium.accounts.models import User
from podium.events.demo import create_event_demo
from podium.events.models import EventRequest, Status
from podium.events.speakers.demo import ANCHOR, create_speaker_demo
from podium.sharing.demo import create_sharing_demo
from podium.sharing.models import Direction, Disclosure, InformationRequest, SharingAgreement, State
from podium.testing.personas import client_for


def test_the_demo_covers_every_state_and_running_it_again_changes_nothing(db):
    create_demo(password="demo-pass-123")
    create_event_demo()
    create_speaker_demo()
    assert create_sharing_demo() > 0
    states = set(Disclosure.objects.values_list("state", flat=True))
    assert states == set(State.values)
    assert Disclosure.objects.filter(urgent_reason__gt="", reviewed_at__isnull=True).exists()
    assert InformationRequest.objects.filter(direction=Direction.INCOMING).exists()
    asked = InformationRequest.objects.get(direction=Direction.OUTGOING)
    assert asked.speaker.name == ANCHOR
    assert asked.recipients.filter(rag="amber").count() == 1
    # The demo shows the files: the police's advice as text, the signed agreement.
    assert Disclosure.objects.exclude(attachment="").get().attachment_name == "police-advice.txt"
    assert SharingAgreement.objects.exclude(document="").count() == 1
    count = Disclosure.objects.count()
    assert create_sharing_demo() == 0
    assert Disclosure.objects.count() == count
    # A request in review with the recurring speaker on it shows the Amber answer.
    reviewing = EventRequest.objects.filter(
        speakers__speaker__name=ANCHOR, status=Status.IN_REVIEW
    ).first()
    assert reviewing is not None
    lead = User.objects.get(email="prevent.lead@example.ac.uk")
    page = client_for(lead).get(reverse("events:request-detail", args=[reviewing.pk]))
    text = page.content.decode()
    assert "What partners told us" in text and "Amber: some concerns" in text
