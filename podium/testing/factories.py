"""Plain factory functions for tests: each makes one valid object, with keyword
overrides. They go through the services, so tests see what users would."""

from __future__ import annotations

import itertools

from podium.accounts import services
from podium.accounts.models import OrgUnit, RoleAssignment, UnitKind, User
from podium.accounts.roles import Role

PASSWORD = "correct horse battery staple"
_sequence = itertools.count(1)


def make_institution(*, name: str = "University of Testshire") -> OrgUnit:
    existing = OrgUnit.objects.filter(parent__isnull=True).first()
    if existing is not None:
        return existing
    return services.create_unit(acting_user=None, name=name, kind=UnitKind.INSTITUTION, parent=None)


def make_unit(
    *, parent: OrgUnit | None = None, name: str | None = None, kind: str = UnitKind.FACULTY
) -> OrgUnit:
    return services.create_unit(
        acting_user=None,
        name=name or f"Unit {next(_sequence)}",
        kind=kind,
        parent=parent or make_institution(),
    )


def make_user(
    *, email: str | None = None, full_name: str | None = None, password: str = PASSWORD
) -> User:
    number = next(_sequence)
    return services.create_user(
        acting_user=None,
        email=email or f"person{number}@example.ac.uk",
        full_name=full_name or f"Person {number}",
        password=password,
    )


def grant(
    user: User, role: Role, unit: OrgUnit, *, include_descendants: bool = True
) -> RoleAssignment:
    return services.grant_role(
        acting_user=None, user=user, role=role, unit=unit, include_descendants=include_descendants
    )


def make_person_with_role(
    role: Role, unit: OrgUnit, *, include_descendants: bool = True, **kwargs: str
) -> User:
    user = make_user(**kwargs)
    grant(user, role, unit, include_descendants=include_descendants)
    return user
