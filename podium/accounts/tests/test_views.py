from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from podium.accounts import services
from podium.accounts.models import OrgUnit, RoleAssignment, UnitKind, User
from podium.accounts.roles import Role
from podium.testing import factories
from podium.testing.personas import client_for


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# --- Signing in ------------------------------------------------------------------


def test_sign_in_by_email_whatever_the_case(client, personas):
    response = client.post(
        reverse("account_login"),
        {"login": "ADMIN@example.ac.uk", "password": factories.PASSWORD},
    )
    assert response.status_code == 302
    assert response.url == reverse("core:home")


def test_a_wrong_password_is_refused_with_a_clear_message(client, personas):
    response = client.post(
        reverse("account_login"), {"login": "admin@example.ac.uk", "password": "wrong"}
    )
    assert response.status_code == 200
    assert "Enter a correct e-mail address and password." in response.content.decode()


def test_an_empty_sign_in_names_each_missing_field(client, db):
    response = client.post(reverse("account_login"), {})
    body = response.content.decode()
    assert "Enter your e-mail address." in body
    assert "Enter your password." in body
    assert 'href="#id_login"' in body  # the error summary links to the field


def test_a_deactivated_person_cannot_sign_in(client, personas):
    personas.outsider.is_active = False
    personas.outsider.deactivated_at = personas.outsider.date_joined
    personas.outsider.save()
    response = client.post(
        reverse("account_login"),
        {"login": "outsider@example.ac.uk", "password": factories.PASSWORD},
    )
    assert response.status_code == 302
    assert response.url == reverse("account_inactive")
    assert "_auth_user_id" not in client.session


def test_a_deactivated_persons_open_session_stops_working(personas):
    client = client_for(personas.auditor)
    assert client.get(reverse("core:home")).status_code == 200
    admin = client_for(personas.admin)
    admin.post(reverse("accounts:user-deactivate", args=[personas.auditor.pk]))
    response = client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_sign_out_is_a_post(personas):
    client = client_for(personas.admin)
    assert client.get(reverse("account_logout")).status_code == 200  # a confirmation page
    client.post(reverse("account_logout"))
    assert client.get(reverse("core:home")).status_code == 302


def test_password_reset_sends_a_working_link(client, personas):
    client.post(reverse("account_reset_password"), {"email": "admin@example.ac.uk"})
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password/reset/" in line)
    response = client.get(link.replace("http://testserver", ""), follow=True)
    assert "Choose a password" in response.content.decode()
    response = client.post(
        response.redirect_chain[-1][0],
        {
            "password1": "a long enough new passphrase",
            "password2": "a long enough new passphrase",
        },
    )
    assert response.status_code == 302
    assert client.login(username="admin@example.ac.uk", password="a long enough new passphrase")


def test_password_reset_for_an_unknown_address_says_the_same(client, db):
    response = client.post(reverse("account_reset_password"), {"email": "nobody@example.ac.uk"})
    assert response.status_code == 302
    assert mail.outbox == []


# --- Home ------------------------------------------------------------------------


def test_home_lists_the_persons_roles(personas):
    response = client_for(personas.faculty_admin).get(reverse("core:home"))
    body = response.content.decode()
    assert "Nothing is waiting for you." in body
    assert "Administrator" in body
    assert "Faculty of Arts" in body


def test_navigation_shows_only_what_the_person_may_use(personas):
    admin = client_for(personas.admin).get(reverse("core:home")).content.decode()
    organiser = client_for(personas.organiser).get(reverse("core:home")).content.decode()
    assert reverse("accounts:user-list") in admin
    assert reverse("accounts:unit-list") in admin
    assert reverse("accounts:user-list") not in organiser
    assert reverse("accounts:unit-list") not in organiser


# --- Units -----------------------------------------------------------------------


def test_a_faculty_administrator_sees_only_their_faculty(personas, faculty, other_faculty):
    response = client_for(personas.faculty_admin).get(reverse("accounts:unit-list"))
    assert list(response.context["units"]) == [faculty]


def test_adding_a_unit(personas, faculty):
    response = client_for(personas.faculty_admin).post(
        reverse("accounts:unit-create"),
        {"name": "Department of Music", "kind": UnitKind.DEPARTMENT, "parent": faculty.pk},
        follow=True,
    )
    unit = OrgUnit.objects.get(name="Department of Music")
    assert unit.parent == faculty
    assert messages_of(response) == ["Department of Music added."]


def test_adding_a_unit_outside_your_scope_is_refused(personas, other_faculty):
    response = client_for(personas.faculty_admin).post(
        reverse("accounts:unit-create"),
        {"name": "Sneaky", "kind": UnitKind.DEPARTMENT, "parent": other_faculty.pk},
    )
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    assert not OrgUnit.objects.filter(name="Sneaky").exists()


