"""`/api/v1/speakers`: the same rules as the pages; findings only for reviewers."""

from __future__ import annotations

import pytest
from django.utils import timezone

from podium.audit.models import AuditEntry
from podium.speakers import services
from podium.speakers.models import CheckSource, Speaker
from podium.testing.api import api_client_for

pytestmark = pytest.mark.django_db
BASE = "/api/v1/speakers"


def _speaker(user, name="Muhammad al-Hasan", **facts):
    return services.create_speaker(
        acting_user=user, facts=services.SpeakerFacts(name=name, **facts)
    )


def test_search_answers_the_closest_names(personas):
    speaker = _speaker(personas.organiser)
    response = api_client_for(personas.organiser).get(BASE, {"q": "Mohamed Al Hassan"})
    assert response.status_code == 200
    assert response.json()[0] == {
        "id": speaker.pk,
        "name": "Muhammad al-Hasan",
        "matched_name": "Muhammad al-Hasan",
        "affiliations": [],
        "similarity": 1.0,
    }


def test_organisers_never_get_findings_or_contact_details(personas, reviewer):
    speaker = _speaker(personas.organiser, email="mah@example.org")
    services.record_check(
        acting_user=reviewer,
        speaker=speaker,
        sources=list(CheckSource.objects.all()[:1]),
        checked_on=timezone.localdate(),
        findings="Secret finding.",
    )
    body = api_client_for(personas.organiser).get(f"{BASE}/{speaker.pk}").json()
    assert body["checks"] is None
    assert body["email"] is None
    assert "Secret finding." not in str(body)
    reviewer_body = api_client_for(reviewer).get(f"{BASE}/{speaker.pk}").json()
    assert reviewer_body["checks"][0]["findings"] == "Secret finding."
    assert reviewer_body["email"] == "mah@example.org"


def test_create_update_merge_and_check_are_audited(reviewer):
    client = api_client_for(reviewer)
    one = client.post(BASE, {"name": "Muhammad al-Hasan", "affiliations": ["Elsewhere"]}).json()
    two = client.post(BASE, {"name": "Mohamed Al Hassan", "confirm_different_person": True}).json()
    assert client.patch(f"{BASE}/{one['id']}", {"links": ["https://example.org/mah"]}).json()[
        "links"
    ] == ["https://example.org/mah"]
    merged = client.post(f"{BASE}/{one['id']}/merge", {"merged": two["id"], "reason": "Same."})
    assert merged.status_code == 200
    assert "Mohamed Al Hassan" in merged.json()["other_names"]
    check = client.post(
        f"{BASE}/{one['id']}/checks",
        {
            "sources": [CheckSource.objects.first().pk],
            "checked_on": timezone.localdate().isoformat(),
            "findings": "Nothing found.",
        },
    )
    assert check.status_code == 201
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "speakers.speaker.created",
        "speakers.speaker.updated",
        "speakers.speaker.merged",
        "speakers.check.recorded",
    } <= actions
    assert Speaker.objects.get(pk=two["id"]).merged_into_id == one["id"]


def test_organisers_may_add_but_not_check_or_merge(personas):
    client = api_client_for(personas.organiser)
    created = client.post(BASE, {"name": "Jane Example"})
    assert created.status_code == 201
    pk = created.json()["id"]
    assert client.post(f"{BASE}/{pk}/merge", {"merged": pk, "reason": "x"}).status_code == 403
    check = {"sources": [1], "checked_on": "2026-01-01", "findings": "x"}
    assert client.post(f"{BASE}/{pk}/checks", check).status_code == 403


def test_speakers_added_through_the_events_api_are_linked_to_the_register(personas, faculty):
    from podium.testing.events import make_request

    existing = _speaker(personas.organiser)
    event = make_request(organiser=personas.organiser, unit=faculty)
    response = api_client_for(personas.organiser).patch(
        f"/api/v1/event-requests/{event.pk}",
        {
            "speakers": [
                {"name": "Mohamed Al Hassan", "speaker_id": existing.pk},
                {"name": "Someone New"},
            ]
        },
    )
    assert response.status_code == 200, response.content
    speakers = response.json()["speakers"]
    assert speakers[0]["speaker_id"] == existing.pk
    assert Speaker.objects.get(pk=speakers[1]["speaker_id"]).name == "Someone New"


# --- Did you mean (issue 14, item 13) -------------------------------------------------


def _checked_with_history(reviewer, organiser, faculty):
    from datetime import timedelta

    from podium.events import services as events
    from podium.testing.events import approval, make_request

    speaker = _speaker(reviewer, affiliations="University of Northshire")
    request = make_request(
        organiser=organiser,
        unit=faculty,
        submit=True,
        speakers=[events.SpeakerFacts(name=speaker.name, speaker_id=speaker.pk)],
    )
    events.decide(acting_user=reviewer, event_request=request, facts=approval())
    today = timezone.localdate()
    services.record_check(
        acting_user=reviewer,
        speaker=speaker,
        sources=list(CheckSource.objects.all()[:1]),
        checked_on=today,
        findings="Nothing found.",
        recheck_after=today + timedelta(days=90),
    )
    return speaker


