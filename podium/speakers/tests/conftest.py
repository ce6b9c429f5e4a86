from __future__ import annotations

import pytest

from podium.accounts.roles import Role
from podium.testing.factories import make_person_with_role


@pytest.fixture
def reviewer(institution):
    return make_person_with_role(Role.PREVENT_LEAD, institution, full_name="Pat Prevent")


@pytest.fixture
def officer(faculty):
    return make_person_with_role(Role.EVENTS_OFFICER, faculty, full_name="Eve Officer")
