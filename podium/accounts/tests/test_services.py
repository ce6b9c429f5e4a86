from __future__ import annotations

import pytest
from django.core import mail

from podium.accounts import services
from podium.accounts.models import OrgUnit, RoleAssignment, UnitKind, User
from podium.accounts.roles import Role
from podium.core.errors import DomainError
from podium.testing import factories


@pytest.fixture
def admin(institution):
    return factories.make_person_with_role(Role.ADMINISTRATOR, institution)


def test_units_record_their_place_in_the_tree(institution):
    faculty = factories.make_unit(parent=institution, name="Faculty")
    department = factories.make_unit(parent=faculty, name="Dept", kind=UnitKind.DEPARTMENT)
    assert department.path == f"/{institution.pk}/{faculty.pk}/{department.pk}/"
    assert department.depth == 2
    assert department.is_within(institution)
    assert not institution.is_within(department)


def test_there_is_only_one_institution(institution):
    with pytest.raises(DomainError, match="Podium already has an institution."):
        services.create_unit(
            acting_user=None, name="Another", kind=UnitKind.INSTITUTION, parent=None
        )


def test_a_unit_other_than_the_institution_needs_a_parent(institution):
    with pytest.raises(DomainError, match="Choose the unit this one belongs to."):
        services.create_unit(acting_user=None, name="Loose", kind=UnitKind.FACULTY, parent=None)


def test_sibling_units_have_different_names_whatever_the_case(institution):
    factories.make_unit(parent=institution, name="Faculty of Law")
    with pytest.raises(DomainError, match="already has a unit called faculty of law"):
        factories.make_unit(parent=institution, name="faculty of law")


def test_moving_a_unit_moves_its_subtree(institution, admin):
    a = factories.make_unit(parent=institution, name="A")
    b = factories.make_unit(parent=institution, name="B")
    child = factories.make_unit(parent=a, name="Child", kind=UnitKind.DEPARTMENT)
    grandchild = factories.make_unit(parent=child, name="Grandchild", kind=UnitKind.DEPARTMENT)
    services.update_unit(
        acting_user=admin,
        unit=child,
        name="Child",
        kind=UnitKind.DEPARTMENT,
        parent=b,
        is_active=True,
    )
    grandchild.refresh_from_db()
    assert grandchild.path == f"{b.path}{child.pk}/{grandchild.pk}/"
    assert grandchild.depth == 3


def test_a_unit_cannot_move_inside_itself(institution, admin):
    a = factories.make_unit(parent=institution, name="A")
    child = factories.make_unit(parent=a, name="Child", kind=UnitKind.DEPARTMENT)
    with pytest.raises(DomainError, match="A unit cannot be moved inside itself."):
        services.update_unit(
            acting_user=admin, unit=a, name="A", kind=UnitKind.FACULTY, parent=child, is_active=True
        )


def test_a_unit_with_active_units_below_cannot_be_archived(institution, admin):
    a = factories.make_unit(parent=institution, name="A")
    factories.make_unit(parent=a, name="Child", kind=UnitKind.DEPARTMENT)
    with pytest.raises(DomainError, match="Archive the units below this one first."):
        services.update_unit(
            acting_user=admin,
            unit=a,
            name="A",
            kind=UnitKind.FACULTY,
            parent=institution,
            is_active=False,
        )


def test_email_addresses_are_unique_whatever_the_case(admin):
    factories.make_user(email="Jo.Bloggs@Example.ac.uk")
    with pytest.raises(DomainError, match="jo.bloggs@example.ac.uk already has an account."):
        services.create_user(acting_user=admin, email="jo.bloggs@EXAMPLE.ac.uk", full_name="Jo")
    assert User.objects.filter(email="jo.bloggs@example.ac.uk").count() == 1


def test_a_new_person_is_emailed_an_invitation(admin, rf, django_capture_on_commit_callbacks):
    request = rf.get("/")
    with django_capture_on_commit_callbacks(execute=True):
        person = services.create_user(
            acting_user=admin, email="new@example.ac.uk", full_name="New Person", request=request
        )
    assert not person.has_usable_password()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["new@example.ac.uk"]
    assert message.subject == "Your Podium account at University of Exampleshire"
    assert "http://testserver/accounts/password/reset/" in message.body


