"""Each person's navigation is kept across requests (`podium.core.navigation`,
`navigation_for`) under the versions of what it shows: the audit log's head (every
state change), the person's unread count (reading a message is not audited) and
today's date. After every kind of change the kept navigation must equal a fresh
computation, it is never shown to another person, and a revoked role's menu is gone
on the very next page (issue 20, item 2).

Transactional tests: inside a transaction nothing is kept (a version read there may
belong to work that is rolled back), and these tests are about what is kept."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.core.cache import caches
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from podium.accounts import services as account_services
from podium.accounts.models import RoleAssignment, User
from podium.accounts.roles import Role
from podium.core import navigation
from podium.core.navigation import compute_navigation, navigation_for
from podium.events import services as event_services
from podium.notify import services as notify_services
from podium.notify.models import Message
from podium.testing.events import make_request
from podium.testing.factories import grant, make_person_with_role
from podium.testing.personas import client_for
from podium.testing.queries import count_queries

pytestmark = pytest.mark.django_db(transaction=True)


def fresh(user: User) -> User:
    """The person as the next request loads them (no per-request caches)."""
    return User.objects.get(pk=user.pk)


def kept(user: User) -> list[navigation.NavItem]:
    """The navigation a page shows now, checked against a fresh computation."""
    shown = navigation_for(fresh(user))
    assert shown == compute_navigation(fresh(user))
    return shown


def labels(items: list[navigation.NavItem]) -> dict[str, int | None]:
    return {item.label: item.count for item in items}


def test_a_second_page_reads_only_the_versions(personas):
    one, two = fresh(personas.admin), fresh(personas.admin)
    first = count_queries(lambda: navigation_for(one))
    again = count_queries(lambda: navigation_for(two))
    assert first > again == 1  # one statement for every version
    assert kept(personas.admin) == compute_navigation(fresh(personas.admin))


def test_inside_a_transaction_nothing_is_kept_or_read(personas):
    cache = caches[navigation.CACHE_ALIAS]
    navigation.clear_cache()
    with transaction.atomic():
        navigation_for(fresh(personas.admin))
    assert cache._cache == {}


def test_a_role_granted_and_revoked_shows_on_the_next_page(personas, institution):
    before = labels(kept(personas.organiser))
    assert "People" not in before
    assignment = grant(personas.organiser, Role.ADMINISTRATOR, institution)
    assert "People" in labels(kept(personas.organiser))
    account_services.revoke_role(acting_user=personas.admin, assignment=assignment)
    assert labels(kept(personas.organiser)) == before


def test_a_revoked_role_is_gone_from_the_very_next_page(personas, institution):
    """Through the whole stack: the page after the revocation no longer links to the
    people pages, and they refuse the person."""
    assignment = grant(personas.organiser, Role.ADMINISTRATOR, institution)
    client = client_for(personas.organiser)
    people = reverse("accounts:user-list")
    home = reverse("core:home")
    assert f'href="{people}"'.encode() in client.get(home).content
    assert f'href="{people}"'.encode() in client.get(home).content  # kept now
    account_services.revoke_role(
        acting_user=personas.admin, assignment=RoleAssignment.objects.get(pk=assignment.pk)
    )
    assert f'href="{people}"'.encode() not in client.get(home).content
    assert client.get(people).status_code == 403


def test_never_shown_to_another_person(personas):
    """Two people whose versions are alike (same log head, no unread messages) each
    see their own navigation."""
    admin = kept(personas.admin)
    organiser = kept(personas.organiser)
    assert admin != organiser
    assert kept(personas.admin) == admin
    assert kept(personas.organiser) == organiser


def test_the_queue_count_follows_submissions_and_withdrawals(personas, faculty):
    officer = make_person_with_role(Role.EVENTS_OFFICER, faculty, full_name="Eve Officer")
    assert labels(kept(officer))["Waiting for me"] == 0
    request = make_request(organiser=personas.organiser, unit=faculty, submit=True)
    assert labels(kept(officer))["Waiting for me"] == 1
    event_services.withdraw_request(
        acting_user=personas.organiser, event_request=request, reason="Cancelled"
    )
    assert labels(kept(officer))["Waiting for me"] == 0


def test_a_deputy_sees_the_queue_from_the_day_it_starts_until_it_ends(
    personas, faculty, other_faculty
):
    officer = make_person_with_role(Role.EVENTS_OFFICER, faculty, full_name="Eve Officer")
    deputy = make_person_with_role(Role.EVENTS_OFFICER, other_faculty, full_name="Dee Puty")
    make_request(organiser=personas.organiser, unit=faculty, submit=True)
    tomorrow = timezone.localdate() + timedelta(days=1)
    midnight = timezone.make_aware(datetime.combine(tomorrow, time()))
    with time_machine.travel(midnight - timedelta(minutes=2)):
        assert labels(kept(deputy))["Waiting for me"] == 0
        entry = event_services.add_deputy(
            acting_user=officer, deputy=deputy, starts_on=tomorrow, ends_on=tomorrow
        )
        assert labels(kept(deputy))["Waiting for me"] == 0  # not yet: it starts tomorrow
    # Two minutes later, well within what is kept, with no write: the date moved.
    with time_machine.travel(midnight + timedelta(minutes=1)):
        assert labels(kept(deputy))["Waiting for me"] == 1
        event_services.end_deputy(acting_user=officer, entry=entry)
        assert labels(kept(deputy))["Waiting for me"] == 0


def test_the_unread_count_follows_messages_sent_and_read(personas):
    assert labels(kept(personas.organiser))["Inbox"] == 0
    with transaction.atomic():
        (message,) = notify_services.notify(
            [personas.organiser], "notify/email/deciding_role_granted.txt", {}, subject="Hello"
        )
    assert labels(kept(personas.organiser))["Inbox"] == 1
    # Not audited, and no state change: a job's message, written directly.
    Message.objects.create(recipient=personas.organiser, subject="Reminder", body="x")
    assert labels(kept(personas.organiser))["Inbox"] == 2
    notify_services.mark_read(user=personas.organiser, message_ids=[message.pk])
    assert labels(kept(personas.organiser))["Inbox"] == 1


def test_a_deactivated_persons_navigation_is_not_kept_for_them(personas):
    """Deactivating is audited: were the person's old session still served, the
    navigation would be computed again (and show no roles)."""
    kept(personas.organiser)
    account_services.deactivate_user(acting_user=personas.admin, user=personas.organiser)
    assert kept(personas.organiser) == compute_navigation(fresh(personas.organiser))


def test_the_kept_markup_marks_the_page_it_is_shown_on(personas):
    """The markup is kept per person, versions and current entry: each page's equals
    the markup drawn afresh (inside a transaction nothing is kept or read)."""
    home, inbox = reverse("core:home"), reverse("events:inbox")
    for path in (home, inbox, home, inbox, "/somewhere/else/"):
        shown = navigation.navigation_html(fresh(personas.organiser), path)
        with transaction.atomic():
            drawn = navigation.navigation_html(fresh(personas.organiser), path)
        assert shown == drawn
    at_home = navigation.navigation_html(fresh(personas.organiser), home)
    assert f'href="{home}" class="site-nav__link" aria-current="page"' in at_home
    assert f'href="{inbox}" class="site-nav__link" aria-current="page"' not in at_home
    in_inbox = navigation.navigation_html(fresh(personas.organiser), inbox)
    assert f'href="{inbox}" class="site-nav__link" aria-current="page"' in in_inbox
    assert navigation.navigation_html(fresh(personas.admin), home) != at_home


def test_a_second_page_draws_no_navigation(personas, faculty):
    """Through the whole stack, a reviewer's page seen again reads only the versions
    for its navigation: not their roles, whom they deputise for, their queue or their
    unread count (the versions carry it)."""
    officer = make_person_with_role(Role.EVENTS_OFFICER, faculty, full_name="Eve Officer")
    client = client_for(officer)
    inbox = reverse("events:inbox")
    first = count_queries(lambda: client.get(inbox))
    second = count_queries(lambda: client.get(inbox))
    # First: session, user, the versions, roles, deputies, queue, unread, messages.
    # Again: session, user, the versions, messages.
    assert (first, second) == (8, 4)


def test_a_second_page_signed_in_through_the_form_costs_one_query_fewer(personas, faculty):
    """As people sign in (the session recorded in allauth's register), the session
    brings the person's row (podium/accounts/sessions.py): the same page as above,
    with the user query gone."""
    from allauth.usersessions.models import UserSession

    officer = make_person_with_role(Role.EVENTS_OFFICER, faculty, full_name="Eve Officer")
    client = client_for(officer)
    UserSession.objects.create(user=officer, session_key=client.session.session_key, ip="::1")
    inbox = reverse("events:inbox")
    first = count_queries(lambda: client.get(inbox))
    second = count_queries(lambda: client.get(inbox))
    # Again: the session with the person, the versions, messages.
    assert (first, second) == (7, 3)


def test_each_persons_versions_statement_asks_about_them(personas):
    """The versions statement is compiled once per person (`navigation.versions`):
    each person's asks about their own unread messages, and it is asked afresh."""
    admin, auditor = fresh(personas.admin), fresh(personas.auditor)
    Message.objects.create(recipient=personas.auditor, subject="One", body="For the auditor")
    before_admin, before_auditor = navigation.versions(admin), navigation.versions(auditor)
    assert before_admin[1:] != before_auditor[1:]  # the audit head is shared, unread is not
    Message.objects.create(recipient=personas.admin, subject="Two", body="For the admin")
    after_admin = navigation.versions(admin)
    assert after_admin != before_admin
    assert navigation.versions(auditor)[1:] == before_auditor[1:]
