"""The code-of-conduct link goes only to the speaker's address on record; an address
the organiser gives waits for a reviewer; the audit log names addresses only by
reference; sends are rate-limited (issue 13, item 5)."""

from __future__ import annotations

import json

import pytest
from django.core import mail
from django.urls import reverse

from podium.audit.models import AuditEntry
from podium.core.errors import DomainError
from podium.events.speakers import acknowledgements
from podium.events.speakers.models import AcknowledgementStatus
from podium.speakers import services
from podium.speakers.models import Speaker
from podium.testing.events import make_request
from podium.testing.personas import client_for

pytestmark = pytest.mark.django_db

ON_RECORD = "jane@example.org"
GIVEN = "someone.else@example.net"


@pytest.fixture
def event(personas, faculty):
    services.publish_code_of_conduct(acting_user=personas.admin, text="Be civil.")
    event = make_request(organiser=personas.organiser, unit=faculty, submit=True)
    Speaker.objects.filter(appearances__request=event).update(email=ON_RECORD)
    return event


def _speaker(event):
    return Speaker.objects.get(pk=event.speakers.get().speaker_id)


def _entries_text():
    return json.dumps(list(AuditEntry.objects.values_list("data", flat=True)))


def test_the_link_goes_to_the_address_on_record(
    personas, event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        acknowledgements.send_acknowledgement(
            acting_user=personas.organiser, event_request=event, speaker=_speaker(event)
        )
    assert [m.to for m in mail.outbox] == [[ON_RECORD]]
    entry = AuditEntry.objects.filter(action="speakers.acknowledgement.sent").get()
    assert entry.data["address"] == {"kind": "on record"}
    assert ON_RECORD not in _entries_text()


def test_an_address_the_organiser_gives_gets_nothing_until_a_reviewer_confirms_it(
    personas, event, officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ack = acknowledgements.send_acknowledgement(
            acting_user=personas.organiser,
            event_request=event,
            speaker=_speaker(event),
            email=GIVEN,
        )
    assert ack.status == AcknowledgementStatus.AWAITING_ADDRESS
    assert mail.outbox == []
    given = AuditEntry.objects.filter(action="speakers.acknowledgement.address_given").get()
    assert given.data["address"] == {
        "kind": "given by the organiser, waiting for a reviewer",
        "ref": acknowledgements.address_reference(GIVEN),
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(officer).post(
            reverse("speakers:acknowledgement-confirm-address", args=[ack.pk]), follow=True
        )
    assert "The address was confirmed and the link sent to Dr Jane Example." in (
        response.content.decode()
    )
    ack.refresh_from_db()
    assert (ack.status, ack.address_confirmed_by) == (AcknowledgementStatus.PENDING, officer)
    assert [m.to for m in mail.outbox] == [[GIVEN]]
    confirmed = AuditEntry.objects.filter(action="speakers.acknowledgement.address_confirmed").get()
    assert confirmed.actor == officer
    assert confirmed.data["address"]["ref"] == acknowledgements.address_reference(GIVEN)
    assert GIVEN not in _entries_text()


def test_the_organiser_cannot_confirm_the_address_they_gave(personas, event):
    ack = acknowledgements.send_acknowledgement(
        acting_user=personas.organiser, event_request=event, speaker=_speaker(event), email=GIVEN
    )
    url = reverse("speakers:acknowledgement-confirm-address", args=[ack.pk])
    assert client_for(personas.organiser).post(url).status_code == 403
    ack.refresh_from_db()
    assert ack.status == AcknowledgementStatus.AWAITING_ADDRESS


def test_the_organiser_is_told_nothing_was_sent_yet(personas, event):
    response = client_for(personas.organiser).post(
        reverse("speakers:acknowledgement-send", args=[event.pk]),
        {"speaker": str(event.speakers.get().speaker_id), "email": GIVEN},
        follow=True,
    )
    assert (
        "Nothing has been sent to Dr Jane Example yet: a reviewer of this request must first "
        "confirm the address you gave." in response.content.decode()
    )
    assert "Waiting for a reviewer to confirm the address" in response.content.decode()


def test_without_an_address_on_record_the_organiser_must_give_one(personas, event):
    Speaker.objects.update(email="")
    with pytest.raises(DomainError) as refused:
        acknowledgements.send_acknowledgement(
            acting_user=personas.organiser, event_request=event, speaker=_speaker(event)
        )
    assert refused.value.message == (
        "The speaker register has no e-mail address for this speaker: enter one. "
        "A reviewer will confirm it before the link is sent."
    )


def test_sends_to_one_speaker_are_limited(personas, event, settings):
    settings.PODIUM_ACKNOWLEDGEMENT_SENDS_PER_SPEAKER = 2
    send = {"acting_user": personas.organiser, "event_request": event, "speaker": _speaker(event)}
    acknowledgements.send_acknowledgement(**send)
    acknowledgements.send_acknowledgement(**send)
    with pytest.raises(DomainError) as refused:
        acknowledgements.send_acknowledgement(**send)
    assert refused.value.message == (
        "Dr Jane Example has been sent 2 code of conduct links for this request in the last "
        "24 hours: wait before sending another."
    )


def test_sends_by_one_person_are_limited(personas, event, faculty, settings):
    settings.PODIUM_ACKNOWLEDGEMENT_SENDS_PER_SENDER = 1
    other = make_request(organiser=personas.organiser, unit=faculty, submit=True)
    Speaker.objects.update(email=ON_RECORD)
    acknowledgements.send_acknowledgement(
        acting_user=personas.organiser, event_request=event, speaker=_speaker(event)
    )
    response = client_for(personas.organiser).post(
        reverse("speakers:acknowledgement-send", args=[other.pk]),
        {"speaker": str(other.speakers.get().speaker_id), "email": ""},
    )
    assert response.status_code == 200
    assert (
        "You have sent 1 code of conduct links in the last 24 hours: wait before sending more."
        in response.content.decode()
    )
