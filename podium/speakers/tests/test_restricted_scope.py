"""Whose restricted fields a reviewer sees (issue 13, item 3): a speaker's contact
details, notes, history and the findings of checks only when the speaker is on a
request in the reviewer's scope, or the reviewer is institution-wide. And a speaker
typed only on someone else's unsubmitted draft is not in the register at all."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from podium.accounts.models import UnitKind
from podium.accounts.roles import Role
from podium.events import services as events
from podium.events.tests.policy_setup import reset_policy
from podium.speakers import access, selectors, services
from podium.speakers.models import CheckSource, Speaker
from podium.testing.api import api_client_for
from podium.testing.events import make_request
from podium.testing.factories import make_person_with_role, make_unit
from podium.testing.personas import client_for

pytestmark = pytest.mark.django_db

FINDING = "Spoke at a rally in 2023; nothing unlawful found."
EMAIL = "faculty.speaker@example.org"


def _speaker_of(event_request) -> Speaker:
    return event_request.speakers.get().speaker


def _check(reviewer, speaker) -> None:
    services.update_speaker(
        acting_user=reviewer, speaker=speaker, facts=services.SpeakerFacts(email=EMAIL)
    )
    services.record_check(
        acting_user=reviewer,
        speaker=speaker,
        sources=list(CheckSource.objects.all()[:1]),
        checked_on=timezone.localdate(),
        findings=FINDING,
    )


@pytest.fixture
def world(personas, institution, faculty, reviewer) -> dict[str, Any]:
    reset_policy()
    union = make_unit(parent=institution, name="Students' Union", kind=UnitKind.STUDENTS_UNION)
    su_reviewer = make_person_with_role(Role.SU_REVIEWER, union, full_name="Sue Union")
    su_organiser = make_person_with_role(Role.ORGANISER, union, full_name="Sol Society")
    faculty_request = make_request(
        organiser=personas.organiser,
        unit=faculty,
        submit=True,
        speakers=[events.SpeakerFacts(name="Farida Faculty", affiliation="Elsewhere")],
    )
    union_request = make_request(
        organiser=su_organiser,
        unit=union,
        submit=True,
        speakers=[events.SpeakerFacts(name="Umar Union", affiliation="Elsewhere")],
    )
    faculty_only = _speaker_of(faculty_request)
    on_union = _speaker_of(union_request)
    _check(reviewer, faculty_only)
    _check(reviewer, on_union)
    return {
        "su_reviewer": su_reviewer,
        "faculty_only": faculty_only,
        "on_union": on_union,
        "union": union,
    }


def test_the_union_reviewer_sees_no_restricted_field_of_a_faculty_only_speaker(world):
    su_reviewer, speaker = world["su_reviewer"], world["faculty_only"]
    assert not access.may_see_restricted(su_reviewer, speaker)
    response = client_for(su_reviewer).get(reverse("speakers:speaker-detail", args=[speaker.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert speaker.name in page
    assert FINDING not in page and EMAIL not in page
    body = api_client_for(su_reviewer).get(f"/api/v1/speakers/{speaker.pk}").json()
    assert body["email"] is None and body["checks"] is None
    assert FINDING not in str(body)


def test_the_union_reviewer_cannot_open_or_change_a_faculty_only_speaker(world):
    su_reviewer, speaker = world["su_reviewer"], world["faculty_only"]
    client = client_for(su_reviewer)
    for name in (
        "speakers:speaker-edit",
        "speakers:speaker-check",
        "speakers:speaker-merge",
        "speakers:speaker-events",
        "speakers:speaker-checks",
    ):
        assert client.get(reverse(name, args=[speaker.pk])).status_code == 403, name
    api = api_client_for(su_reviewer)
    assert api.patch(f"/api/v1/speakers/{speaker.pk}", {"notes": "x"}).status_code == 403
    assert speaker not in selectors.due_rechecks(
        visible=access.restricted_filter(su_reviewer), today=timezone.localdate().replace(year=3000)
    )


def test_the_union_reviewer_sees_the_restricted_fields_of_a_speaker_on_a_union_request(world):
    su_reviewer, speaker = world["su_reviewer"], world["on_union"]
    assert access.may_see_restricted(su_reviewer, speaker)
    page = (
        client_for(su_reviewer)
        .get(reverse("speakers:speaker-detail", args=[speaker.pk]))
        .content.decode()
    )
    assert FINDING in page and EMAIL in page
    body = api_client_for(su_reviewer).get(f"/api/v1/speakers/{speaker.pk}").json()
    assert body["email"] == EMAIL and body["checks"][0]["findings"] == FINDING


def test_an_institution_wide_reviewer_sees_every_speakers_restricted_fields(world, reviewer):
    for key in ("faculty_only", "on_union"):
        assert access.may_see_restricted(reviewer, world[key])


def test_a_speaker_only_on_someone_elses_draft_is_not_in_the_register(
    world, personas, faculty, reviewer
):
    draft = make_request(
        organiser=personas.organiser,
        unit=faculty,
        speakers=[events.SpeakerFacts(name="Dora Draftonly", affiliation="Elsewhere")],
    )
    speaker = _speaker_of(draft)
    url = reverse("speakers:speaker-detail", args=[speaker.pk])
    for person in (reviewer, world["su_reviewer"]):
        assert client_for(person).get(url).status_code == 404
        # Reviewers browse the register (a page of it, not the recent few).
        register = client_for(person).get(reverse("speakers:speaker-list")).context["page"]
        assert register.items
        assert speaker not in register.items
        found = client_for(person).get(reverse("speakers:speaker-list"), {"q": "Dora Draftonly"})
        assert [m.speaker for m in found.context["results"]] == []
        assert api_client_for(person).get(f"/api/v1/speakers/{speaker.pk}").status_code == 404
    # The draft's organiser still finds it; once submitted, reviewers do too.
    assert client_for(personas.organiser).get(url).status_code == 200
    events.submit_request(acting_user=personas.organiser, event_request=draft)
    assert client_for(reviewer).get(url).status_code == 200
    assert access.may_see_restricted(reviewer, speaker)
    assert not access.may_see_restricted(world["su_reviewer"], speaker)
