from __future__ import annotations

import pytest

from podium.accounts.roles import Role
from podium.testing.factories import make_person_with_role
from podium.testing.speakers import restore_default_sources


@pytest.fixture(autouse=True)
def check_sources(request):
    """The default check sources (a transactional test elsewhere may have flushed them)."""
    if "db" in request.fixturenames or request.node.get_closest_marker("django_db"):
        request.getfixturevalue("db")
        restore_default_sources()


@pytest.fixture
def reviewer(institution):
    return make_person_with_role(Role.PREVENT_LEAD, institution, full_name="Pat Prevent")


@pytest.fixture
def officer(faculty):
    return make_person_with_role(Role.EVENTS_OFFICER, faculty, full_name="Eve Officer")
