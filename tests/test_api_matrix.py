"""Every `/api/v1/` operation × every persona, with tokens (QUALITY.md, security).

The same rules as the pages: no valid token -> 401; missing capability -> 403;
record outside the person's units -> 404. Read-only tokens may not write (403).
The operations are read from the OpenAPI document, so a new endpoint fails the
suite until it is added to MATRIX.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pytest

from config.api import api
from podium.accounts.models import OrgUnit, UnitKind
from podium.accounts.roles import Role
from podium.api.models import TokenScope
from podium.events import services as events
from podium.testing import factories
from podium.testing import research as research_testing
from podium.testing.api import ApiClient, token_for
from podium.testing.events import approval, make_request
from podium.testing.module_rows import World, module_world
from podium.testing.personas import PERSONA_NAMES, Personas
from podium.testing.training import make_course, make_staff

OK = "ok"  # any 2xx


def only(*allowed: str, scoped_out: tuple[str, ...] = ()) -> dict[str, Any]:
    expected: dict[str, Any] = {"anonymous": 401}
    for name in PERSONA_NAMES[1:]:
        expected[name] = OK if name in allowed else 404 if name in scoped_out else 403
    return expected


ANY_TOKEN = {"anonymous": 401, **dict.fromkeys(PERSONA_NAMES[1:], OK)}


def organisers(organiser: Any = OK) -> dict[str, Any]:
    """An event request is seen by its organiser (and reviewers, not among the
    personas): everyone else gets 404. `organiser` is what its organiser gets: OK, a
    403 for a reviewer's action, or a 409 when the request's state forbids it."""
    return {**only(scoped_out=tuple(PERSONA_NAMES[1:])), "organiser": organiser}


@dataclass
class Objects:
    """Records outside `faculty`, the faculty admin's scope."""

    unit: OrgUnit
    person_pk: int
    role_pk: int
    other_person_pk: int
    # The organiser's event request in `faculty`, approved with one condition.
    faculty_pk: int
    event_pk: int
    condition_pk: int
    staff_pk: int = 0  # a staff member in the other faculty
    disclosure_pk: int = 0  # a draft disclosure (podium.testing.sharing)
    sharing_request_pk: int = 0  # a speaker information request to one partner
    agreement_pk: int = 0  # a data sharing agreement
    research_pk: int = 0  # someone else's research registration in the other faculty


def registration_body(o: Objects) -> dict[str, Any]:
    kind, location = research_testing.lists()
    return {
        "title": "A corpus study",
        "researcher_kind": "staff",
        "researcher_number": "S100",
        "unit": o.unit.pk,
        "ethics_reference": "ETH-1",
        "material_kinds": [kind.pk],
        "storage_location": location.pk,
        "storage_attested": True,
        "starts_on": research_testing.today().isoformat(),
        "ends_on": (research_testing.today() + timedelta(days=365)).isoformat(),
    }


def unit_body(o: Objects) -> dict[str, Any]:
    return {"name": "New department", "kind": UnitKind.DEPARTMENT, "parent": o.unit.pk}


