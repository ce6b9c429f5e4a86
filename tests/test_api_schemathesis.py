"""The API keeps its contract (podium/api/README.md): schemathesis generates requests
from `/api/v1/openapi.json` alone — valid ones and ones that break the schema — and
sends them in-process to the Django WSGI application with a read-write token of
someone who may do almost everything. Every built-in check runs: no 5xx, every
status and content type documented, every response as its schema says, data the
schema forbids refused (4xx), data it allows not refused for a reason the schema
could have said (only 400 and 409, the services' rules about records, are allowed
there; see below), and so on.

A bounded budget (a fixed seed, a few examples per operation, no shrinking), so
the run takes about a minute and fails the same way twice. When an operation is
added, it is tested here without a change to this file.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from config.api import api
from podium.accounts.models import User
from podium.accounts.roles import Role
from podium.testing.api import token_for
from podium.testing.factories import grant

EXAMPLES = 4  # per operation and generation mode
STEPS = 10  # stateful sequences

CONFIG = SchemathesisConfig.from_dict(
    {
        "seed": 20261206,
        "generation": {
            "mode": "all",  # valid (positive) and schema-breaking (negative) requests
            "max-examples": EXAMPLES,
            "deterministic": True,
            "no-shrink": True,
            "database": "none",
            # Tokens are bearer secrets the schema cannot generate.
            "with-security-parameters": False,
        },
        "phases": {"coverage": {"enabled": False}},
        "checks": {
            # Data valid by the schema may still break a rule about records that the
            # schema cannot say: no such staff number, not at your step, already
            # decided (400 naming the field, or 409). Everything else is as default.
            "positive_data_acceptance": {
                "expected-statuses": ["2xx", "400", "401", "403", "404", "409"]
            },
        },
    }
)

schema = schemathesis.openapi.from_dict(
    api.get_openapi_schema(path_prefix="/api/v1"), config=CONFIG
)
schema.app = WSGIHandler()


# The token of the test being run: set by the `bearer` fixture, read by `Bearer` on
# every request, so schemathesis knows the credentials are real (its `ignored_auth`
# check then also sends them missing and wrong, and expects 401).
TOKEN: dict[str, str] = {}


@schema.auth(refresh_interval=None)
class Bearer:
    def get(self, case, context):
        return TOKEN["secret"]

    def set(self, case, data, context):
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


@pytest.fixture
def bearer(personas, institution):
    """The administrator, also an organiser and every kind of reviewer: most
    operations reach their services instead of stopping at 403."""
    admin: User = personas.admin
    for role in (Role.ORGANISER, Role.EVENTS_OFFICER, Role.PREVENT_LEAD, Role.HEAD_OF_SECURITY):
        grant(admin, role, institution)
    TOKEN["secret"] = token_for(admin)
    # Requests go straight to the WSGI handler, whose request signals would close the
    # test's database connection (and its transaction); Django's test client avoids
    # this the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
    TOKEN.clear()


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_keeps_its_contract(case, bearer):
    case.call_and_validate()


# --- Stateful: sequences along the links schemathesis infers (create -> read -> change) --


def test_linked_operations_keep_their_contract(bearer):
    schema.as_state_machine().run(
        settings=settings(
            max_examples=STEPS,
            stateful_step_count=6,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
    )
