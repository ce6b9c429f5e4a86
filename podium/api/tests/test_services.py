from __future__ import annotations

import hashlib
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from podium.accounts import services as accounts
from podium.api import services
from podium.api.models import ApiToken, TokenScope
from podium.api.selectors import usable_token
from podium.audit.models import AuditEntry
from podium.core.errors import DomainError

DAYS_30 = timedelta(days=30)


def make(user, **overrides):
    arguments = {
        "acting_user": user,
        "user": user,
        "name": "Nightly sync",
        "scope": TokenScope.READ,
        "lifetime": DAYS_30,
        **overrides,
    }
    return services.create_token(**arguments)


def test_a_new_token_stores_only_the_hash_of_its_secret(personas):
    token, secret = make(personas.organiser)
    token.refresh_from_db()
    assert secret.startswith("pdm_") and len(secret) > 40
    assert token.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert token.prefix == secret[:12]
    assert secret not in {str(getattr(token, f.attname)) for f in ApiToken._meta.concrete_fields}


def test_creating_a_token_is_audited_without_the_secret(personas):
    token, secret = make(personas.organiser)
    entry = AuditEntry.objects.get(action="api.token.created")
    assert entry.actor == personas.organiser
    assert entry.target_id == str(token.pk)
    assert entry.data["scope"] == "read" and entry.data["prefix"] == token.prefix
    assert secret not in str(entry.data)


def test_a_token_expires_after_its_lifetime(personas):
    token, _ = make(personas.organiser, lifetime=timedelta(days=7))
    assert token.expires_at - token.created_at == timedelta(days=7)


@pytest.mark.parametrize("days", [0, 367])
def test_a_token_lasts_between_a_day_and_a_year(personas, days):
    with pytest.raises(DomainError, match="A token lasts between one day and one year."):
        make(personas.organiser, lifetime=timedelta(days=days))


def test_a_token_needs_a_name(personas):
    with pytest.raises(DomainError, match="Enter a name for the token."):
        make(personas.organiser, name="  ")


def test_a_deactivated_person_cannot_have_a_token(personas):
    accounts.deactivate_user(acting_user=personas.admin, user=personas.organiser)
    personas.organiser.refresh_from_db()
    with pytest.raises(DomainError, match="is deactivated and cannot have API tokens"):
        make(personas.organiser)


def test_revoking_a_token_keeps_the_row_and_is_audited(personas):
    token, secret = make(personas.organiser)
    services.revoke_token(acting_user=personas.organiser, token=token)
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEntry.objects.filter(action="api.token.revoked", target_id=str(token.pk)).exists()
    assert usable_token(secret=secret) is None


def test_a_token_cannot_be_revoked_twice(personas):
    token, _ = make(personas.organiser)
    services.revoke_token(acting_user=personas.organiser, token=token)
    with pytest.raises(DomainError, match="This token has already been revoked."):
        services.revoke_token(acting_user=personas.organiser, token=token)


def test_a_live_token_is_found_by_its_secret(personas):
    token, secret = make(personas.organiser)
    assert usable_token(secret=secret) == token
    assert usable_token(secret=secret + "x") is None
    assert usable_token(secret="not-a-podium-token") is None


def test_an_expired_token_is_not_usable(personas):
    _, secret = make(personas.organiser, lifetime=timedelta(days=7))
    with time_machine.travel(timezone.now() + timedelta(days=7, seconds=1)):
        assert usable_token(secret=secret) is None


def test_a_deactivated_persons_token_stops_working(personas):
    _, secret = make(personas.organiser)
    accounts.deactivate_user(acting_user=personas.admin, user=personas.organiser)
    assert usable_token(secret=secret) is None


def test_a_use_sets_last_used_and_writes_no_audit_entry(personas):
    token, _ = make(personas.organiser)
    entries = AuditEntry.objects.count()
    services.note_token_use(token=token)
    token.refresh_from_db()
    assert token.last_used_at is not None
    assert AuditEntry.objects.count() == entries


def test_last_used_is_written_at_most_once_a_minute(personas, settings, django_assert_num_queries):
    settings.PODIUM_API_TOKEN_LAST_USED_SECONDS = 60
    token, _ = make(personas.organiser)
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        services.note_token_use(token=token)
        clock.shift(timedelta(seconds=59))
        fresh = usable_token_row(token)
        with django_assert_num_queries(0):
            services.note_token_use(token=fresh)
        assert usable_token_row(token).last_used_at == start
        clock.shift(timedelta(seconds=1))
        services.note_token_use(token=usable_token_row(token))
        assert usable_token_row(token).last_used_at == start + timedelta(seconds=60)


def test_a_use_noted_by_another_request_meanwhile_is_not_written_again(personas):
    token, _ = make(personas.organiser)
    stale = usable_token_row(token)  # read at the start of a request
    services.note_token_use(token=usable_token_row(token))  # another request notes it
    written = usable_token_row(token).last_used_at
    services.note_token_use(token=stale)
    assert usable_token_row(token).last_used_at == written


def usable_token_row(token):
    return ApiToken.objects.get(pk=token.pk)