def test_adding_a_likely_duplicate_answers_409_with_the_matches_and_their_facts(
    personas, reviewer, faculty
):
    existing = _checked_with_history(reviewer, personas.organiser, faculty)
    count = Speaker.objects.count()
    response = api_client_for(personas.organiser).post(BASE, {"name": "Mohamed Al Hassan"})
    assert response.status_code == 409
    body = response.json()
    assert body["errors"] == [
        {
            "field": "name",
            "message": "The register already has speakers like Mohamed Al Hassan (see "
            "matches): use one of them, or send confirm_different_person: true if this is "
            "a different person.",
        }
    ]
    [match] = body["matches"]
    today = timezone.localdate()
    assert match["id"] == existing.pk
    assert match["name"] == "Muhammad al-Hasan"
    assert match["affiliations"] == ["University of Northshire"]
    assert match["spoke_here"] == 1
    assert match["last_checked_on"] == today.isoformat()
    assert match["check_current"] is True
    assert match["facts"].startswith("Spoke here once; last checked ")
    assert Speaker.objects.count() == count  # nothing added


def test_other_names_are_matched_too(personas):
    _speaker(personas.organiser)
    response = api_client_for(personas.organiser).post(
        BASE, {"name": "M. Hasan-Smith", "other_names": ["Mohammed Al-Hasan"]}
    )
    assert response.status_code == 409


def test_confirming_a_different_person_adds_the_speaker(personas):
    _speaker(personas.organiser)
    response = api_client_for(personas.organiser).post(
        BASE, {"name": "Mohamed Al Hassan", "confirm_different_person": True}
    )
    assert response.status_code == 201
    assert Speaker.objects.filter(name="Mohamed Al Hassan").exists()


def test_a_name_with_no_likely_match_is_added_without_confirming(personas):
    _speaker(personas.organiser)
    assert (
        api_client_for(personas.organiser).post(BASE, {"name": "Ada Lovelace"}).status_code == 201
    )


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (
            {"name": "Mohamed Al Hassan", "confirm_different_person": "yes"},
            "confirm_different_person",
        ),
        ({"name": "Mohamed Al Hassan", "confirm_different_person": 1}, "confirm_different_person"),
        ({"name": "   ", "confirm_different_person": True}, "name"),
        ({"name": "   "}, "name"),
    ],
)
def test_bad_input_is_refused_naming_the_field(personas, body, field):
    _speaker(personas.organiser)
    response = api_client_for(personas.organiser).post(BASE, body)
    assert response.status_code == 400
    assert field in [e["field"] for e in response.json()["errors"]]


def test_people_outside_the_register_get_403_not_the_matches(personas):
    _speaker(personas.organiser)
    response = api_client_for(personas.outsider).post(BASE, {"name": "Mohamed Al Hassan"})
    assert response.status_code == 403
    assert "matches" not in response.json()


def test_a_speaker_on_someone_elses_draft_is_not_offered(personas, faculty):
    """The matches are those the caller may find (`access.findable_filter`)."""
    from podium.accounts.roles import Role
    from podium.events import services as events
    from podium.testing.events import make_request
    from podium.testing.factories import make_person_with_role

    other = make_person_with_role(Role.ORGANISER, faculty, full_name="Other Organiser")
    make_request(
        organiser=other,
        unit=faculty,
        speakers=[events.SpeakerFacts(name="Muhammad al-Hasan")],
    )
    response = api_client_for(personas.organiser).post(BASE, {"name": "Mohamed Al Hassan"})
    assert response.status_code == 201


def test_the_events_api_asks_the_same_question_for_each_new_speaker(personas, faculty):
    from podium.testing.events import make_request

    existing = _speaker(personas.organiser)
    event = make_request(organiser=personas.organiser, unit=faculty)
    client = api_client_for(personas.organiser)
    url = f"/api/v1/event-requests/{event.pk}"
    rows: list[dict[str, object]] = [
        {"name": "Dr Jane Example"},
        {"name": "Ada Lovelace"},
        {"name": "Mohamed Al Hassan"},
    ]
    response = client.patch(url, {"speakers": rows})
    # Dr Jane Example is the name this request's speaker had: kept, not asked again.
    assert response.status_code == 409, response.content
    body = response.json()
    assert [e["field"] for e in body["errors"]] == ["speakers.2.name"]
    [row] = body["speakers"]
    assert (row["index"], row["name"]) == (2, "Mohamed Al Hassan")
    assert [m["id"] for m in row["matches"]] == [existing.pk]
    assert row["matches"][0]["facts"] == "Has not spoken here before; never checked"
    assert [s.name for s in event.speakers.all()] == ["Dr Jane Example"]  # unchanged
    rows[2]["confirm_different_person"] = True
    assert client.patch(url, {"speakers": rows}).status_code == 200
    rows[2] = {"name": "Mohamed Al Hassan", "speaker_id": existing.pk}
    assert client.patch(url, {"speakers": rows}).status_code == 200


def test_starting_a_request_through_the_api_asks_too(personas, faculty):
    _speaker(personas.organiser)
    client = api_client_for(personas.organiser)
    speaker: dict[str, object] = {"name": "Mohamed Al Hassan"}
    body = {"title": "A talk", "unit": faculty.pk, "speakers": [speaker]}
    response = client.post("/api/v1/event-requests", body)
    assert response.status_code == 409
    assert response.json()["speakers"][0]["index"] == 0
    speaker["confirm_different_person"] = True
    assert client.post("/api/v1/event-requests", body).status_code == 201


def test_only_the_organiser_is_asked_on_a_change(personas, faculty, reviewer):
    """Someone else who sees the request gets the organiser-only refusal, not the matches."""
    from podium.testing.events import make_request

    _speaker(personas.organiser)
    event = make_request(organiser=personas.organiser, unit=faculty, submit=True)
    response = api_client_for(reviewer).patch(
        f"/api/v1/event-requests/{event.pk}", {"speakers": [{"name": "Mohamed Al Hassan"}]}
    )
    assert response.status_code == 403
    assert "speakers" not in response.json()
