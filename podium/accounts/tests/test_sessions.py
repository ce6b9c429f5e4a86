"""The session store that reads the signed-in person's row with the session
(`podium/accounts/sessions.py`): one query fewer on every signed-in page, and every
sign-out, limit, deactivation, password change and role change still acts on the
very next request (docs/performance.md, "The per-request floor, third pass")."""

from __future__ import annotations

import datetime as dt

import pytest
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib import auth
from django.contrib.sessions.models import Session
from django.db import connection
from django.http import HttpRequest
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from podium.accounts import services
from podium.accounts.models import RoleAssignment, User
from podium.accounts.sessions import SessionStore, signed_in_user
from podium.testing.personas import client_for
from podium.testing.signin import sign_in


def signed_in(email: str) -> Client:
    """A browser signed in through the sign-in form, as people sign in."""
    client = Client()
    assert sign_in(client, email).status_code == 302
    return client


def session_key(client: Client) -> str:
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def shows(client: Client, text: str) -> bool:
    response = client.get(reverse("core:home"))
    return response.status_code == 200 and text in response.content.decode()


def is_signed_in(client: Client) -> bool:
    return client.get(reverse("core:home")).status_code == 200


def user_queries(captured: CaptureQueriesContext) -> list[str]:
    table = connection.ops.quote_name(User._meta.db_table)
    return [q["sql"] for q in captured.captured_queries if q["sql"].startswith(f"SELECT {table}.")]


def test_signing_in_records_the_session_the_person_is_read_through(personas):
    client = signed_in("auditor@example.ac.uk")
    assert UserSession.objects.get(session_key=session_key(client)).user == personas.auditor


def test_a_signed_in_page_reads_the_person_with_the_session(personas):
    page = reverse("core:accessibility")
    form, forced = signed_in("auditor@example.ac.uk"), client_for(personas.auditor)
    form.get(page), forced.get(page)  # first visits: the session's clocks written
    with CaptureQueriesContext(connection) as with_register:
        assert form.get(page).status_code == 200
    with CaptureQueriesContext(connection) as without_register:
        assert forced.get(page).status_code == 200
    # force_login records no register row: Django's path, the person read on their own.
    assert len(with_register) == len(without_register) - 1
    assert user_queries(with_register) == []
    assert len(user_queries(without_register)) == 1


def test_the_person_read_with_the_session_equals_a_fresh_read(personas):
    client = signed_in("auditor@example.ac.uk")
    store = SessionStore(session_key(client))
    store.load()
    fresh = User.objects.get(pk=personas.auditor.pk)
    assert store.prefetched_user is not None
    for field in User._meta.concrete_fields:  # types too: SQLite's booleans and dates
        kept, read = getattr(store.prefetched_user, field.attname), getattr(fresh, field.attname)
        assert (kept, type(kept)) == (read, type(read)), field.name
    assert store.prefetched_user._state.adding is False
    assert store.prefetched_user._state.db == fresh._state.db


def request_for(client: Client | None) -> HttpRequest:
    request = RequestFactory().get("/")
    request.session = SessionStore(session_key(client) if client else None)
    return request


def test_signed_in_user_answers_what_djangos_get_user_answers(personas):
    client = signed_in("auditor@example.ac.uk")
    fast, django = signed_in_user(request_for(client)), auth.get_user(request_for(client))
    assert fast == django == personas.auditor
    assert auth.get_user(request_for(None)).is_anonymous
    assert signed_in_user(request_for(None)).is_anonymous
    # A session with no register row: Django's path, the same answer.
    forced = client_for(personas.organiser)
    assert signed_in_user(request_for(forced)) == personas.organiser


def test_a_changed_name_shows_on_the_next_page(personas):
    client = signed_in("auditor@example.ac.uk")
    assert shows(client, "Aud Itor")
    User.objects.filter(pk=personas.auditor.pk).update(full_name="Audrey Itor")
    assert shows(client, "Audrey Itor")


def test_a_person_deactivated_without_ending_their_sessions_is_signed_out_at_once(personas):
    client = signed_in("auditor@example.ac.uk")
    assert is_signed_in(client)
    # Not through the service (which also deletes the sessions): the row alone.
    User.objects.filter(pk=personas.auditor.pk).update(
        is_active=False, deactivated_at=timezone.now()
    )
    assert not is_signed_in(client)


def test_deactivation_through_the_service_signs_out_at_once(personas):
    client = signed_in("auditor@example.ac.uk")
    services.deactivate_user(acting_user=personas.admin, user=personas.auditor)
    assert not is_signed_in(client)


def test_a_password_changed_elsewhere_signs_the_session_out_and_deletes_it(personas):
    client = signed_in("auditor@example.ac.uk")
    key = session_key(client)
    person = User.objects.get(pk=personas.auditor.pk)
    person.set_password("another long passphrase 42")
    person.save()
    assert not is_signed_in(client)
    assert not Session.objects.filter(session_key=key).exists()  # flushed, as Django does


def test_signing_out_elsewhere_acts_on_the_other_browsers_next_request(personas):
    laptop, phone = signed_in("auditor@example.ac.uk"), signed_in("auditor@example.ac.uk")
    assert laptop.post(reverse("usersessions_list")).status_code in (200, 302)
    assert is_signed_in(laptop)
    assert not is_signed_in(phone)


def test_a_deleted_or_expired_session_is_signed_out(personas):
    deleted, expired = signed_in("auditor@example.ac.uk"), signed_in("auditor@example.ac.uk")
    Session.objects.filter(session_key=session_key(deleted)).delete()
    Session.objects.filter(session_key=session_key(expired)).update(
        expire_date=timezone.now() - dt.timedelta(seconds=1)
    )
    assert not is_signed_in(deleted)
    assert not is_signed_in(expired)


def test_signing_out_ends_the_session(personas):
    client = signed_in("auditor@example.ac.uk")
    client.post(reverse("account_logout"))
    assert not is_signed_in(client)


def test_a_register_row_naming_someone_else_never_signs_them_in(personas):
    client = signed_in("auditor@example.ac.uk")
    UserSession.objects.filter(session_key=session_key(client)).update(user=personas.admin)
    # Even with the same password hash (so the session's hash verifies for both).
    password = User.objects.get(pk=personas.auditor.pk).password
    User.objects.filter(pk=personas.admin.pk).update(password=password)
    assert shows(client, "Aud Itor")
    assert not shows(client, "Ada Admin")


def test_a_revoked_role_is_refused_on_the_next_request(personas):
    client = signed_in("admin@example.ac.uk")
    people = reverse("accounts:user-list")
    assert client.get(people).status_code == 200
    for assignment in RoleAssignment.objects.current().filter(user=personas.admin):
        services.revoke_role(acting_user=personas.faculty_admin, assignment=assignment)
    assert client.get(people).status_code == 403


@pytest.mark.parametrize("kept", [True, False])
def test_a_rotated_secret_key_is_decided_by_djangos_own_path(personas, kept):
    client = signed_in("auditor@example.ac.uk")
    key = session_key(client)
    old = settings.SECRET_KEY
    fallbacks = [old] if kept else []
    with override_settings(SECRET_KEY=old[::-1] + "x", SECRET_KEY_FALLBACKS=fallbacks):
        assert is_signed_in(client) is kept
        if kept:  # a hash made with a fallback secret: Django cycles the session's key
            assert session_key(client) != key
            assert is_signed_in(client)


def test_the_statement_follows_the_models(personas):
    from podium.accounts.sessions import _statement

    sql, _ = _statement("default")
    for field in User._meta.concrete_fields:
        assert connection.ops.quote_name(field.column) in sql
