"""The resources library's panels on the pages of the apps above it: the decision
page, the share-a-concern form, the sharing pages and the training pages show what
is tagged for them, to those who may read it, at one query a panel."""

from __future__ import annotations

import itertools

import pytest
from django.urls import reverse

from podium.accounts.models import User
from podium.accounts.roles import Role
from podium.events.models import EventRequest
from podium.resources.models import Place
from podium.testing.events import make_request
from podium.testing.factories import make_person_with_role
from podium.testing.personas import client_for
from podium.testing.queries import count_queries
from podium.testing.resources import make_contact, make_document, make_link

counter = itertools.count()


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.PODIUM_PRIVATE_DIR = tmp_path / "private"


def reviewer_of(request: EventRequest) -> User:
    """Someone holding the role the request waits for, over its unit."""
    assert request.waiting_unit is not None
    return make_person_with_role(Role(request.waiting_role), request.waiting_unit)


def test_the_decision_page_shows_the_code_and_regulatory_advice_24(personas, faculty):
    make_document(
        personas.admin,
        title="Code of practice on freedom of speech",
        is_public=True,
        places=[Place.EVENT_DECISION],
    )
    make_link(personas.admin, title="OfS Regulatory advice 24", places=[Place.EVENT_DECISION])
    make_link(personas.admin, title="ICO data sharing code", places=[Place.SHARING])
    request = make_request(organiser=personas.organiser, unit=faculty, submit=True)
    reviewer = reviewer_of(request)
    html = client_for(reviewer).get(reverse("events:request-decide", args=[request.pk]))
    panel = html.content.decode().split("Guidance and contacts</h2>")[1].split("</section>")[0]
    assert "Code of practice on freedom of speech</a> (PDF, version 1)" in panel
    assert "OfS Regulatory advice 24" in panel
    assert "ICO data sharing code" not in panel


def test_the_decision_page_costs_the_same_with_1_and_30_resources(personas, faculty):
    request = make_request(organiser=personas.organiser, unit=faculty, submit=True)
    reviewer = reviewer_of(request)
    client = client_for(reviewer)
    url = reverse("events:request-decide", args=[request.pk])
    client.get(url)  # first visit: session rows

    def add(n: int) -> None:
        for _ in range(n):
            i = next(counter)
            make_link(personas.admin, title=f"Link {i}", places=[Place.EVENT_DECISION])
            make_contact(
                personas.admin,
                title=f"Contact {i}",
                places=[Place.EVENT_DECISION],
                for_everyone=False,
                roles=[reviewer.role_assignments.get().role],
            )

    add(1)
    one = count_queries(lambda: client.get(url))
    add(15)
    assert count_queries(lambda: client.get(url)) == one
    assert "Contact 15" in client.get(url).content.decode()


def test_the_concern_form_shows_guidance_and_contacts_for_the_persons_roles(personas):
    make_link(personas.admin, title="Notice, Check, Share", places=[Place.CONCERN_SHARE])
    make_contact(
        personas.admin, title="Regional Prevent co-ordinator", places=[Place.CONCERN_SHARE]
    )
    make_contact(
        personas.admin,
        title="Counter Terrorism Policing",
        places=[Place.CONCERN_SHARE],
        for_everyone=False,
        roles=[Role.PREVENT_LEAD],
    )
    html = client_for(personas.organiser).get(reverse("concerns:share")).content.decode()
    assert "Notice, Check, Share" in html
    assert "Regional Prevent co-ordinator" in html
    assert "Counter Terrorism Policing" not in html


def test_the_sharing_pages_show_the_ico_code_and_the_agreement_register(personas, institution):
    make_link(personas.admin, title="ICO data sharing code", places=[Place.SHARING])
    make_link(
        personas.admin,
        title="The register of information-sharing agreements",
        url="/sharing/agreements/",
        places=[Place.SHARING],
        for_everyone=False,
        roles=[Role.DATA_PROTECTION_OFFICER],
    )
    dpo = make_person_with_role(Role.DATA_PROTECTION_OFFICER, institution)
    html = client_for(dpo).get(reverse("sharing:disclosure-list")).content.decode()
    assert "ICO data sharing code" in html
    assert 'href="/sharing/agreements/">The register of information-sharing agreements' in html


def test_the_training_pages_show_the_courses_providers(personas):
    make_link(personas.admin, title="Home Office Prevent duty training", places=[Place.TRAINING])
    for name in ("training:dashboard", "training:course-list"):
        html = client_for(personas.admin).get(reverse(name)).content.decode()
        assert "Home Office Prevent duty training" in html, name


def test_a_page_shows_no_panel_when_nothing_is_tagged_for_it(personas):
    html = client_for(personas.organiser).get(reverse("concerns:share")).content.decode()
    assert "Guidance and contacts</h2>" not in html