def test_adding_a_unit_without_a_name_says_so(personas, faculty):
    response = client_for(personas.admin).post(
        reverse("accounts:unit-create"),
        {"name": "", "kind": UnitKind.DEPARTMENT, "parent": faculty.pk},
    )
    assert "Enter the unit&#x27;s name." in response.content.decode()


def test_a_duplicate_unit_name_is_shown_on_the_field(personas, faculty):
    factories.make_unit(parent=faculty, name="Music", kind=UnitKind.DEPARTMENT)
    response = client_for(personas.admin).post(
        reverse("accounts:unit-create"),
        {"name": "music", "kind": UnitKind.DEPARTMENT, "parent": faculty.pk},
    )
    assert response.context["form"].errors == {
        "name": ["Faculty of Arts already has a unit called music."]
    }


def test_editing_the_institution_keeps_it_at_the_top(personas, institution):
    response = client_for(personas.admin).post(
        reverse("accounts:unit-edit", args=[institution.pk]),
        {"name": "University of Renamed", "kind": UnitKind.INSTITUTION, "is_active": "on"},
    )
    assert response.status_code == 302
    institution.refresh_from_db()
    assert institution.name == "University of Renamed"
    assert institution.parent is None


def test_granting_a_role_by_email(personas, faculty):
    response = client_for(personas.faculty_admin).post(
        reverse("accounts:unit-grant-role", args=[faculty.pk]),
        {
            "email": "Outsider@Example.ac.uk",
            "role": Role.EVENTS_OFFICER,
            "include_descendants": "on",
        },
        follow=True,
    )
    assert (
        RoleAssignment.objects.current()
        .filter(user=personas.outsider, role=Role.EVENTS_OFFICER)
        .exists()
    )
    assert messages_of(response) == [
        "Out Sider is now Events and bookings officer, Faculty of Arts."
    ]


def test_granting_a_role_to_an_unknown_address_says_so(personas, faculty):
    response = client_for(personas.admin).post(
        reverse("accounts:unit-grant-role", args=[faculty.pk]),
        {"email": "nobody@example.ac.uk", "role": Role.ORGANISER},
    )
    assert response.context["form"].errors["email"] == [
        "No one with this e-mail address has a Podium account. An administrator adds people under People."
    ]


def test_revoking_a_role(personas, faculty):
    assignment = factories.grant(personas.outsider, Role.ORGANISER, faculty)
    response = client_for(personas.faculty_admin).post(
        reverse("accounts:role-revoke", args=[assignment.pk]), follow=True
    )
    assignment.refresh_from_db()
    assert assignment.revoked_by == personas.faculty_admin
    assert messages_of(response) == ["Out Sider is no longer Organiser for Faculty of Arts."]


def test_revoking_a_revoked_role_is_not_found(personas, faculty):
    assignment = factories.grant(personas.outsider, Role.ORGANISER, faculty)
    client = client_for(personas.admin)
    client.post(reverse("accounts:role-revoke", args=[assignment.pk]))
    assert client.post(reverse("accounts:role-revoke", args=[assignment.pk])).status_code == 404


# --- People ----------------------------------------------------------------------


