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
    two = client.post(BASE, {"name": "Mohamed Al Hassan"}).json()
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
