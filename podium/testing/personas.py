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