def test_adding_a_person_invites_them(personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(personas.admin).post(
            reverse("accounts:user-create"),
            {"full_name": "Nia Newcomer", "email": "Nia.Newcomer@example.ac.uk"},
            follow=True,
        )
    person = User.objects.get(email="nia.newcomer@example.ac.uk")
    assert messages_of(response) == [
        "Nia Newcomer added. They have been e-mailed a link to choose a password."
    ]
    assert mail.outbox[0].to == [person.email]


def test_adding_a_person_with_a_bad_address_says_so(personas):
    response = client_for(personas.admin).post(
        reverse("accounts:user-create"), {"full_name": "X", "email": "not-an-address"}
    )
    assert response.context["form"].errors == {
        "email": ["Enter an e-mail address in the correct format, like name@example.ac.uk."]
    }


def test_editing_a_person(personas):
    response = client_for(personas.admin).post(
        reverse("accounts:user-edit", args=[personas.outsider.pk]),
        {"full_name": "Outa Sider", "email": "outa@example.ac.uk"},
    )
    assert response.status_code == 302
    personas.outsider.refresh_from_db()
    assert (personas.outsider.full_name, personas.outsider.email) == (
        "Outa Sider",
        "outa@example.ac.uk",
    )


def test_people_search(personas):
    response = client_for(personas.auditor).get(reverse("accounts:user-list"), {"q": "organ"})
    assert [p.email for p in response.context["page"].items] == ["organiser@example.ac.uk"]


def test_people_pages_walk_forwards_and_back(personas):
    for n in range(60):
        factories.make_user(full_name=f"Zed {n:02d}", email=f"zed{n:02d}@example.ac.uk")
    client = client_for(personas.admin)
    first = client.get(reverse("accounts:user-list")).context["page"]
    assert len(first.items) == 50
    second = client.get(reverse("accounts:user-list"), {"after": first.next_cursor}).context["page"]
    assert len(second.items) == 15  # 65 people in all
    assert second.next_cursor is None
    back = client.get(reverse("accounts:user-list"), {"before": second.previous_cursor}).context[
        "page"
    ]
    assert [p.pk for p in back.items] == [p.pk for p in first.items]


def test_a_tampered_cursor_shows_the_first_page(personas):
    response = client_for(personas.admin).get(reverse("accounts:user-list"), {"after": "forged"})
    assert response.status_code == 200
    assert response.context["page"].items[0].full_name == "Ada Admin"


def test_an_unknown_person_is_not_found(personas):
    assert (
        client_for(personas.admin).get(reverse("accounts:user-detail", args=[999999])).status_code
        == 404
    )


def test_deactivating_yourself_is_refused_with_a_message(personas):
    response = client_for(personas.admin).post(
        reverse("accounts:user-deactivate", args=[personas.admin.pk]), follow=True
    )
    assert messages_of(response) == ["You cannot deactivate your own account."]


@pytest.mark.parametrize("method", ["put", "patch", "delete"])
def test_other_methods_are_refused(personas, method):
    response = getattr(client_for(personas.admin), method)(reverse("accounts:user-create"))
    assert response.status_code == 405


# --- Stale edits -------------------------------------------------------------------


def test_a_stale_unit_edit_is_refused_and_shows_the_saved_values(personas, faculty):
    client = client_for(personas.admin)
    opened = client.get(reverse("accounts:unit-edit", args=[faculty.pk])).context["form"]
    version = opened.initial["version"]
    # Someone else saves first.
    saved = client_for(personas.admin).post(
        reverse("accounts:unit-edit", args=[faculty.pk]),
        {
            "name": "Faculty of Arts and Culture",
            "kind": UnitKind.FACULTY,
            "parent": faculty.parent_id,
            "is_active": "on",
            "version": version,
        },
    )
    assert saved.status_code == 302
    response = client.post(
        reverse("accounts:unit-edit", args=[faculty.pk]),
        {
            "name": "Faculty of Fine Arts",
            "kind": UnitKind.FACULTY,
            "parent": faculty.parent_id,
            "is_active": "on",
            "version": version,
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.non_field_errors() == [
        "Someone else changed this while you were editing it. Your changes have not been saved: "
        "check the current details below and make them again."
    ]
    assert form["name"].value() == "Faculty of Arts and Culture"  # what is saved now
    faculty.refresh_from_db()
    assert faculty.name == "Faculty of Arts and Culture"


def test_a_stale_person_edit_is_refused(personas):
    client = client_for(personas.admin)
    url = reverse("accounts:user-edit", args=[personas.outsider.pk])
    version = client.get(url).context["form"].initial["version"]
    client.post(
        url, {"full_name": "First Save", "email": "outsider@example.ac.uk", "version": version}
    )
    response = client.post(
        url, {"full_name": "Second Save", "email": "outsider@example.ac.uk", "version": version}
    )
    assert "Someone else changed this while you were editing it." in response.content.decode()
    personas.outsider.refresh_from_db()
    assert personas.outsider.full_name == "First Save"


def test_people_rows_link_each_person_and_say_their_status(personas):
    """The list's rows are made once (`selectors.people_rows`, issue 20): each link is
    the person's page, each status what the template said before."""
    services.deactivate_user(acting_user=personas.admin, user=personas.outsider)
    response = client_for(personas.admin).get(reverse("accounts:user-list"))
    page, rows = response.context["page"], response.context["rows"]
    assert [row["url"] for row in rows] == [
        reverse("accounts:user-detail", args=[p.pk]) for p in page.items
    ]
    assert [(row["name"], row["email"], row["active"]) for row in rows] == [
        (p.full_name, p.email, p.is_active) for p in page.items
    ]
    html = response.content.decode()
    outsider = reverse("accounts:user-detail", args=[personas.outsider.pk])
    assert f'<a href="{outsider}">{personas.outsider.full_name}</a>' in html
    assert '<span class="tag tag--grey">Deactivated</span>' in html
