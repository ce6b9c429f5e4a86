"""`/api/v1/`: authentication, attribution, errors and each endpoint's behaviour.
Who may call what is `tests/test_api_matrix.py`."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from podium.accounts.models import OrgUnit, RoleAssignment, UnitKind, User
from podium.accounts.roles import Role
from podium.api.models import ApiToken, TokenScope
from podium.api.services import revoke_token
from podium.audit.models import AuditEntry
from podium.testing import factories
from podium.testing.api import ApiClient, api_client_for, token_for

UNAUTHENTICATED = {
    "errors": [{"field": None, "message": "Send a valid API token: Authorization: Bearer <token>."}]
}


def test_me_answers_with_the_token_holder_and_their_roles(personas, faculty):
    response = api_client_for(personas.organiser, scope=TokenScope.READ).get("/api/v1/me")
    assert response.status_code == 200
    body = response.json()
    assert body["email"] == "organiser@example.ac.uk"
    assert body["full_name"] == "Oli Organiser"
    [role] = body["roles"]
    assert role["role"] == "organiser" and role["role_label"] == "Organiser"
    assert role["unit"] == {"id": faculty.pk, "name": "Faculty of Arts"}


@pytest.mark.parametrize(
    "header",
    ["", "Bearer", "Bearer pdm_wrong", "Basic YWRtaW46YWRtaW4=", "bearer  ", "Token pdm_x"],
)
def test_a_request_without_a_valid_token_is_401_json(db, header):
    response = ApiClient(None).client.get("/api/v1/me", headers={"Authorization": header})
    assert response.status_code == 401
    assert response.json() == UNAUTHENTICATED
    assert response["WWW-Authenticate"] == 'Bearer realm="podium"'


def test_an_expired_token_is_401(personas):
    secret = token_for(personas.organiser, days=7)
    with time_machine.travel(timezone.now() + timedelta(days=8)):
        assert ApiClient(secret).get("/api/v1/me").status_code == 401


def test_a_revoked_token_is_401(personas):
    secret = token_for(personas.organiser)
    revoke_token(acting_user=personas.organiser, token=ApiToken.objects.get())
    assert ApiClient(secret).get("/api/v1/me").status_code == 401


def test_a_signed_in_session_does_not_authenticate_the_api(personas):
    from podium.testing.personas import client_for

    client = client_for(personas.admin)
    assert client.get("/api/v1/me").status_code == 401
    response = client.post(
        "/api/v1/users",
        data={"email": "csrf@example.ac.uk", "full_name": "Cross Site"},
        content_type="application/json",
    )
    assert response.status_code == 401
    assert not User.objects.filter(email="csrf@example.ac.uk").exists()


def test_a_read_only_token_cannot_write(personas):
    api = api_client_for(personas.admin, scope=TokenScope.READ)
    response = api.post("/api/v1/users", {"email": "new@example.ac.uk", "full_name": "New"})
    assert response.status_code == 403
    assert response.json() == {
        "errors": [
            {
                "field": None,
                "message": "This token is read-only; create a read-write token to change data.",
            }
        ]
    }
    assert not User.objects.filter(email="new@example.ac.uk").exists()


def test_reads_and_refused_requests_write_no_audit_entry_but_note_the_tokens_last_use(
    personas,
):
    api = api_client_for(personas.auditor, scope=TokenScope.READ)
    token = ApiToken.objects.get(user=personas.auditor)
    last = AuditEntry.objects.order_by("-sequence").first().sequence
    with time_machine.travel(timezone.now(), tick=False) as clock:
        assert api.get("/api/v1/me").status_code == 200
        assert api.get("/api/v1/users/999999").status_code == 404
        assert api.post("/api/v1/users", {}).status_code == 403
        token.refresh_from_db()
        assert token.last_used_at == timezone.now()
        clock.shift(timedelta(minutes=1))
        api.get("/api/v1/me")
        token.refresh_from_db()
        assert token.last_used_at == timezone.now()
    assert not AuditEntry.objects.filter(sequence__gt=last).exists()


def test_a_write_is_audited_by_the_service_as_the_token_holder(personas):
    api = api_client_for(personas.admin)
    response = api.post(
        "/api/v1/users", {"email": "New@Example.ac.uk", "full_name": " New Person "}
    )
    assert response.status_code == 201
    created = AuditEntry.objects.filter(action="accounts.user.created").latest("sequence")
    assert created.actor == personas.admin
    assert created.data["email"] == "new@example.ac.uk"
    assert AuditEntry.objects.latest("sequence") == created  # one entry: the service's


def test_malformed_json_is_400_with_a_message(personas):
    response = api_client_for(personas.admin).send("post", "/api/v1/users", raw=b"{not json")
    assert response.status_code == 400
    assert response.json() == {
        "errors": [{"field": None, "message": "The request body is not valid JSON."}]
    }


def test_missing_and_mistyped_fields_are_named(personas):
    response = api_client_for(personas.admin).post("/api/v1/role-assignments", {"user": "x"})
    assert response.status_code == 400
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"user", "role", "unit"}


# --- Units ---------------------------------------------------------------------


def test_the_unit_list_holds_only_units_in_scope(personas, institution, faculty, other_faculty):
    dept = factories.make_unit(parent=faculty, name="History", kind=UnitKind.DEPARTMENT)
    body = api_client_for(personas.faculty_admin).get("/api/v1/units").json()
    assert [u["id"] for u in body["items"]] == [faculty.pk, dept.pk]
    assert body["next_cursor"] is None


def test_the_unit_list_comes_a_page_at_a_time(personas, institution):
    api = api_client_for(personas.admin)
    first = api.get("/api/v1/units", {"limit": 2}).json()
    assert len(first["items"]) == 2 and first["next_cursor"]
    second = api.get("/api/v1/units", {"limit": 2, "cursor": first["next_cursor"]}).json()
    assert [u["id"] for u in second["items"]] == [OrgUnit.objects.order_by("path", "pk")[2].pk]
    assert second["next_cursor"] is None


def test_a_unit_is_created_through_the_service(personas, faculty):
    response = api_client_for(personas.faculty_admin).post(
        "/api/v1/units", {"name": "History", "kind": "department", "parent": faculty.pk}
    )
    assert response.status_code == 201
    unit = OrgUnit.objects.get(name="History")
    assert response.json() == {
        "id": unit.pk,
        "name": "History",
        "kind": "department",
        "parent": faculty.pk,
        "path": unit.path,
        "is_active": True,
        "version": response.json()["version"],
    }
    assert AuditEntry.objects.filter(action="accounts.unit.created", actor=personas.faculty_admin)


def test_a_unit_cannot_be_created_under_a_unit_out_of_scope(personas, other_faculty):
    response = api_client_for(personas.faculty_admin).post(
        "/api/v1/units", {"name": "Physics", "kind": "department", "parent": other_faculty.pk}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "parent"


def test_a_duplicate_unit_name_is_a_field_error(personas, faculty):
    api = api_client_for(personas.admin)
    api.post("/api/v1/units", {"name": "History", "kind": "department", "parent": faculty.pk})
    response = api.post(
        "/api/v1/units", {"name": "history", "kind": "department", "parent": faculty.pk}
    )
    assert response.status_code == 400
    assert response.json() == {
        "errors": [
            {"field": "name", "message": "Faculty of Arts already has a unit called history."}
        ]
    }


def test_a_unit_update_changes_only_the_fields_sent(personas, faculty):
    response = api_client_for(personas.admin).patch(
        f"/api/v1/units/{faculty.pk}", {"name": "Faculty of Arts and Humanities"}
    )
    assert response.status_code == 200
    faculty.refresh_from_db()
    assert faculty.name == "Faculty of Arts and Humanities"
    assert faculty.kind == UnitKind.FACULTY and faculty.is_active


def test_a_unit_out_of_scope_is_404(personas, other_faculty):
    api = api_client_for(personas.faculty_admin)
    assert api.get(f"/api/v1/units/{other_faculty.pk}").status_code == 404
    assert api.patch(f"/api/v1/units/{other_faculty.pk}", {"name": "X"}).status_code == 404


# --- People --------------------------------------------------------------------


def test_creating_a_person_invites_them(personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client_for(personas.admin).post(
            "/api/v1/users", {"email": "new@example.ac.uk", "full_name": "New Person"}
        )
    assert response.status_code == 201
    assert response.json()["email"] == "new@example.ac.uk"
    assert mail.outbox[0].to == ["new@example.ac.uk"]


def test_a_bad_email_address_is_a_field_error(personas):
    response = api_client_for(personas.admin).post(
        "/api/v1/users", {"email": "not an address", "full_name": "X"}
    )
    assert response.status_code == 400
    assert response.json() == {
        "errors": [
            {
                "field": "email",
                "message": "Enter an e-mail address in the correct format, like name@example.ac.uk.",
            }
        ]
    }


def test_an_address_already_in_use_is_a_field_error(personas):
    response = api_client_for(personas.admin).post(
        "/api/v1/users", {"email": "organiser@example.ac.uk", "full_name": "X"}
    )
    assert response.status_code == 400
    assert response.json() == {
        "errors": [{"field": "email", "message": "organiser@example.ac.uk already has an account."}]
    }


def test_the_people_list_searches_and_pages(personas):
    api = api_client_for(personas.auditor, scope=TokenScope.READ)
    body = api.get("/api/v1/users", {"q": "organ"}).json()
    assert [u["email"] for u in body["items"]] == ["organiser@example.ac.uk"]
    first = api.get("/api/v1/users", {"limit": 3}).json()
    second = api.get("/api/v1/users", {"limit": 3, "cursor": first["next_cursor"]}).json()
    names = [u["full_name"] for u in first["items"] + second["items"]]
    assert names == sorted(u.full_name for u in User.objects.all())


def test_a_person_update_changes_only_the_fields_sent(personas):
    response = api_client_for(personas.admin).patch(
        f"/api/v1/users/{personas.organiser.pk}", {"full_name": "Olive Organiser"}
    )
    assert response.status_code == 200
    personas.organiser.refresh_from_db()
    assert personas.organiser.full_name == "Olive Organiser"
    assert personas.organiser.email == "organiser@example.ac.uk"


def test_deactivating_a_person_stops_their_tokens(personas):
    theirs = api_client_for(personas.organiser)
    response = api_client_for(personas.admin).post(
        f"/api/v1/users/{personas.organiser.pk}/deactivate"
    )
    assert response.status_code == 200
    assert response.json()["is_active"] is False
    assert theirs.get("/api/v1/me").status_code == 401


def test_deactivating_yourself_is_a_409(personas):
    response = api_client_for(personas.admin).post(f"/api/v1/users/{personas.admin.pk}/deactivate")
    assert response.status_code == 409
    assert response.json() == {
        "errors": [{"field": None, "message": "You cannot deactivate your own account."}]
    }


def test_reactivating_a_person(personas):
    api = api_client_for(personas.admin)
    api.post(f"/api/v1/users/{personas.outsider.pk}/deactivate")
    response = api.post(f"/api/v1/users/{personas.outsider.pk}/reactivate")
    assert response.status_code == 200 and response.json()["is_active"] is True


# --- Role assignments ----------------------------------------------------------


def test_granting_and_revoking_a_role(personas, faculty):
    api = api_client_for(personas.faculty_admin)
    response = api.post(
        "/api/v1/role-assignments",
        {"user": personas.outsider.pk, "role": "events_officer", "unit": faculty.pk},
    )
    assert response.status_code == 201
    assignment = RoleAssignment.objects.get(user=personas.outsider)
    assert assignment.granted_by == personas.faculty_admin
    assert response.json()["role_label"] == "Events and bookings officer"
    response = api.post(f"/api/v1/role-assignments/{assignment.pk}/revoke")
    assert response.status_code == 200
    assignment.refresh_from_db()
    assert assignment.revoked_by == personas.faculty_admin
    assert api.post(f"/api/v1/role-assignments/{assignment.pk}/revoke").status_code == 404


def test_granting_over_a_unit_out_of_scope_is_404(personas, other_faculty):
    response = api_client_for(personas.faculty_admin).post(
        "/api/v1/role-assignments",
        {"user": personas.outsider.pk, "role": "organiser", "unit": other_faculty.pk},
    )
    assert response.status_code == 404
    assert not RoleAssignment.objects.filter(user=personas.outsider).exists()


def test_granting_to_an_unknown_person_names_the_field(personas, faculty):
    response = api_client_for(personas.admin).post(
        "/api/v1/role-assignments", {"user": 999999, "role": "organiser", "unit": faculty.pk}
    )
    assert response.status_code == 400
    assert response.json() == {
        "errors": [{"field": "user", "message": "No one with this id has a Podium account."}]
    }


def test_granting_a_role_twice_is_a_field_error(personas, faculty):
    response = api_client_for(personas.admin).post(
        "/api/v1/role-assignments",
        {"user": personas.organiser.pk, "role": "organiser", "unit": faculty.pk},
    )
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"field": "role", "message": "Oli Organiser is already Organiser for Faculty of Arts."}
    ]


def test_the_role_list_holds_current_roles_in_scope(personas, faculty, other_faculty):
    factories.grant(factories.make_user(), Role.ORGANISER, other_faculty)
    body = api_client_for(personas.faculty_admin).get("/api/v1/role-assignments").json()
    assert {(a["user_email"], a["unit"]["id"]) for a in body["items"]} == {
        ("faculty.admin@example.ac.uk", faculty.pk),
        ("organiser@example.ac.uk", faculty.pk),
    }
    filtered = api_client_for(personas.admin).get(
        "/api/v1/role-assignments", {"user": personas.organiser.pk}
    )
    assert [a["user_email"] for a in filtered.json()["items"]] == ["organiser@example.ac.uk"]


def test_error_bodies_are_always_json(personas):
    response = api_client_for(personas.organiser).get("/api/v1/units")
    assert response.status_code == 403
    assert response["Content-Type"].startswith("application/json")
    assert json.loads(response.content) == {
        "errors": [{"field": None, "message": "You do not have permission to do this."}]
    }


WRITES = {
    ("POST", "/api/v1/units"): "accounts.unit.created",
    ("PATCH", "/api/v1/units/{unit}"): "accounts.unit.updated",
    ("POST", "/api/v1/users"): "accounts.user.created",
    ("PATCH", "/api/v1/users/{person}"): "accounts.user.updated",
    ("POST", "/api/v1/users/{person}/deactivate"): "accounts.user.deactivated",
    ("POST", "/api/v1/users/{gone}/reactivate"): "accounts.user.reactivated",
    ("POST", "/api/v1/role-assignments"): "accounts.role.granted",
    ("POST", "/api/v1/role-assignments/{role}/revoke"): "accounts.role.revoked",
}


def test_every_write_operation_has_an_audit_case():
    from config.api import api

    writes = {
        (method.upper(), path)
        for path, item in api.get_openapi_schema()["paths"].items()
        for method in item
        # Training, event requests and speakers check their own audit entries:
        # podium/{training,events,speakers}/tests/test_api.py; the sharing sign-off and
        # the research writes have theirs in tests/test_every_post_is_audited.py, the
        # other sharing writes in podium/sharing/tests/test_api_writes.py.
        if method != "get"
        and not path.startswith(
            (
                "/api/v1/training",
                "/api/v1/briefings",  # podium/training/tests/test_briefings.py
                "/api/v1/event-requests",
                "/api/v1/speakers",
                "/api/v1/disclosures",
                "/api/v1/speaker-information-requests",
                "/api/v1/sharing-agreements",
                "/api/v1/research-",
                # Signed by a peer, not a token: podium/exchange/tests/test_receive.py
                # checks the entry of each receipt and refusal.
                "/api/v1/exchange/",
            )
        )
    }
    assert writes == {
        (
            m,
            p.replace("{unit}", "{pk}")
            .replace("{person}", "{pk}")
            .replace("{gone}", "{pk}")
            .replace("{role}", "{pk}"),
        )
        for m, p in WRITES
    }


@pytest.mark.parametrize(("method", "path"), sorted(WRITES))
def test_each_write_is_audited_by_its_service_and_as_a_token_use(personas, faculty, method, path):
    from podium.accounts import services

    person = factories.make_user(email="person@example.ac.uk", full_name="Per Son")
    role = factories.grant(person, Role.ORGANISER, faculty)
    gone = services.deactivate_user(acting_user=personas.admin, user=factories.make_user())
    url = path.format(unit=faculty.pk, person=person.pk, gone=gone.pk, role=role.pk)
    body = {
        "/api/v1/units": {"name": "New", "kind": "department", "parent": faculty.pk},
        "/api/v1/users": {"email": "new@example.ac.uk", "full_name": "New"},
        "/api/v1/role-assignments": {"user": person.pk, "role": "auditor", "unit": faculty.pk},
    }.get(url, {"name": "Renamed"} if "units" in url else {"full_name": "Renamed"})
    api = api_client_for(personas.admin)
    last = AuditEntry.objects.order_by("-sequence").first().sequence
    response = api.send(method.lower(), url, body)
    assert 200 <= response.status_code < 300, response.content
    new = list(
        AuditEntry.objects.filter(sequence__gt=last)
        .order_by("sequence")
        .values_list("action", "actor_id")
    )
    assert new == [(WRITES[(method, path)], personas.admin.pk)]


def test_a_stale_patch_is_refused_not_silently_applied(personas, faculty):
    api = api_client_for(personas.admin)
    version = api.get(f"/api/v1/units/{faculty.pk}").json()["version"]
    first = api.patch(f"/api/v1/units/{faculty.pk}", {"name": "Arts", "version": version})
    assert first.status_code == 200
    stale = api.patch(f"/api/v1/units/{faculty.pk}", {"name": "Humanities", "version": version})
    assert stale.status_code == 409
    assert stale.json()["errors"][0]["message"].startswith("Someone else changed this")
    faculty.refresh_from_db()
    assert faculty.name == "Arts"


def test_a_stale_person_patch_is_refused(personas):
    api = api_client_for(personas.admin)
    url = f"/api/v1/users/{personas.outsider.pk}"
    version = api.get(url).json()["version"]
    assert api.patch(url, {"full_name": "Olly", "version": version}).status_code == 200
    assert api.patch(url, {"full_name": "Ollie", "version": version}).status_code == 409
