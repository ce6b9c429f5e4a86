from __future__ import annotations

from dataclasses import dataclass

import pytest

from podium.accounts.models import OrgUnit, User
from podium.accounts.roles import Role
from podium.testing import factories
from podium.testing.concerns import ensure_lists


@dataclass
class People:
    lecturer: User
    officer: User
    lead: User
    security: User
    admin: User
    auditor: User


@pytest.fixture(autouse=True)
def _lists(db) -> None:
    ensure_lists()


@pytest.fixture
def people(institution: OrgUnit) -> People:
    return People(
        lecturer=factories.make_user(full_name="Dr Lecturer"),
        officer=factories.make_person_with_role(
            Role.SAFEGUARDING_OFFICER, institution, full_name="Claire Officer"
        ),
        lead=factories.make_person_with_role(
            Role.PREVENT_LEAD, institution, full_name="Fatima Lead"
        ),
        security=factories.make_person_with_role(
            Role.HEAD_OF_SECURITY, institution, full_name="Gareth Security"
        ),
        admin=factories.make_person_with_role(Role.ADMINISTRATOR, institution),
        auditor=factories.make_person_with_role(Role.AUDITOR, institution),
    )
