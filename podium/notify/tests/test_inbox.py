"""The inbox page (events:inbox): newest first, the link to the page a message is
about; marked read only by the explicit "Mark these as read" (events:inbox-read,
a POST); the unread count in the navigation."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from podium.notify import selectors
from podium.notify.models import Message
from podium.testing.personas import client_for

pytestmark = pytest.mark.django_db


def _two_messages(personas):
    now = timezone.now()
    older = Message.objects.create(
        recipient=personas.organiser,
        subject="Older",
        body="first line\nsecond line",
        sent_at=now - timedelta(days=1),
    )
    newer = Message.objects.create(
        recipient=personas.organiser,
        subject="Newer",
        body="about a request",
        link="/events/requests/7/",
        link_label="Open EV-2026-0007",
        sent_at=now,
    )
    return older, newer


def test_the_inbox_shows_the_persons_messages_newest_first(personas):
    _two_messages(personas)
    Message.objects.create(recipient=personas.outsider, subject="Not yours", body="x")
    response = client_for(personas.organiser).get(reverse("events:inbox"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index("Newer") < html.index("Older")
    assert "Not yours" not in html
    assert '<a href="/events/requests/7/">Open EV-2026-0007</a>' in html
    assert "first line<br>second line" in html
    assert html.count('<span class="tag tag--blue">New</span>') == 2


def test_opening_the_inbox_changes_nothing(personas):
    """No state change on GET (QUALITY.md): seeing messages does not mark them read."""
    _two_messages(personas)
    client = client_for(personas.organiser)
    client.get(reverse("events:inbox"))
    again = client.get(reverse("events:inbox")).content.decode()
    assert selectors.unread_count(user=personas.organiser) == 2
    assert Message.objects.filter(read_at__isnull=False).count() == 0
    assert again.count('<span class="tag tag--blue">New</span>') == 2
    assert '<span class="count">2<span class="visually-hidden"> unread</span></span>' in again


def test_mark_these_as_read_is_a_post_with_the_csrf_token(personas):
    _two_messages(personas)
    html = client_for(personas.organiser).get(reverse("events:inbox")).content.decode()
    form = html[html.index(f'<form method="post" action="{reverse("events:inbox-read")}"') :]
    form = form[: form.index("</form>")]
    assert "csrfmiddlewaretoken" in form
    assert "Mark these as read" in form


def test_marking_read_drops_the_unread_count_in_the_menu(personas):
    older, newer = _two_messages(personas)
    client = client_for(personas.organiser)
    response = client.post(reverse("events:inbox-read"), {"message": [older.pk, newer.pk]})
    assert response.status_code == 302
    assert response["Location"] == reverse("events:inbox")
    assert selectors.unread_count(user=personas.organiser) == 0
    page = client.get(response["Location"]).content.decode()
    assert '<span class="tag tag--blue">New</span>' not in page
    assert '<span class="visually-hidden"> unread</span>' not in page
    assert "Marked as read." in page


def test_marking_read_touches_only_the_persons_own_messages(personas):
    mine, _ = _two_messages(personas)
    theirs = Message.objects.create(recipient=personas.outsider, subject="Not yours", body="x")
    client_for(personas.organiser).post(
        reverse("events:inbox-read"), {"message": [mine.pk, theirs.pk, "nonsense"]}
    )
    theirs.refresh_from_db()
    mine.refresh_from_db()
    assert theirs.read_at is None
    assert mine.read_at is not None
    assert selectors.unread_count(user=personas.organiser) == 1


def test_marking_read_returns_to_the_same_page_of_the_inbox(personas):
    older, _ = _two_messages(personas)
    response = client_for(personas.organiser).post(
        reverse("events:inbox-read"), {"message": [older.pk], "after": "abc"}
    )
    assert response["Location"] == reverse("events:inbox") + "?after=abc"


def test_marking_read_only_accepts_post(personas):
    _two_messages(personas)
    response = client_for(personas.organiser).get(reverse("events:inbox-read"))
    assert response.status_code == 405
    assert selectors.unread_count(user=personas.organiser) == 2


def test_the_inbox_url_is_where_it_always_was(personas):
    assert reverse("events:inbox") == "/events/inbox/"
    assert client_for(None).get("/events/inbox/").status_code == 302


def test_nobody_signed_out_has_unread_messages():
    from django.contrib.auth.models import AnonymousUser

    assert selectors.unread_count(user=AnonymousUser()) == 0
