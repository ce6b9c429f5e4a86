"""notify(): one inbox message per person, e-mail only after the commit, and one
failure policy (logged, the others still sent, the person's change kept)."""

from __future__ import annotations

import copy
import io
import logging
import smtplib
from collections.abc import Sequence

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.core.mail.backends.locmem import EmailBackend
from django.db import transaction
from django.utils import timezone

from podium.notify import services
from podium.notify.models import Message
from podium.testing import factories

pytestmark = pytest.mark.django_db

TEMPLATES = {
    "notify/test.txt": "Hello {{ user_name }}, see {{ link }} ({{ institution }}).\n",
    "notify/test_with_subject.txt": "  Due soon: {{ course }}  \n\n  Renew by Friday.  \n\n",
}


@pytest.fixture(autouse=True)
def _test_templates(settings):
    engine = copy.deepcopy(settings.TEMPLATES[0])
    engine["APP_DIRS"] = False
    engine["OPTIONS"]["loaders"] = [
        ("django.template.loaders.locmem.Loader", TEMPLATES),
        "django.template.loaders.filesystem.Loader",
        "django.template.loaders.app_directories.Loader",
    ]
    settings.TEMPLATES = [engine]


@pytest.fixture
def people():
    return [
        factories.make_user(email="ann@example.ac.uk", full_name="Ann"),
        factories.make_user(email="bob@example.ac.uk", full_name="Bob"),
    ]


def _notify(recipients, **kwargs):
    return services.notify(
        recipients,
        "notify/test.txt",
        {"user_name": "you"},
        subject="Something happened",
        link="/events/requests/7/",
        link_label="Open EV-7",
        **kwargs,
    )


def test_each_person_gets_one_inbox_message_and_one_email(
    people, settings, django_capture_on_commit_callbacks
):
    settings.PODIUM_BASE_URL = "https://podium.example.ac.uk"
    with django_capture_on_commit_callbacks(execute=True):
        _notify([*people, people[0]])
    messages = Message.objects.order_by("recipient__email")
    assert [m.recipient for m in messages] == people
    body = "Hello you, see https://podium.example.ac.uk/events/requests/7/ (University of Exampleshire).\n"
    for message in messages:
        assert (message.subject, message.body) == ("Something happened", body)
        assert (message.link, message.link_label, message.read_at) == (
            "/events/requests/7/",
            "Open EV-7",
            None,
        )
    assert sorted(m.to for m in mail.outbox) == [["ann@example.ac.uk"], ["bob@example.ac.uk"]]
    assert {(m.subject, m.body, m.from_email) for m in mail.outbox} == {
        ("Something happened", body, settings.DEFAULT_FROM_EMAIL)
    }


def test_people_who_cannot_sign_in_get_nothing(people, django_capture_on_commit_callbacks):
    people[1].is_active = False
    people[1].deactivated_at = timezone.now()
    people[1].save()
    with django_capture_on_commit_callbacks(execute=True):
        _notify(people)
        assert services.notify([], "notify/test.txt", {}, subject="x") == []
    assert list(Message.objects.values_list("recipient", flat=True)) == [people[0].pk]
    assert [m.to for m in mail.outbox] == [["ann@example.ac.uk"]]


def test_the_email_waits_for_the_commit(people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        _notify(people)
        assert Message.objects.count() == 2
        assert mail.outbox == []
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert len(mail.outbox) == 2


def test_a_rolled_back_change_sends_nothing(people, django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        _notify(people)
        raise RuntimeError
    assert Message.objects.count() == 0
    assert mail.outbox == []


class RefusesBob(EmailBackend):
    def send_messages(self, messages: Sequence[EmailMessage]) -> int:
        if any("bob@example.ac.uk" in m.to for m in messages):
            raise ConnectionRefusedError("the mail server is down")
        return super().send_messages(messages)


def test_a_failed_email_is_logged_and_the_others_still_go(
    people, settings, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = f"{__name__}.RefusesBob"
    with (
        caplog.at_level(logging.ERROR, logger="podium.core.mail"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        _notify(list(reversed(people)))
    assert [m.to for m in mail.outbox] == [["ann@example.ac.uk"]]
    assert Message.objects.count() == 2
    [failure] = caplog.records
    assert failure.getMessage() == (
        "Could not send an e-mail about notify/test.txt /events/requests/7/: ConnectionRefusedError"
    )
    assert "bob@example.ac.uk" not in caplog.text


class RefusesBobAtTheServer(EmailBackend):
    """As an SMTP server refusing the recipient: the exception names the address."""

    def send_messages(self, messages: Sequence[EmailMessage]) -> int:
        if any("bob@example.ac.uk" in m.to for m in messages):
            raise smtplib.SMTPRecipientsRefused({"bob@example.ac.uk": (550, b"No such user")})
        return super().send_messages(messages)


def test_a_refused_recipient_is_logged_without_the_address(
    people, settings, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = f"{__name__}.RefusesBobAtTheServer"
    with (
        caplog.at_level(logging.DEBUG),
        django_capture_on_commit_callbacks(execute=True),
    ):
        _notify(list(reversed(people)))
    assert [m.to for m in mail.outbox] == [["ann@example.ac.uk"]]
    [failure] = [r for r in caplog.records if r.name == "podium.core.mail"]
    assert failure.getMessage().endswith("SMTPRecipientsRefused (the mail server answered 550)")
    handler = logging.StreamHandler(io.StringIO())
    assert all("bob@example.ac.uk" not in handler.format(r) for r in caplog.records)


def test_mail_reaches_addresses_without_an_inbox(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        services.mail(
            ["speaker@example.org"], "notify/test.txt", {"user_name": "Jane"}, subject="Hi"
        )
        assert mail.outbox == []
    for callback in callbacks:
        callback()
    [sent] = mail.outbox
    assert (sent.to, sent.subject) == (["speaker@example.org"], "Hi")
    assert Message.objects.count() == 0


def test_mail_can_take_the_subject_from_the_first_line_and_send_at_once():
    services.mail(
        ["staff@example.ac.uk"],
        "notify/test_with_subject.txt",
        {"course": "Prevent"},
        after_commit=False,
    )
    [sent] = mail.outbox
    assert (sent.subject, sent.body) == ("Due soon: Prevent", "Renew by Friday.\n")


def test_mark_read_marks_only_the_persons_own_unread_messages(people):
    mine, theirs = (
        Message.objects.create(recipient=person, subject="s", body="b") for person in people
    )
    assert services.mark_read(user=people[0], message_ids=[mine.pk, theirs.pk]) == 1
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None
    assert theirs.read_at is None
    assert services.mark_read(user=people[0], message_ids=[mine.pk]) == 0
