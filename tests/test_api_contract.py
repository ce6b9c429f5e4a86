"""The API's contract: the same operations as before the kit was split out, schema
names that do not overwrite each other, and what the kit enforces said in the
schema and answered as JSON (podium/api/README.md, "Limits"). The generated run
over every operation is tests/test_api_schemathesis.py."""

from __future__ import annotations

import enum
import json
from pathlib import Path
from typing import Any, get_args

import pytest
from pydantic import BaseModel

from config.api import api
from podium.speakers import services as speakers
from podium.testing.api import ApiClient, api_client_for
from podium.testing.factories import make_person_with_role

SCHEMA = api.get_openapi_schema(path_prefix="/api/v1")
COMPONENTS = SCHEMA["components"]["schemas"]


def test_the_operations_are_those_listed():
    """(method, path, operationId) of every operation: a new operation is added to
    tests/api_operations.txt on purpose, and none changes by moving code."""
    listed = Path(__file__).with_name("api_operations.txt").read_text().split("\n")
    operations = sorted(
        f"{method.upper()} {path} {operation['operationId']}"
        for path, item in SCHEMA["paths"].items()
        for method, operation in item.items()
    )
    assert operations == [line for line in listed if line]


# --- Schema names ------------------------------------------------------------------


def _models(annotation: Any, found: set[type]) -> None:
    """Every pydantic model and enum reachable from `annotation`."""
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        found.add(annotation)
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if annotation in found:
            return
        if not annotation.__module__.startswith("ninja"):  # its wrappers are not components
            found.add(annotation)
        for field in annotation.model_fields.values():
            _models(field.annotation, found)
    for argument in get_args(annotation):
        _models(argument, found)


def collisions(classes: set[type]) -> dict[str, list[str]]:
    """Schema name -> the classes that would all be written to it (more than one)."""
    by_name: dict[str, set[str]] = {}
    for cls in classes:
        by_name.setdefault(cls.__name__, set()).add(f"{cls.__module__}.{cls.__qualname__}")
    return {name: sorted(where) for name, where in by_name.items() if len(where) > 1}


def schema_classes() -> set[type]:
    found: set[type] = set()
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in operation.models:
                    _models(model, found)
                for response in operation.response_models.values():
                    _models(response, found)
    return found


def test_schema_names_are_unique():
    """django-ninja writes every schema to `components` under its class name: two
    classes of one name overwrite each other, and the document then lies about one."""
    classes = schema_classes()
    assert {c.__name__ for c in classes} >= {"SpeakerOut", "RequestSpeakerOut", "UnitOut"}
    assert collisions(classes) == {}


def test_a_schema_name_collision_is_found():
    class SpeakerOut(BaseModel):
        name: str

    assert "SpeakerOut" in collisions(schema_classes() | {SpeakerOut})


# --- Bodies --------------------------------------------------------------------------


@pytest.fixture
def reviewer_api(institution) -> ApiClient:
    from podium.accounts.roles import Role

    return api_client_for(make_person_with_role(Role.PREVENT_LEAD, institution))


@pytest.mark.parametrize("body", [b"[null,null]", b'"x"', b"5", b"null", b"true", b"[]"])
def test_a_body_that_is_not_a_json_object_is_refused(reviewer_api, personas, body):
    speaker = speakers.create_speaker(
        acting_user=personas.organiser, facts=speakers.SpeakerFacts(name="Ada Lovelace")
    )
    response = reviewer_api.send("patch", f"/api/v1/speakers/{speaker.pk}", raw=body)
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json()["errors"][0]["message"]
    speaker.refresh_from_db()
    assert speaker.name == "Ada Lovelace"


