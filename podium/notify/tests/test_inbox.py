"""The inbox page (events:inbox): newest first, the link to the page a message is
about, marked read once seen; the unread count in the navigation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from podium.notify import selectors
from podium.notify.models import Message
from podium.testing.personas import client_for

pytestmark = pytest.mark.django_db


def test_the_inbox_shows_the_persons_messages_and_marks_them_read(personas):
    now = timezone.now()
    Message.objects.create(
        recipient=personas.organiser,
        subject="Older",
        body="first line\nsecond line",
        sent_at=now - timedelta(days=1),
    )
    Message.objects.create(
        recipient=personas.organiser,
        subject="Newer",
        body="about a request",
        link="/events/requests/7/",
        link_label="Open EV-2026-0007",
        sent_at=now,
    )
    Message.objects.create(recipient=personas.outsider, subject="Not yours", body="x")
    assert selectors.unread_count(user=personas.organiser) == 2
    response = client_for(personas.organiser).get(reverse("events:inbox"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Newer") < html.index("Older")
    assert "Not yours" not in html
    assert '<a href="/events/requests/7/">Open EV-2026-0007</a>' in html
    assert "first line<br>second line" in html
    assert html.count('<span class="tag tag--blue">New</span>') == 2
    assert selectors.unread_count(user=personas.organiser) == 0
    again = client_for(personas.organiser).get(reverse("events:inbox")).content.decode()
    assert '<span class="tag tag--blue">New</span>' not in again


def test_the_inbox_url_is_where_it_always_was(personas):
    assert reverse("events:inbox") == "/events/inbox/"
    assert client_for(None).get("/events/inbox/").status_code == 302


def test_nobody_signed_out_has_unread_messages():
    from django.contrib.auth.models import AnonymousUser

    assert selectors.unread_count(user=AnonymousUser()) == 0