# (method, path template) -> expected per persona, and the JSON body to send.
MATRIX: dict[tuple[str, str], tuple[dict[str, Any], Any]] = {
    ("GET", "/api/v1/me"): (ANY_TOKEN, None),
    ("GET", "/api/v1/units"): (only("admin", "faculty_admin", "auditor"), None),
    ("POST", "/api/v1/units"): (
        # The faculty admin may create units, but not under this parent: a field error.
        {**only("admin"), "faculty_admin": 400},
        unit_body,
    ),
    ("GET", "/api/v1/units/{pk}"): (only("admin", "auditor", scoped_out=("faculty_admin",)), None),
    ("PATCH", "/api/v1/units/{pk}"): (
        only("admin", scoped_out=("faculty_admin",)),
        {"name": "Renamed"},
    ),
    ("GET", "/api/v1/users"): (only("admin", "auditor"), None),
    ("POST", "/api/v1/users"): (
        only("admin"),
        {"email": "api.new@example.ac.uk", "full_name": "Api New"},
    ),
    ("GET", "/api/v1/users/{pk}"): (only("admin", "auditor"), None),
    ("PATCH", "/api/v1/users/{pk}"): (only("admin"), {"full_name": "Renamed Person"}),
    ("POST", "/api/v1/users/{pk}/deactivate"): (only("admin"), None),
    ("POST", "/api/v1/users/{pk}/reactivate"): (
        # The person is active: the administrator reaches the service, which refuses.
        {**only("admin"), "admin": 409},
        None,
    ),
    ("GET", "/api/v1/role-assignments"): (only("admin", "faculty_admin", "auditor"), None),
    ("POST", "/api/v1/role-assignments"): (
        only("admin", scoped_out=("faculty_admin",)),
        lambda o: {"user": o.other_person_pk, "role": Role.EVENTS_OFFICER, "unit": o.unit.pk},
    ),
    ("POST", "/api/v1/role-assignments/{pk}/revoke"): (
        only("admin", scoped_out=("faculty_admin",)),
        None,
    ),
    # Prevent concern cases: the case roles only (none of the personas); 404 for the rest.
    ("GET", "/api/v1/concerns"): (only(scoped_out=tuple(PERSONA_NAMES[1:])), None),
    ("GET", "/api/v1/concerns/{pk}"): (only(scoped_out=tuple(PERSONA_NAMES[1:])), None),
    # Information sharing: institution-wide roles; the auditor reads the log's metadata,
    # administrators the agreements; the DPO alone signs off (not among the personas).
    ("GET", "/api/v1/disclosures"): (only("auditor"), None),
    ("GET", "/api/v1/disclosures/{pk}"): (only("auditor"), None),
    ("POST", "/api/v1/disclosures/{pk}/sign-off"): (only(), {"approve": True}),
    ("GET", "/api/v1/speaker-information-requests"): (only("auditor"), None),
    ("GET", "/api/v1/sharing-agreements"): (only("admin"), None),
    # The student organiser briefing: no student organiser exists here, so those who
    # may record a session are told the address is not one (a field error).
    ("GET", "/api/v1/briefings"): (only("admin", "faculty_admin", "auditor"), None),
    ("POST", "/api/v1/briefings/attendances"): (
        {**only(), "admin": 400, "faculty_admin": 400},
        {"student_email": "nobody@example.ac.uk", "attended_on": "2025-01-06"},
    ),
    # The writes: the Prevent lead and head of security (not among the personas)
    # record and ask; administrators (and the DPO) review agreements.
    ("POST", "/api/v1/disclosures"): (
        only(),
        {
            "direction": "outgoing",
            "partner": 1,
            "subject": "other",
            "subject_text": "Something",
            "purpose": 1,
            "necessity": "Needed.",
            "lawful_basis": "public_task",
            "decision_maker": 1,
            "method": "secure_email",
            "shared_on": "2026-11-02",
        },
    ),
    ("POST", "/api/v1/disclosures/{pk}/submit"): (only(), None),
    ("POST", "/api/v1/speaker-information-requests"): (
        only(),
        {"speaker": 1, "partners": [1], "question": "Has this speaker spoken with you?"},
    ),
    ("POST", "/api/v1/speaker-information-requests/{pk}/answers"): (
        only(),
        {"partner": 1, "rag": "amber", "summary": "Some concerns."},
    ),
    ("POST", "/api/v1/sharing-agreements/{pk}/reviews"): (only("admin"), {"outcome": "continue"}),
    # Staff training: a staff member outside the faculty admin's scope.
    ("GET", "/api/v1/training/staff"): (only("admin", "faculty_admin", "auditor"), None),
    ("GET", "/api/v1/training/staff/{pk}"): (
        only("admin", "auditor", scoped_out=("faculty_admin",)),
        None,
    ),
    ("POST", "/api/v1/training/completions"): (
        # Outside the faculty admin's units the staff number is unknown (a field error).
        {**only("admin"), "faculty_admin": 400},
        {"staff_number": "P1", "course": "PREVENT-AWARENESS", "completed_on": "2025-01-06"},
    ),
    ("POST", "/api/v1/training/completions/bulk"): (
        only("admin"),
        {
            "rows": [
                {"staff_number": "P1", "course": "PREVENT-AWARENESS", "completed_on": "2025-01-07"}
            ]
        },
    ),
    # The Prevent risk assessment: read by those who read the pages (the auditor here).
    ("GET", "/api/v1/risk-assessment"): (only("auditor"), None),
    ("GET", "/api/v1/risk-assessment/actions"): (only("auditor"), None),
    ("GET", "/api/v1/complaints"): (only("auditor"), None),
    # Event requests. The admin and auditor hold no events role: they see none.
    ("GET", "/api/v1/event-requests"): (ANY_TOKEN, None),
    ("POST", "/api/v1/event-requests"): (
        only("organiser"),
        lambda o: {"title": "A talk", "unit": o.faculty_pk},
    ),
    ("GET", "/api/v1/event-requests/queue"): (only(), None),
    ("GET", "/api/v1/event-requests/{pk}"): (organisers(), None),
    ("PATCH", "/api/v1/event-requests/{pk}"): (organisers(), {"title": "Renamed"}),
    ("POST", "/api/v1/event-requests/{pk}/submit"): (organisers(409), {}),
    ("POST", "/api/v1/event-requests/{pk}/withdraw"): (organisers(409), {}),
    ("POST", "/api/v1/event-requests/{pk}/information-requests"): (
        organisers(403),
        {"question": "Who?"},
    ),
    ("POST", "/api/v1/event-requests/{pk}/information-requests/answer"): (
        organisers(409),
        {"answer": "Me."},
    ),
    ("POST", "/api/v1/event-requests/{pk}/notes"): (organisers(403), {"text": "Hm."}),
    ("POST", "/api/v1/event-requests/{pk}/escalate"): (organisers(403), {"reason": "Hm."}),
    ("POST", "/api/v1/event-requests/{pk}/fast-track"): (organisers(403), {}),
    ("POST", "/api/v1/event-requests/{pk}/decision"): (
        organisers(403),
        {"outcome": "approved", "rationale": "Fine."},
    ),
    ("POST", "/api/v1/event-requests/{pk}/appeal"): (organisers(), {"grounds": "Unfair."}),
    ("POST", "/api/v1/event-requests/{pk}/appeal/decision"): (
        organisers(403),
        {"upheld": False, "rationale": "Stands."},
    ),
    ("POST", "/api/v1/event-requests/{pk}/cancel"): (organisers(), {"reason": "Ill."}),
    ("POST", "/api/v1/event-requests/{pk}/conditions/{condition_pk}/confirm"): (organisers(), {}),
    ("POST", "/api/v1/event-requests/{pk}/conditions/{condition_pk}/review"): (
        organisers(403),
        {"review": "met"},
    ),
    ("POST", "/api/v1/event-requests/{pk}/post-event-report"): (
        # Approved, but the event has not started yet.
        organisers(409),
        {"went_ahead": True, "attendance": 10},
    ),
    ("POST", "/api/v1/event-requests/{pk}/incidents"): (
        organisers(403),
        {"occurred_at": "2000-01-01T10:00:00Z", "severity": "low", "description": "Noise."},
    ),
    # Subject access requests: the DPO (not among the personas) and the auditor read.
    ("GET", "/api/v1/subject-access-requests"): (only("auditor"), None),
    ("GET", "/api/v1/subject-access-requests/{pk}"): (only("auditor"), None),
    # Security-sensitive research: anyone registers and lists their own; someone
    # else's registration is out of scope; no persona holds the lookup.
    ("GET", "/api/v1/research-registrations"): (ANY_TOKEN, None),
    ("POST", "/api/v1/research-registrations"): (ANY_TOKEN, registration_body),
    ("GET", "/api/v1/research-registrations/{pk}"): (
        only(scoped_out=tuple(PERSONA_NAMES[1:])),
        None,
    ),
    ("POST", "/api/v1/research-lookups"): (
        only(),
        {"query": "Some One", "purpose": "police", "reason": "Police asked about this person."},
    ),
    # The speaker register: organisers search, read and add; reviewers (not among the
    # personas) correct, merge and record checks.
    ("GET", "/api/v1/speakers"): (only("organiser"), None),
    ("POST", "/api/v1/speakers"): (only("organiser"), {"name": "Api Speaker"}),
    ("GET", "/api/v1/speakers/{pk}"): (only("organiser"), None),
    ("PATCH", "/api/v1/speakers/{pk}"): (only(), {"name": "Renamed Speaker"}),
    ("POST", "/api/v1/speakers/{pk}/merge"): (only(), {"merged": 1, "reason": "Same."}),
    ("POST", "/api/v1/speakers/{pk}/checks"): (
        only(),
        {"sources": [1], "checked_on": "2026-01-01", "findings": "Nothing."},
    ),
}

