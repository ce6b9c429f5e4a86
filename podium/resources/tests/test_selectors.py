from django.contrib.auth.models import AnonymousUser

from podium.accounts import permissions
from podium.accounts.models import User
from podium.accounts.roles import Role
from podium.resources import selectors, services
from podium.resources.models import Place
from podium.testing.factories import make_person_with_role
from podium.testing.queries import count_queries
from podium.testing.resources import make_contact, make_document, make_link


def titles(rows):
    return [r.title for r in rows]


def test_a_place_shows_what_is_tagged_for_it_grouped_by_kind(personas):
    admin = personas.admin
    make_document(admin, title="Code", places=[Place.EVENT_DECISION])
    make_link(admin, title="RA24", places=[Place.EVENT_DECISION, Place.SHARING])
    make_contact(admin, title="Co-ordinator", places=[Place.EVENT_DECISION])
    make_link(admin, title="ICO code", places=[Place.SHARING])
    make_link(admin, title="Nowhere")
    panel = selectors.resources_for(user=personas.outsider, place=Place.EVENT_DECISION)
    assert titles(panel.documents) == ["Code"]
    assert panel.documents[0].current_version == 1
    assert titles(panel.links) == ["RA24"]
    assert titles(panel.contacts) == ["Co-ordinator"]
    sharing = selectors.resources_for(user=personas.outsider, place=Place.SHARING)
    assert titles(sharing.links) == ["ICO code", "RA24"]


def test_a_resource_for_roles_is_read_only_by_those_roles(personas, institution):
    make_link(
        personas.admin,
        title="CT policing",
        places=[Place.CONCERN_SHARE],
        for_everyone=False,
        roles=[Role.PREVENT_LEAD],
    )
    lead = make_person_with_role(Role.PREVENT_LEAD, institution)
    assert titles(selectors.resources_for(user=lead, place=Place.CONCERN_SHARE).links) == [
        "CT policing"
    ]
    for other in (personas.outsider, personas.admin, personas.organiser):
        assert not selectors.resources_for(user=other, place=Place.CONCERN_SHARE).anything


def test_a_revoked_role_reads_nothing_more(personas, institution):
    from podium.accounts import services as accounts

    make_link(personas.admin, title="CT", for_everyone=False, roles=[Role.PREVENT_LEAD])
    lead = make_person_with_role(Role.PREVENT_LEAD, institution)
    assignment = lead.role_assignments.get()
    accounts.revoke_role(acting_user=personas.admin, assignment=assignment)
    lead = User.objects.get(pk=lead.pk)
    assert selectors.library(user=lead).items == []


def test_retired_resources_are_shown_nowhere_but_the_managed_list(personas):
    link = make_link(personas.admin, title="Old guidance", places=[Place.TRAINING])
    services.retire_resource(acting_user=personas.admin, resource=link)
    assert not selectors.resources_for(user=personas.admin, place=Place.TRAINING).anything
    assert selectors.library(user=personas.admin).items == []
    assert titles(selectors.managed(show="retired").items) == ["Old guidance"]
    assert selectors.managed().items == []


def test_signed_out_people_read_only_public_resources(personas):
    make_document(personas.admin, title="Code", is_public=True, places=[Place.EVENT_DECISION])
    make_link(personas.admin, title="RA24", places=[Place.EVENT_DECISION])
    anonymous = AnonymousUser()
    assert titles(
        selectors.resources_for(user=anonymous, place=Place.EVENT_DECISION).documents
    ) == ["Code"]
    assert titles(selectors.library(user=anonymous).items) == ["Code"]
    assert titles(selectors.public_library().items) == ["Code"]


def test_a_public_resource_is_read_by_every_role_too(personas):
    make_link(
        personas.admin, title="Public", is_public=True, for_everyone=False, roles=["governor"]
    )
    assert titles(selectors.library(user=personas.organiser).items) == ["Public"]


def test_a_panel_is_one_query_however_many_resources(personas, institution):
    lead = make_person_with_role(Role.PREVENT_LEAD, institution)

    def panel() -> int:
        fresh = User.objects.get(pk=lead.pk)
        permissions.current_assignments(fresh)  # read once a request (the navigation did)
        return count_queries(
            lambda: shown.append(selectors.resources_for(user=fresh, place=Place.EVENT_DECISION))
        )

    shown: list[selectors.Panel] = []
    make_document(personas.admin, title="Doc 0", places=[Place.EVENT_DECISION])
    one = panel()
    for n in range(10):
        make_document(personas.admin, title=f"Doc {n + 1}", places=[Place.EVENT_DECISION])
        make_link(personas.admin, title=f"Link {n}", places=[Place.EVENT_DECISION])
        make_contact(
            personas.admin,
            title=f"Contact {n}",
            places=[Place.EVENT_DECISION],
            for_everyone=False,
            roles=[Role.PREVENT_LEAD],
        )
    assert panel() == one == 1
    assert len(shown[-1].contacts) == 10 and len(shown[-1].documents) == 11
