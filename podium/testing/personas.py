"""The personas every access test runs as (see the root conftest.py)."""

from __future__ import annotations

from dataclasses import dataclass

from django.test import Client

from podium.accounts.models import User

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


def client_for(user: User | None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client
