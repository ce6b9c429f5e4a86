from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from podium.notify.models import Message
from podium.testing.events import make_request


def test_models_and_migrations_agree(db):
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


# Each test walks the long way (back from the latest migrations, and forward to them
# again at the end, so the next test finds the schema it expects) once: the back and
# forth the test proves is the short walk across the migrations under test. Each long
# walk re-renders the models' state after every one of ~100 migrations (~10 s each on a
# quiet machine); docs/performance.md, "Test suite time (item 8)".

BEFORE_THE_MOVE = [("events", "0006_acknowledgement_from_speakers")]
AFTER_THE_MOVE = [("notify", "0001_initial")]  # after events.0007-0009


@pytest.mark.django_db(transaction=True)
def test_moving_the_inbox_to_notify_keeps_every_message(personas, faculty):
    """events.0007-0009 and notify.0001 move the inbox with its rows: a message about
    a request keeps its link ("Open <reference>"), every other field is kept, and
    going back restores the link to the request."""
    request = make_request(organiser=personas.organiser, unit=faculty)
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE_THE_MOVE)
    old = executor.loader.project_state(BEFORE_THE_MOVE).apps.get_model("events", "Message")
    sent = timezone.now() - timedelta(days=3)
    read = timezone.now() - timedelta(days=1)
    about = old.objects.create(
        recipient_id=personas.organiser.pk,
        request_id=request.pk,
        subject="To review",
        body="Line one\nLine two",
        sent_at=sent,
        read_at=read,
    )
    plain = old.objects.create(recipient_id=personas.admin.pk, subject="Hello", body="Body")

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER_THE_MOVE)
    # notify_message is as the move left it: no later migration changes it (the model
    # is checked against the current one below).
    after = executor.loader.project_state(AFTER_THE_MOVE).apps.get_model("notify", "Message")
    assert sorted(f.column for f in after._meta.fields) == sorted(
        f.column for f in Message._meta.fields
    )
    moved = {m.pk: m for m in after.objects.all()}
    assert set(moved) == {about.pk, plain.pk}
    first, second = moved[about.pk], moved[plain.pk]
    assert (first.recipient_id, first.subject, first.body) == (
        personas.organiser.pk,
        "To review",
        "Line one\nLine two",
    )
    assert (first.sent_at, first.read_at) == (sent, read)
    assert first.link == reverse("events:request-detail", args=[request.pk])
    assert first.link_label == f"Open {request.reference}"
    assert (second.recipient_id, second.link, second.link_label, second.read_at) == (
        personas.admin.pk,
        "",
        "",
        None,
    )
    # New messages carry on from the moved ones.
    new = after.objects.create(recipient_id=personas.admin.pk, subject="s", body="b")
    assert new.pk > plain.pk > about.pk

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_THE_MOVE)
    back = executor.loader.project_state(BEFORE_THE_MOVE).apps.get_model("events", "Message")
    assert dict(back.objects.values_list("pk", "request_id")) == {
        about.pk: request.pk,
        plain.pk: None,
        new.pk: None,
    }
    executor = MigrationExecutor(connection)
    executor.migrate(latest)
    assert set(Message.objects.values_list("pk", flat=True)) == {about.pk, plain.pk, new.pk}


BEFORE_HASHING = [("events", "0010_acknowledgement_address_confirmation")]
AFTER_HASHING = [("events", "0012_calendarfeed_drop_plain_key")]


@pytest.mark.django_db(transaction=True)
def test_hashing_calendar_feed_keys_keeps_existing_addresses_working(personas):
    """events.0011-0012 store only the SHA-256 of each feed key: an address made
    before keeps working, and the plain key is gone from the table."""
    from podium.events.models import CalendarFeed

    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    executor.migrate(BEFORE_HASHING)
    old = executor.loader.project_state(BEFORE_HASHING).apps.get_model("events", "CalendarFeed")
    old.objects.create(user_id=personas.organiser.pk, key="an-address-made-before")

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER_HASHING)
    hashed = executor.loader.project_state(AFTER_HASHING).apps.get_model("events", "CalendarFeed")
    assert "an-address-made-before" not in [str(v) for v in hashed.objects.values_list().get()]
    assert hashed.objects.get().key_hash == CalendarFeed.hash_key("an-address-made-before")

    # Going back cannot recover the key: the feed gets a new one (its owner replaces it).
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE_HASHING)
    back = executor.loader.project_state(BEFORE_HASHING).apps.get_model("events", "CalendarFeed")
    assert len(back.objects.get().key) > 20

    # An address made before the hashing (given to the feed again here) keeps working
    # once every migration has run.
    back.objects.update(key="an-address-made-before")
    executor = MigrationExecutor(connection)
    executor.migrate(latest)
    feed = CalendarFeed.objects.get()
    assert "an-address-made-before" not in [
        str(v) for v in CalendarFeed.objects.values_list().get()
    ]
    assert feed.key_hash == CalendarFeed.hash_key("an-address-made-before")
    url = reverse("events:calendar-feed", args=["an-address-made-before"])
    assert Client().get(url).status_code == 200
