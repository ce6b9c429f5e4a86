"""The personas every access test runs as (see the root conftest.py)."""

from __future__ import annotations

from dataclasses import dataclass

from django.test import Client

from podium.accounts.models import OrgUnit, User
from podium.accounts.roles import Role
from podium.testing import factories

PERSONA_NAMES = ["anonymous", "admin", "faculty_admin", "auditor", "organiser", "outsider"]


@dataclass
class Personas:
    admin: User
    faculty_admin: User
    auditor: User
    organiser: User
    outsider: User

    def get(self, name: str) -> User | None:
        return None if name == "anonymous" else getattr(self, name)


def make_personas(institution: OrgUnit, faculty: OrgUnit) -> Personas:
    """The personas (the root conftest.py's `personas`), made through the services."""
    make = factories.make_person_with_role
    return Personas(
        admin=make(
            Role.ADMINISTRATOR, institution, email="admin@example.ac.uk", full_name="Ada Admin"
        ),
        faculty_admin=make(
            Role.ADMINISTRATOR,
            faculty,
            email="faculty.admin@example.ac.uk",
            full_name="Fay Faculty",
        ),
        auditor=make(
            Role.AUDITOR, institution, email="auditor@example.ac.uk", full_name="Aud Itor"
        ),
        organiser=make(
            Role.ORGANISER, faculty, email="organiser@example.ac.uk", full_name="Oli Organiser"
        ),
        outsider=factories.make_user(email="outsider@example.ac.uk", full_name="Out Sider"),
    )


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


class SignedInClients:
    """`client_for`, signed in once per person and kept: for property-based tests,
    whose examples differ in what is sent, not in who sends it. Signing in is a
    session, an audit entry and a user-session row each time, about a fifth of
    an example's cost (docs/performance.md, "Test suite"). Call `forget()` after
    each test, so no client outlives the people its test made."""

    def __init__(self) -> None:
        self._clients: dict[int | None, Client] = {}

    def __call__(self, user: User | None) -> Client:
        key = None if user is None else user.pk
        if key not in self._clients:
            self._clients[key] = client_for(user)
        return self._clients[key]

    def forget(self) -> None:
        self._clients.clear()