# Authenticated by a peer's HTTP message signature, never a token: every token (and
# none) gets 401, a problem document (podium/exchange/tests/test_receive.py has the rest).
SIGNED_BY_PEERS = {("POST", "/api/v1/exchange/messages")}
MATRIX[("POST", "/api/v1/exchange/messages")] = (
    {"anonymous": 401, **dict.fromkeys(PERSONA_NAMES[1:], 401)},
    {"protocol": "podium-exchange/1"},
)
WRITES = [key for key in MATRIX if key[0] != "GET" and key not in SIGNED_BY_PEERS]


def operations() -> list[tuple[str, str]]:
    schema = api.get_openapi_schema()
    return sorted(
        (method.upper(), path) for path, item in schema["paths"].items() for method in item
    )


def test_every_api_operation_is_in_the_matrix():
    assert operations() == sorted(MATRIX), "Add the new API operation to MATRIX."


def make_objects(personas: Personas, faculty: OrgUnit, other_faculty: OrgUnit) -> Objects:
    unit = factories.make_unit(
        parent=other_faculty, name="Department of Physics", kind=UnitKind.DEPARTMENT
    )
    person = factories.make_user(email="someone@example.ac.uk", full_name="Some One")
    role = factories.grant(person, Role.ORGANISER, unit)
    other = factories.make_user(email="other@example.ac.uk", full_name="Other Person")
    officer = factories.make_person_with_role(Role.EVENTS_OFFICER, faculty)
    event = make_request(organiser=personas.organiser, unit=faculty, submit=True)
    decision = events.decide(
        acting_user=officer, event_request=event, facts=approval(conditions=True)
    )
    staff = make_staff("P1", unit)
    research = research_testing.register(person, unit)
    make_course("Prevent awareness")
    from podium.sharing import services as sharing
    from podium.testing.sharing import facts, make_sharing

    s = make_sharing(other_faculty.parent)  # type: ignore[arg-type]
    disclosure = sharing.create_disclosure(acting_user=s.prevent, facts=facts(s))
    asked = sharing.ask_partners(
        acting_user=s.prevent,
        speaker_id=s.speaker.pk,
        partners=[s.partner],
        question="Has this speaker spoken with you?",
        due_on=None,
    )
    agreement = sharing.save_agreement(
        acting_user=s.dpo,
        agreement=None,
        partners=[s.partner],
        title="Speakers with Northshire",
        purpose="Speakers",
        data_categories="Names",
        lawful_bases="Public task",
        starts_on=date(2026, 1, 5),
        owner=s.dpo,
    )
    return Objects(
        disclosure_pk=disclosure.pk,
        sharing_request_pk=asked.pk,
        agreement_pk=agreement.pk,
        staff_pk=staff.pk,
        research_pk=research.pk,
        unit=unit,
        person_pk=person.pk,
        role_pk=role.pk,
        other_person_pk=other.pk,
        faculty_pk=faculty.pk,
        event_pk=event.pk,
        condition_pk=decision.conditions.get().pk,
    )


