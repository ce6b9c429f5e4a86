"""The session store (`SESSION_ENGINE`): Django's database sessions, with the
signed-in person's row read in the same statement as the session.

A signed-in page used to pay two queries before any view ran: the session
(`django_session`) and then the person (`accounts_user`, by the id in the session),
each built through the ORM (~0.3–0.4 ms of CPU each: docs/performance.md, "The
per-request floor, third pass"). Here the session is read by one prepared
statement that also brings the person's row, through the session register that
allauth keeps for every sign-in (`usersessions.UserSession`: the list of sessions
and "sign out elsewhere" read it too):

    SELECT s.session_data, u.* FROM django_session s
    LEFT JOIN usersessions_usersession us ON us.session_key = s.session_key
    LEFT JOIN accounts_user u ON u.id = us.user_id
    WHERE s.session_key = %s AND s.expire_date > %s

Nothing is cached: both rows are read on every request, at the moment Django would
read them, so signing out (here or elsewhere), a session limit, deactivation and a
password change act on the very next request as before. The row is only offered to
`signed_in_user`, which takes it when, and only when, Django's own `auth.get_user`
would return that same row (the session's user id, a backend that reads users by
id, an active person, the session's password hash verified); in every other case
(no register row, another person's, a hash to check against an old secret,
anything unusual) it calls Django's `auth.get_user`, which reads the person again
and decides as it always has.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.contrib import auth
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.middleware import (
    AuthenticationMiddleware as DjangoAuthenticationMiddleware,
)
from django.contrib.sessions.backends import db
from django.core.signals import setting_changed
from django.db import connections, router
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from podium.accounts.models import User


@cache
def _statement(alias: str) -> tuple[str, list[tuple[int, list[Any], Any]]]:
    """The session-and-person statement for database `alias`, and the converters of
    the person's columns (as the ORM applies them: SQLite's booleans and dates).
    Built once per process from the models' metadata."""
    # Imported here: settings name this module (SESSION_ENGINE, MIDDLEWARE), and a
    # module that settings name may be imported before the app registry is ready.
    from allauth.usersessions.models import UserSession
    from django.contrib.sessions.models import Session

    # The same reason.
    from podium.accounts.models import User

    connection = connections[alias]
    quote = connection.ops.quote_name
    fields = User._meta.concrete_fields
    session, register, person = Session._meta, UserSession._meta, User._meta
    names = {
        "data": quote(session.get_field("session_data").column),
        "columns": ", ".join(f"u.{quote(field.column)}" for field in fields),
        "sessions": quote(session.db_table),
        "key": quote(session.get_field("session_key").column),
        "expiry": quote(session.get_field("expire_date").column),
        "register": quote(register.db_table),
        "register_key": quote(register.get_field("session_key").column),
        "register_user": quote(register.get_field("user").column),
        "people": quote(person.db_table),
        "id": quote(person.pk.column),
    }
    # Identifiers from the models' metadata, quoted; the values are parameters.
    sql = (  # noqa: S608 - quoted identifiers of the models; values are parameters
        "SELECT s.{data}, {columns} FROM {sessions} s "
        "LEFT JOIN {register} us ON us.{register_key} = s.{key} "
        "LEFT JOIN {people} u ON u.{id} = us.{register_user} "
        "WHERE s.{key} = %s AND s.{expiry} > %s"
    ).format(**names)
    converters = []
    for index, field in enumerate(fields):
        column = field.get_col("u")
        found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        if found:
            converters.append((index, found, column))
    return sql, converters


@receiver(setting_changed)
def _forget_statement(*, setting: str, **kwargs: object) -> None:
    if setting in ("DATABASES", "AUTH_USER_MODEL"):
        _statement.cache_clear()


class SessionStore(db.SessionStore):
    """Django's database session store; loading a session also reads the row of the
    person it belongs to (see the module's docstring), offered to `signed_in_user`
    as `prefetched_user`."""

    prefetched_user: User | None = None

    def _get_session_from_db(self) -> Any:
        # Imported here, as in `_statement`: settings name this module.
        from podium.accounts.models import User

        self.prefetched_user = None
        alias = router.db_for_read(self.model)
        connection = connections[alias]
        sql, converters = _statement(alias)
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            cursor.execute(sql, [self.session_key, now])
            row = cursor.fetchone()
        if row is None:  # as Django's: no such session, or it has expired
            self._session_key = None
            return None
        values = list(row[1:])
        if values[0] is not None:  # the person's row came with it
            for index, found, column in converters:
                for converter in found:
                    values[index] = converter(values[index], column, connection)
            names = [field.attname for field in User._meta.concrete_fields]
            self.prefetched_user = User.from_db(alias, names, values)
        return self.model(session_key=self.session_key or "", session_data=row[0])

    def flush(self) -> None:
        self.prefetched_user = None
        super().flush()


def signed_in_user(request: HttpRequest) -> User | AnonymousUser | Any:
    """Who is signed in: exactly what Django's `auth.get_user(request)` answers, taking
    the person's row read with the session when Django would return that same row,
    and asking Django in every other case."""
    session = request.session
    try:
        user_id = auth.get_user_model()._meta.pk.to_python(session[auth.SESSION_KEY])
        backend_path = session[auth.BACKEND_SESSION_KEY]
    except KeyError:  # no one signed in: Django's answer, without asking again
        from django.contrib.auth.models import AnonymousUser

        return AnonymousUser()
    user = getattr(session, "prefetched_user", None)
    if user is None or user.pk != user_id or backend_path not in settings.AUTHENTICATION_BACKENDS:
        return auth.get_user(request)
    backend = auth.load_backend(backend_path)
    # Django's path reads the person with ModelBackend.get_user (by id, then
    # `user_can_authenticate`: active); a backend that reads people otherwise is asked.
    if type(backend).get_user is not ModelBackend.get_user or not isinstance(backend, ModelBackend):
        return auth.get_user(request)
    if not backend.user_can_authenticate(user):
        return auth.get_user(request)
    session_hash = session.get(auth.HASH_SESSION_KEY)
    if session_hash and constant_time_compare(session_hash, user.get_session_auth_hash()):
        return user
    # Not verified by the current secret (a fallback secret, a changed password, no
    # hash): Django's own path decides (cycles the key, or flushes the session).
    return auth.get_user(request)


class AuthenticationMiddleware(DjangoAuthenticationMiddleware):
    """Django's, with `request.user` from `signed_in_user` (the same person, with one
    query fewer when the session brought their row)."""

    def process_request(self, request: HttpRequest) -> None:
        super().process_request(request)

        def get_user() -> Any:
            if not hasattr(request, "_cached_user"):
                request._cached_user = signed_in_user(request)  # type: ignore[attr-defined]
            return request._cached_user  # type: ignore[attr-defined]

        request.user = SimpleLazyObject(get_user)  # type: ignore[assignment]
