"""Plain factory functions for tests: each makes one valid object, with keyword
overrides. They go through the services, so tests see what users would."""

from __future__ import annotations

import itertools
from typing import Any

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


def make_oidc_provider(*, acting_user: User, provider_id: str = "exampleshire") -> Any:
    """An OpenID Connect provider, as an administrator would add it."""
    return services.save_oidc_provider(
        acting_user=acting_user,
        app=None,
        name="Exampleshire account",
        provider_id=provider_id,
        server_url="https://idp.example.ac.uk",
        client_id="podium",
        secret="not-a-real-secret",
        trust_email=False,
    )


def make_saml_provider(*, acting_user: User, organisation: str = "exampleshire") -> Any:
    """A SAML identity provider with a real signing certificate."""
    from podium.testing.saml_idp import SamlIdp

    return services.save_saml_provider(
        acting_user=acting_user,
        app=None,
        name="Exampleshire (Shibboleth)",
        organisation=organisation,
        entity_id="https://idp.example.ac.uk/idp/shibboleth",
        sso_url="https://idp.example.ac.uk/idp/profile/SAML2/Redirect/SSO",
        certificate=SamlIdp().cert_pem,
        trust_email=True,
    )