def test_no_invitation_is_sent_when_the_transaction_rolls_back(
    admin, rf, django_capture_on_commit_callbacks
):
    from django.db import transaction

    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.create_user(
            acting_user=admin, email="x@example.ac.uk", full_name="X", request=rf.get("/")
        )
        raise RuntimeError
    assert mail.outbox == []


def test_you_cannot_deactivate_yourself(admin):
    with pytest.raises(DomainError, match="You cannot deactivate your own account."):
        services.deactivate_user(acting_user=admin, user=admin)


def test_deactivation_is_dated_and_reversible(admin):
    person = factories.make_user()
    person = services.deactivate_user(acting_user=admin, user=person)
    assert not person.is_active
    assert person.deactivated_at is not None
    person = services.reactivate_user(acting_user=admin, user=person)
    assert person.is_active
    assert person.deactivated_at is None


def test_a_role_is_held_once_per_unit(institution, admin):
    person = factories.make_user(full_name="Pat Person")
    factories.grant(person, Role.PREVENT_LEAD, institution)
    with pytest.raises(
        DomainError, match="Pat Person is already Prevent lead for University of Testshire."
    ):
        factories.grant(person, Role.PREVENT_LEAD, institution)


def test_a_deactivated_person_cannot_be_granted_a_role(institution, admin):
    person = services.deactivate_user(acting_user=admin, user=factories.make_user(full_name="Gone"))
    with pytest.raises(
        DomainError, match="Gone is deactivated; reactivate them before granting a role."
    ):
        factories.grant(person, Role.ORGANISER, institution)


def test_revoking_keeps_the_record(institution, admin):
    person = factories.make_user()
    assignment = factories.grant(person, Role.ORGANISER, institution)
    services.revoke_role(acting_user=admin, assignment=assignment)
    assignment.refresh_from_db()
    assert assignment.revoked_by == admin
    assert assignment.revoked_at is not None
    assert RoleAssignment.objects.filter(pk=assignment.pk).exists()
    # and the role can be granted again afterwards
    factories.grant(person, Role.ORGANISER, institution)


def test_an_administrator_cannot_revoke_their_own_administrator_role(institution, admin):
    own = RoleAssignment.objects.get(user=admin, role=Role.ADMINISTRATOR)
    with pytest.raises(DomainError, match="You cannot revoke your own Administrator role"):
        services.revoke_role(acting_user=admin, assignment=own)


def test_the_database_refuses_a_unit_without_a_parent_that_is_not_the_institution(institution):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        OrgUnit.objects.create(name="Loose", kind=UnitKind.FACULTY, parent=None, path="/x/")


def test_the_database_refuses_a_second_institution(institution):
    from django.db import IntegrityError

    with pytest.raises(IntegrityError):
        OrgUnit.objects.create(name="Second", kind=UnitKind.INSTITUTION, parent=None, path="/y/")


@pytest.mark.django_db(transaction=True)
def test_twenty_simultaneous_grants_of_one_role_make_one_assignment():
    import threading

    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("Concurrent writers need PostgreSQL; SQLite serialises them by design.")
    institution = factories.make_institution()
    person = factories.make_user()
    barrier = threading.Barrier(20)
    outcomes: list[str] = []

    def grant() -> None:
        try:
            barrier.wait()
            factories.grant(person, Role.PREVENT_LEAD, institution)
            outcomes.append("granted")
        except DomainError as error:
            outcomes.append(error.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=grant) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("granted") == 1
    assert set(outcomes) - {"granted"} == {f"{person} is already Prevent lead for {institution}."}
    assert RoleAssignment.objects.current().filter(user=person).count() == 1
    from podium.audit.models import AuditEntry

    assert AuditEntry.objects.filter(action="accounts.role.granted").count() == 1