def test_unknown_properties_are_refused_naming_them(personas):
    """A misspelt field is not silently dropped: every body schema says
    `additionalProperties: false`, and the API refuses what it does not know."""
    response = api_client_for(personas.admin).patch(
        f"/api/v1/users/{personas.organiser.pk}", {"fullname": "Typo"}
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "fullname"
    bodies = [
        name for name, schema in COMPONENTS.items() if schema.get("additionalProperties") is False
    ]
    assert {"UserChange", "SpeakerChange", "RequestChange", "BulkIn", "CompletionIn"} <= set(bodies)


def test_a_body_over_the_limit_is_refused_as_json(personas, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    response = api_client_for(personas.admin).post(
        "/api/v1/units", {"name": "x" * 2000, "kind": "department", "parent": 1}
    )
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response.json() == {
        "errors": [{"field": None, "message": "The request body is larger than 1,000 bytes."}]
    }


def test_the_bulk_call_takes_its_documented_10000_rows_beyond_djangos_limit(personas, settings):
    """10,000 rows are more than DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB): the operation
    documents its own limit (`x-max-body-bytes`) and reads up to that."""
    operation = SCHEMA["paths"]["/api/v1/training/completions/bulk"]["post"]
    limit = operation["x-max-body-bytes"]
    rows = COMPONENTS["BulkIn"]["properties"]["rows"]
    assert rows["maxItems"] == 10_000
    row = {"staff_number": "S" * 32, "course": "C" * 200, "completed_on": "2025-03-31"}
    body = {"rows": [row] * 9_999 + [{**row, "completed_on": 5}]}
    raw = json.dumps(body).encode()
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE < len(raw) < limit
    client = api_client_for(personas.admin)
    # Read and validated (the last row's date is not text): a JSON 400 naming the row.
    response = client.send("post", "/api/v1/training/completions/bulk", raw=raw)
    assert response.status_code == 400, response.content[:300]
    assert response.json()["errors"][0]["field"] == "rows.9999.completed_on"
    too_big = client.send("post", "/api/v1/training/completions/bulk", raw=b" " * (limit + 1))
    assert too_big.status_code == 413
    assert too_big.json()["errors"][0]["message"].startswith("The request body is larger")


# --- Cursors, text, dates --------------------------------------------------------------


def test_cursors_are_opaque_ascii_of_bounded_length(personas):
    cursor = COMPONENTS["PageFilter"]["properties"]["cursor"]["anyOf"][0]
    assert cursor["maxLength"] == 1024
    assert cursor["pattern"] == "^[A-Za-z0-9_.:-]*$"
    client = api_client_for(personas.admin)
    assert client.get("/api/v1/units", {"cursor": "é" * 10}).status_code == 400
    assert client.get("/api/v1/units", {"cursor": "a" * 1025}).status_code == 400
    first = client.get("/api/v1/units", {"limit": 1}).json()
    assert first["next_cursor"].isascii()
    following = client.get("/api/v1/units", {"limit": 1, "cursor": first["next_cursor"]})
    assert following.status_code == 200
    assert following.json()["items"] != first["items"]


def test_enforced_text_rules_are_in_the_schema():
    reason = COMPONENTS["ReasonIn"]["properties"]["reason"]
    assert reason["minLength"] == 1
    assert reason["pattern"] == "^[^\\u0000]*[^\\s\\u0000][^\\u0000]*$"  # not blank, no NUL
    notes = COMPONENTS["SpeakerIn"]["properties"]["notes"]
    assert notes["pattern"] == "^[^\\u0000]*$"
    occurred = COMPONENTS["IncidentIn"]["properties"]["occurred_at"]
    assert occurred["pattern"] == "^(19|2[0-9])[0-9]{2}-"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "Ada\x00"}, "name"),
        ({"name": "   "}, "name"),
        ({"notes": "a\x00b"}, "notes"),
        ({"other_names": ["a\x00"]}, "other_names"),
    ],
)
def test_text_against_the_schema_is_refused_naming_the_field(reviewer_api, personas, body, field):
    speaker = speakers.create_speaker(
        acting_user=personas.organiser, facts=speakers.SpeakerFacts(name="Ada Lovelace")
    )
    response = reviewer_api.patch(f"/api/v1/speakers/{speaker.pk}", body)
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == field
