from __future__ import annotations

import pytest

from podium.accounts import permissions, services
from podium.accounts.models import UnitKind
from podium.accounts.roles import Capability, Role
from podium.testing import factories


@pytest.fixture
def tree(institution):
    faculty = factories.make_unit(parent=institution, name="Faculty")
    department = factories.make_unit(parent=faculty, name="Department", kind=UnitKind.DEPARTMENT)
    sibling = factories.make_unit(parent=institution, name="Sibling faculty")
    return institution, faculty, department, sibling


def test_a_person_with_no_role_may_do_nothing(tree):
    person = factories.make_user()
    assert not permissions.has_capability(person, Capability.MANAGE_UNITS)
    assert list(permissions.units_where(person, Capability.MANAGE_UNITS)) == []


def test_a_role_over_descendants_reaches_every_unit_below(tree):
    _, faculty, department, sibling = tree
    admin = factories.make_person_with_role(Role.ADMINISTRATOR, faculty)
    assert set(permissions.units_where(admin, Capability.MANAGE_UNITS)) == {faculty, department}
    assert permissions.can(admin, Capability.MANAGE_UNITS, department)
    assert not permissions.can(admin, Capability.MANAGE_UNITS, sibling)


def test_a_role_without_descendants_covers_only_its_unit(tree):
    _, faculty, department, _ = tree
    admin = factories.make_person_with_role(Role.ADMINISTRATOR, faculty, include_descendants=False)
    assert list(permissions.units_where(admin, Capability.MANAGE_UNITS)) == [faculty]
    assert not permissions.can(admin, Capability.MANAGE_UNITS, department)


def test_a_role_grants_only_its_own_capabilities(tree):
    institution, *_ = tree
    auditor = factories.make_person_with_role(Role.AUDITOR, institution)
    assert permissions.can_institution_wide(auditor, Capability.VIEW_PEOPLE)
    assert not permissions.has_capability(auditor, Capability.MANAGE_USERS)


def test_institution_wide_needs_the_root_and_everything_below(tree):
    institution, faculty, *_ = tree
    faculty_admin = factories.make_person_with_role(Role.ADMINISTRATOR, faculty)
    root_only = factories.make_person_with_role(
        Role.ADMINISTRATOR, institution, include_descendants=False
    )
    assert not permissions.can_institution_wide(faculty_admin, Capability.MANAGE_USERS)
    assert not permissions.can_institution_wide(root_only, Capability.MANAGE_USERS)


def test_a_revoked_role_grants_nothing(tree):
    institution, *_ = tree
    boss = factories.make_person_with_role(Role.ADMINISTRATOR, institution)
    admin = factories.make_user()
    assignment = factories.grant(admin, Role.ADMINISTRATOR, institution)
    services.revoke_role(acting_user=boss, assignment=assignment)
    admin.refresh_from_db()
    assert not permissions.has_capability(admin, Capability.MANAGE_UNITS)


def test_a_deactivated_person_may_do_nothing(tree):
    institution, *_ = tree
    boss = factories.make_person_with_role(Role.ADMINISTRATOR, institution)
    admin = factories.make_person_with_role(Role.ADMINISTRATOR, institution)
    admin = services.deactivate_user(acting_user=boss, user=admin)
    assert not permissions.has_capability(admin, Capability.MANAGE_UNITS)


def test_unit_scope_follows_a_relation(tree):
    institution, faculty, department, sibling = tree
    admin = factories.make_person_with_role(Role.ADMINISTRATOR, faculty)
    person = factories.make_user()
    inside = factories.grant(person, Role.ORGANISER, department)
    factories.grant(person, Role.ORGANISER, sibling)
    from podium.accounts.models import RoleAssignment

    scoped = RoleAssignment.objects.filter(
        permissions.unit_scope(admin, Capability.MANAGE_ROLES, prefix="unit__"), user=person
    )
    assert list(scoped) == [inside]