# Every test here starts from the same records (the personas and `make_objects`), made
# once per module (per xdist worker) inside a transaction; each test runs in a savepoint
# rolled back after it (podium/testing/module_rows.py), so each still starts from
# exactly those rows.


@pytest.fixture(scope="module")
def _world(django_db_setup, django_db_blocker) -> Iterator[World]:
    def make(world: World) -> Objects:
        return make_objects(world.personas, world.faculty, world.other_faculty)

    with module_world(django_db_blocker, make) as world:
        yield world


@pytest.fixture
def world(_world: World, db) -> World:
    """A fresh copy of the module's records' Python objects for each test."""
    return copy.deepcopy(_world)


@pytest.fixture
def personas(world: World) -> Personas:
    return world.personas


@pytest.fixture
def objects(world: World) -> Objects:
    return world.objects


def _path(template: str, o: Objects) -> str:
    if "subject-access-requests/{pk}" in template:
        from podium.testing.subject_access import logged_request

        return template.format(pk=logged_request().pk)
    if "disclosures/{pk}" in template:
        return template.format(pk=o.disclosure_pk)
    if "speaker-information-requests/{pk}" in template:
        return template.format(pk=o.sharing_request_pk)
    if "sharing-agreements/{pk}" in template:
        return template.format(pk=o.agreement_pk)
    if "research-registrations/{pk}" in template:
        return template.format(pk=o.research_pk)
    if "training/staff/{pk}" in template:
        return template.format(pk=o.staff_pk)
    if "speakers/{pk}" in template:
        from podium.speakers.models import Speaker

        return template.format(pk=Speaker.objects.values_list("pk", flat=True).earliest("pk"))
    if "event-requests/{pk}" in template:
        return template.format(pk=o.event_pk, condition_pk=o.condition_pk)
    if "role-assignments/{pk}" in template:
        return template.format(pk=o.role_pk)
    if "units/{pk}" in template:
        return template.format(pk=o.unit.pk)
    return template.format(pk=o.person_pk)


def _call(client: ApiClient, method: str, path: str, body: Any, o: Objects) -> Any:
    if method == "GET":
        return client.get(path)
    return client.send(method.lower(), path, body(o) if callable(body) else body)


@pytest.mark.parametrize("persona", PERSONA_NAMES)
@pytest.mark.parametrize(("method", "path"), sorted(MATRIX))
def test_api_access(method: str, path: str, persona: str, personas: Personas, objects: Objects):
    expected_by_persona, body = MATRIX[(method, path)]
    user = personas.get(persona)
    client = ApiClient(token_for(user) if user is not None else None)
    response = _call(client, method, _path(path, objects), body, objects)
    expected = expected_by_persona[persona]
    if expected == OK:
        assert 200 <= response.status_code < 300, response.content
    else:
        assert response.status_code == expected, response.content
        assert response.json()["errors"]


@pytest.mark.parametrize(("method", "path"), WRITES)
def test_a_read_only_token_may_not_write(method: str, path: str, personas: Personas, objects):
    client = ApiClient(token_for(personas.admin, scope=TokenScope.READ))
    response = _call(client, method, _path(path, objects), MATRIX[(method, path)][1], objects)
    assert response.status_code == 403
