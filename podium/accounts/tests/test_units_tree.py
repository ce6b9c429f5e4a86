"""The units tree a level at a time (issue 20: no page renders every unit): the top
of the person's scope, the units directly below one on drill-down, a page at a time,
404 outside the person's scope, and a unit's page lists only its first units below."""

from django.urls import reverse

from podium.accounts import selectors, views
from podium.accounts.roles import Role
from podium.testing import factories
from podium.testing.personas import client_for


def test_the_top_level_is_the_institution_with_its_units_below(personas, institution):
    response = client_for(personas.admin).get(reverse("accounts:unit-list"))
    assert list(response.context["units"]) == [institution]
    [top] = response.context["units"]
    assert top.units_below == 2  # the two faculties
    assert f"?parent={institution.pk}" in response.content.decode()
    assert "Faculty of Arts" not in response.content.decode()  # collapsed


def test_drilling_down_lists_the_units_directly_below(personas, institution, faculty):
    history = factories.make_unit(parent=faculty, name="Department of History")
    factories.make_unit(parent=history, name="Medieval history")
    factories.grant(personas.outsider, Role.ORGANISER, history)
    client = client_for(personas.admin)
    response = client.get(reverse("accounts:unit-list"), {"parent": institution.pk})
    assert [u.name for u in response.context["units"]] == ["Faculty of Arts", "Faculty of Science"]
    response = client.get(reverse("accounts:unit-list"), {"parent": faculty.pk})
    [unit] = response.context["units"]
    assert (unit, unit.units_below, unit.current_roles) == (history, 1, 1)
    assert response.context["ancestors"] == [institution]


def test_a_level_comes_a_page_at_a_time(personas, faculty, monkeypatch):
    for n in range(3):
        factories.make_unit(parent=faculty, name=f"Dept {n}")
    page = selectors.unit_tree_page(viewer=personas.admin, parent=faculty, size=2)
    assert [u.name for u in page.items] == ["Dept 0", "Dept 1"]
    rest = selectors.unit_tree_page(
        viewer=personas.admin, parent=faculty, after=page.next_cursor, size=2
    )
    assert [u.name for u in rest.items] == ["Dept 2"]


def test_a_unit_outside_the_scope_cannot_be_opened(personas, other_faculty):
    client = client_for(personas.faculty_admin)
    url = reverse("accounts:unit-list")
    assert client.get(url, {"parent": other_faculty.pk}).status_code == 404
    assert client.get(url, {"parent": "x"}).status_code == 200  # not a number: ignored


def test_a_faculty_administrator_does_not_see_the_units_above_their_faculty(
    personas, institution, faculty
):
    dept = factories.make_unit(parent=faculty, name="Department of History")
    response = client_for(personas.faculty_admin).get(
        reverse("accounts:unit-list"), {"parent": dept.pk}
    )
    assert response.status_code == 200
    assert list(response.context["units"]) == []
    assert response.context["ancestors"] == [faculty]


def test_a_units_page_lists_its_first_units_below_and_links_to_the_rest(personas, faculty):
    for n in range(views.CHILDREN_SHOWN + 1):
        factories.make_unit(parent=faculty, name=f"Dept {n:02d}")
    response = client_for(personas.admin).get(reverse("accounts:unit-detail", args=[faculty.pk]))
    body = response.content.decode()
    assert f"Dept {views.CHILDREN_SHOWN - 1:02d}" in body
    assert f"Dept {views.CHILDREN_SHOWN:02d}" not in body
    assert f"{reverse('accounts:unit-list')}?parent={faculty.pk}" in body
