"""Malformed input never gives a 500 (QUALITY.md, bad input): Hypothesis builds
requests for every operation in the OpenAPI document — path and query
parameters of any type, bodies shaped like the schema with values of any type,
arbitrary JSON and bytes that are not JSON — and sends them with an
administrator's read-write token, so they reach the services."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from config.api import api
from podium.testing.api import ApiClient, token_for

SCHEMA = api.get_openapi_schema()
OPERATIONS = sorted(
    (method, path, operation)
    for path, item in SCHEMA["paths"].items()
    for method, operation in item.items()
)
COMPONENTS = SCHEMA["components"]["schemas"]

# Any Unicode, lone surrogates and NUL included: JSON can carry both.
text = st.text(max_size=60)
scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats()
    | text
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(text, inner, max_size=3),
    max_leaves=6,
)
# Values that pass the type checks, so requests also reach the forms and services.
plausible = (
    st.integers(min_value=1, max_value=40)
    | st.sampled_from(["department", "society", "organiser", "administrator", "a@example.ac.uk"])
    | st.booleans()
    | text
)
path_values = (
    st.integers(min_value=1, max_value=40).map(str)
    | st.integers(min_value=-(10**30), max_value=10**30).map(str)
    | text
)
FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def body_strategy(operation: dict[str, Any]) -> st.SearchStrategy[Any]:
    schema = (
        operation.get("requestBody", {})
        .get("content", {})
        .get("application/json", {})
        .get("schema")
    )
    if not schema:
        return st.none() | json_values
    # A named schema, or one written inline (the exchange's signed messages).
    if "$ref" in schema:
        schema = COMPONENTS[schema["$ref"].rsplit("/", 1)[-1]]
    properties = schema.get("properties", {})
    shaped = st.fixed_dictionaries({}, optional=dict.fromkeys(properties, plausible | json_values))
    return shaped | json_values | st.binary(max_size=60)


def request_strategy(method: str, path: str, operation: dict[str, Any]) -> st.SearchStrategy[Any]:
    parameters = operation.get("parameters", [])
    path_params = {p["name"]: path_values for p in parameters if p["in"] == "path"}
    query_params = {p["name"]: path_values for p in parameters if p["in"] == "query"}
    return st.tuples(
        st.fixed_dictionaries(path_params),
        st.fixed_dictionaries({}, optional=query_params),
        body_strategy(operation) if method != "get" else st.none(),
    )


@pytest.fixture
def admin_api(personas) -> ApiClient:
    return ApiClient(token_for(personas.admin))


@pytest.mark.parametrize(("method", "path", "operation"), OPERATIONS, ids=lambda v: str(v)[:40])
def test_no_input_makes_an_operation_fail(admin_api, faculty, method, path, operation):
    fuzz(admin_api, method, path, operation)


def fuzz(api: ApiClient, method: str, path: str, operation: dict[str, Any]) -> None:
    @FUZZ
    @given(request=request_strategy(method, path, operation))
    def check(request: tuple[dict[str, str], dict[str, str], Any]) -> None:
        path_params, query, body = request
        url = path.format(**{k: quote(v, safe="") for k, v in path_params.items()})
        if method == "get":
            response = api.get(url, query)
        else:
            raw = body if isinstance(body, bytes) else json.dumps(body).encode()
            if query:
                url += "?" + "&".join(f"{quote(k)}={quote(v)}" for k, v in query.items())
            response = api.send(method, url, raw=raw)
        assert response.status_code < 500, (method, url, body, response.content)
        # A URL no pattern matches (e.g. an empty id) gets Django's 404 page; every
        # answer from an operation is JSON, and every refusal says why.
        if response.status_code >= 400 and response["Content-Type"].startswith("application/json"):
            errors = response.json()["errors"]
            assert errors and all(e["message"] for e in errors)

    check()


# Event requests: as someone who organises and reviews every kind of step in the
# faculty, owning requests in several states, so fuzzed requests reach the services.
EVENT_OPERATIONS = [op for op in OPERATIONS if op[1].startswith("/api/v1/event-requests")]


@pytest.fixture
def events_api(faculty, institution) -> ApiClient:
    from podium.accounts.roles import Role
    from podium.events import services
    from podium.testing.events import approval, make_request
    from podium.testing.factories import grant, make_person_with_role

    person = make_person_with_role(Role.ORGANISER, faculty)
    for role in (Role.EVENTS_OFFICER, Role.PREVENT_LEAD, Role.HEAD_OF_SECURITY):
        grant(person, role, institution)
    make_request(organiser=person, unit=faculty)
    make_request(organiser=person, unit=faculty, submit=True)
    approved = make_request(organiser=person, unit=faculty, submit=True)
    officer = make_person_with_role(Role.EVENTS_OFFICER, faculty)
    services.decide(acting_user=officer, event_request=approved, facts=approval(conditions=True))
    return ApiClient(token_for(person))


@pytest.mark.parametrize(
    ("method", "path", "operation"), EVENT_OPERATIONS, ids=lambda v: str(v)[:40]
)
def test_no_input_makes_an_event_operation_fail(events_api, method, path, operation):
    fuzz(events_api, method, path, operation)
