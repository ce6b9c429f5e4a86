"""Sign-in, two-factor authentication, rate limits and session limits
(QUALITY.md, security: login)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from podium.accounts import services
from podium.accounts.roles import Role
from podium.audit.models import AuditEntry
from podium.testing import factories
from podium.testing.personas import client_for
from podium.testing.signin import code_at, enrol_totp, sign_in

START = dt.datetime(2026, 3, 2, 9, 0, 0, tzinfo=dt.UTC)


def actions() -> list[str]:
    return list(AuditEntry.objects.order_by("sequence").values_list("action", flat=True))


def is_signed_in(client: Client) -> bool:
    return client.get(reverse("core:home")).status_code == 200


# --- Two-factor authentication ------------------------------------------------------


def test_totp_enrol_sign_out_sign_in_with_a_code_and_a_replayed_code_fails(personas):
    client = Client()
    with time_machine.travel(START, tick=False) as clock:
        assert sign_in(client, "organiser@example.ac.uk").status_code == 302
        secret = enrol_totp(client, START)
        assert "accounts.mfa.added" in actions()
        client.post(reverse("account_logout"))
        assert not is_signed_in(client)

        clock.shift(dt.timedelta(seconds=60))
        response = sign_in(client, "organiser@example.ac.uk")
        assert response.url == reverse("mfa_authenticate")
        assert not is_signed_in(client)  # the password alone is not enough
        code = code_at(secret, START + dt.timedelta(seconds=60))
        response = client.post(reverse("mfa_authenticate"), {"code": code})
        assert response.status_code == 302
        assert is_signed_in(client)
        client.post(reverse("account_logout"))

        # The same code again, still within its 30 seconds: refused.
        other = Client()
        sign_in(other, "organiser@example.ac.uk")
        response = other.post(reverse("mfa_authenticate"), {"code": code})
        assert response.status_code == 200
        assert "That code is not right, or has already been used." in response.content.decode()
        assert not is_signed_in(other)


def test_a_wrong_code_is_refused_and_linked_to_its_field(personas):
    client = Client()
    with time_machine.travel(START, tick=False):
        sign_in(client, "organiser@example.ac.uk")
        enrol_totp(client, START)
        client.post(reverse("account_logout"))
        sign_in(client, "organiser@example.ac.uk")
        response = client.post(reverse("mfa_authenticate"), {"code": "000000x"})
    body = response.content.decode()
    assert 'href="#id_code"' in body
    assert "That code is not right" in body


def test_a_recovery_code_signs_in_once(personas):
    client = Client()
    with time_machine.travel(START, tick=False):
        sign_in(client, "organiser@example.ac.uk")
        enrol_totp(client, START)
        client.post(reverse("account_logout"))
    recovery = Authenticator.objects.get(
        user=personas.organiser, type=Authenticator.Type.RECOVERY_CODES
    )
    code = RecoveryCodes(recovery).get_unused_codes()[0]

    sign_in(client, "organiser@example.ac.uk")
    assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 302
    assert is_signed_in(client)
    client.post(reverse("account_logout"))

    sign_in(client, "organiser@example.ac.uk")
    assert client.post(reverse("mfa_authenticate"), {"code": code}).status_code == 200
    assert not is_signed_in(client)


def test_mandatory_mfa_walks_the_person_through_enrolment(personas):
    services.set_mfa_required_roles(acting_user=personas.admin, roles={Role.ORGANISER.value})
    client = Client()
    with time_machine.travel(START, tick=False):
        response = sign_in(client, "organiser@example.ac.uk")
        response = client.get(reverse("core:home"))
        assert response.url == reverse("mfa_activate_totp")
        enrol_totp(client, START)
        assert is_signed_in(client)


def test_a_security_key_meets_the_mandatory_mfa_rule(personas):
    services.set_mfa_required_roles(acting_user=personas.admin, roles={Role.ORGANISER.value})
    client = client_for(personas.organiser)
    assert client.get(reverse("core:home")).url == reverse("mfa_activate_totp")
    adding = client.get(reverse("mfa_add_webauthn"))  # reachable: it asks to confirm first
    assert adding.url.startswith(reverse("account_reauthenticate"))
    Authenticator.objects.create(
        user=personas.organiser,
        type=Authenticator.Type.WEBAUTHN,
        data={"name": "YubiKey", "credential": {}},
    )
    assert client.get(reverse("core:home")).status_code == 200


def test_people_without_a_mandatory_role_are_not_asked_to_enrol(personas):
    services.set_mfa_required_roles(acting_user=personas.admin, roles={Role.ORGANISER.value})
    client = Client()
    sign_in(client, "auditor@example.ac.uk")
    assert is_signed_in(client)


def test_the_security_settings_page_saves_the_policy_with_an_audit_entry(personas):
    admin = client_for(personas.admin)
    response = admin.post(
        reverse("accounts:security-settings"),
        {"roles": [Role.PREVENT_LEAD.value, Role.DATA_PROTECTION_OFFICER.value]},
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="accounts.security.mfa_policy_changed")
    assert entry.data["changes"]["mfa_required_roles"] == {
        "old": [],
        "new": ["data_protection_officer", "prevent_lead"],
    }
    page = admin.get(reverse("accounts:security-settings")).content.decode()
    assert 'value="prevent_lead" id="id_roles_3" checked' in page or "checked" in page


def test_an_unknown_role_is_refused(personas):
    response = client_for(personas.admin).post(
        reverse("accounts:security-settings"), {"roles": ["emperor"]}
    )
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()


# --- Rate limits --------------------------------------------------------------------


def test_ten_failed_guesses_per_account_then_a_pause_not_a_lock_out(personas):
    client = Client()
    with time_machine.travel(START, tick=False) as clock:
        for _ in range(10):
            assert sign_in(client, "admin@example.ac.uk", "wrong").status_code == 200
        response = sign_in(client, "admin@example.ac.uk")  # even the right password
        assert "Too many failed attempts to sign in." in response.content.decode()
        assert not is_signed_in(client)
        clock.shift(dt.timedelta(minutes=5, seconds=1))
        assert sign_in(client, "admin@example.ac.uk").status_code == 302


def test_ten_failed_guesses_per_address_across_accounts(personas):
    client = Client()
    with time_machine.travel(START, tick=False):
        for n in range(10):
            sign_in(client, f"someone{n}@example.ac.uk", "wrong")
        response = sign_in(client, "admin@example.ac.uk")
    assert "Too many failed attempts to sign in." in response.content.decode()


PROXY = "10.0.0.5"  # the reverse proxy: every request reaches gunicorn from it


def guess_from(client: Client, email: str, forwarded_for: str):
    return client.post(
        reverse("account_login"),
        {"login": email, "password": "wrong"},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def last_failed_ip() -> str:
    failed = AuditEntry.objects.filter(action="accounts.session.sign_in_failed")
    entry = failed.order_by("sequence").last()
    assert entry is not None
    return str(entry.data["ip"])


def test_behind_a_trusted_proxy_the_address_limit_is_per_client(personas, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    client = Client()
    with time_machine.travel(START, tick=False):
        for n in range(10):
            guess_from(client, f"someone{n}@example.ac.uk", "198.51.100.7")
        blocked = guess_from(Client(), "other@example.ac.uk", "198.51.100.7")
        elsewhere = guess_from(Client(), "other@example.ac.uk", "203.0.113.9")
    assert "Too many failed attempts to sign in." in blocked.content.decode()
    assert "Too many failed attempts to sign in." not in elsewhere.content.decode()
    assert last_failed_ip() == "203.0.113.9"


def test_an_address_a_client_writes_into_x_forwarded_for_is_ignored(personas, settings):
    # Through one trusted proxy, the client's own "X-Forwarded-For: 1.2.3.n" sits to
    # the left of the address the proxy appends, and is never read.
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    with time_machine.travel(START, tick=False):
        for n in range(10):
            guess_from(Client(), f"someone{n}@example.ac.uk", f"192.0.2.{n}, 198.51.100.7")
        response = guess_from(Client(), "other@example.ac.uk", "192.0.2.99, 198.51.100.7")
    assert "Too many failed attempts to sign in." in response.content.decode()
    assert last_failed_ip() == "198.51.100.7"


def test_without_a_trusted_proxy_x_forwarded_for_is_ignored(personas, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    with time_machine.travel(START, tick=False):
        for n in range(10):
            guess_from(Client(), f"someone{n}@example.ac.uk", f"192.0.2.{n}")
        response = guess_from(Client(), "other@example.ac.uk", "192.0.2.99")
    assert "Too many failed attempts to sign in." in response.content.decode()
    assert last_failed_ip() == PROXY


def test_a_trusted_client_address_header_is_used_when_named(personas, settings):
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    with time_machine.travel(START, tick=False):
        for n in range(10):
            Client().post(
                reverse("account_login"),
                {"login": f"someone{n}@example.ac.uk", "password": "wrong"},
                REMOTE_ADDR=PROXY,
                HTTP_X_REAL_IP="198.51.100.7",
                HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
            )
        other = sign_in(
            Client(REMOTE_ADDR=PROXY, HTTP_X_REAL_IP="203.0.113.9"), "admin@example.ac.uk"
        )
    assert other.status_code == 302
    assert last_failed_ip() == "198.51.100.7"


def test_failed_and_successful_sign_ins_are_audited(personas):
    client = Client()
    sign_in(client, "admin@example.ac.uk", "wrong")
    sign_in(client, "admin@example.ac.uk")
    client.post(reverse("account_logout"))
    assert actions()[-3:] == [
        "accounts.session.sign_in_failed",
        "accounts.session.signed_in",
        "accounts.session.signed_out",
    ]


def test_changing_the_password_is_audited(personas):
    client = Client()
    sign_in(client, "admin@example.ac.uk")
    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": factories.PASSWORD,
            "password1": "another long passphrase",
            "password2": "another long passphrase",
        },
    )
    assert response.status_code == 302
    assert "accounts.password.changed" in actions()
    assert is_signed_in(client)  # changing the password keeps this session


def test_a_short_or_common_password_is_refused(personas):
    client = Client()
    sign_in(client, "admin@example.ac.uk")
    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": factories.PASSWORD,
            "password1": "password1234",
            "password2": "password1234",
        },
    )
    assert "This password is too common." in response.content.decode()


# --- Sessions -----------------------------------------------------------------------


def test_an_idle_session_ends_after_30_minutes(personas):
    client = Client()
    with time_machine.travel(START, tick=False) as clock:
        sign_in(client, "admin@example.ac.uk")
        clock.shift(dt.timedelta(minutes=29))
        assert is_signed_in(client)
        clock.shift(dt.timedelta(minutes=29))
        assert is_signed_in(client)  # activity renewed it
        clock.shift(dt.timedelta(minutes=31))
        response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_a_session_ends_12_hours_after_sign_in_whatever_the_activity(personas):
    client = Client()
    with time_machine.travel(START, tick=False) as clock:
        sign_in(client, "admin@example.ac.uk")
        for _ in range(12 * 3):
            clock.shift(dt.timedelta(minutes=20))
            assert is_signed_in(client)
        clock.shift(dt.timedelta(minutes=20))
        assert not is_signed_in(client)


def test_the_keep_alive_renews_the_idle_limit(personas):
    client = Client()
    with time_machine.travel(START, tick=False) as clock:
        sign_in(client, "admin@example.ac.uk")
        clock.shift(dt.timedelta(minutes=28))
        assert client.post(reverse("accounts:session-keepalive")).status_code == 204
        clock.shift(dt.timedelta(minutes=28))
        assert is_signed_in(client)


def test_deactivating_a_person_ends_all_their_sessions(personas):
    laptop, phone = Client(), Client()
    sign_in(laptop, "auditor@example.ac.uk")
    sign_in(phone, "auditor@example.ac.uk")
    sessions_before = Session.objects.count()
    services.deactivate_user(acting_user=personas.admin, user=personas.auditor)
    assert Session.objects.count() == sessions_before - 2
    assert not is_signed_in(laptop)
    assert not is_signed_in(phone)
    entry = AuditEntry.objects.get(action="accounts.user.deactivated")
    assert entry.data == {"signed_out_browsers": 2}


def test_a_person_sees_their_sessions_and_ends_the_others(personas):
    laptop, phone = Client(), Client()
    sign_in(laptop, "auditor@example.ac.uk")
    sign_in(phone, "auditor@example.ac.uk")
    page = laptop.get(reverse("usersessions_list")).content.decode()
    assert page.count("<tr>") == 3  # the heading row and two sessions
    assert "This browser" in page
    laptop.post(reverse("usersessions_list"))
    assert is_signed_in(laptop)
    assert not is_signed_in(phone)
    entry = AuditEntry.objects.get(action="accounts.session.signed_out_elsewhere")
    assert entry.data == {"browsers_signed_out": 1}


@pytest.mark.parametrize("name", ["mfa_index", "usersessions_list"])
def test_the_security_pages_show_for_a_signed_in_person(personas, name):
    assert client_for(personas.outsider).get(reverse(name)).status_code == 200


def test_turning_mfa_off_is_audited_and_a_mandatory_role_must_enrol_again(personas):
    services.set_mfa_required_roles(acting_user=personas.admin, roles={Role.ORGANISER.value})
    client = Client()
    with time_machine.travel(START, tick=False):
        sign_in(client, "organiser@example.ac.uk")
        enrol_totp(client, START)
        assert is_signed_in(client)
        response = client.post(reverse("mfa_deactivate_totp"))
        assert response.status_code == 302
        assert actions().count("accounts.mfa.removed") == 2  # the app and the recovery codes
        assert client.get(reverse("core:home")).url == reverse("mfa_activate_totp")


def test_signing_in_returns_to_the_page_asked_for(personas):
    client = Client()
    login_url = client.get(reverse("accounts:user-list")).url
    response = client.post(
        login_url,
        {
            "login": "admin@example.ac.uk",
            "password": factories.PASSWORD,
            "next": "/accounts/people/",
        },
    )
    assert response.url == reverse("accounts:user-list")


def test_no_one_can_sign_themselves_up(client, db):
    assert client.get("/accounts/signup/").status_code == 404
    assert "sign up" not in client.get(reverse("account_login")).content.decode().lower()
