"""The sharing API: the same services and access as the pages."""

from __future__ import annotations

import pytest

from podium.accounts.roles import Role
from podium.sharing import services
from podium.sharing.models import State
from podium.testing.api import api_client_for
from podium.testing.factories import make_person_with_role
from podium.testing.sharing import facts, make_sharing


@pytest.fixture
def s(institution):
    return make_sharing(institution)


def test_the_dpo_refuses_then_approves_over_the_api(s):
    d = services.create_disclosure(acting_user=s.prevent, facts=facts(s))
    services.submit_for_sign_off(acting_user=s.prevent, disclosure=d)
    client = api_client_for(s.dpo)
    url = f"/api/v1/disclosures/{d.pk}/sign-off"
    refused = client.post(url, {"approve": False, "reason": ""})
    assert refused.status_code == 409 or refused.status_code == 400
    assert refused.json()["errors"][0]["field"] == "reason"
    assert client.post(url, {"approve": False, "reason": "Too much."}).json()["state"] == "refused"
    assert client.post(url, {"approve": True}).status_code == 409
    d.refresh_from_db()
    assert d.state == State.REFUSED
    assert api_client_for(s.prevent).post(url, {"approve": True}).status_code == 403


def test_the_auditor_gets_metadata_only(s, institution):
    auditor = make_person_with_role(Role.AUDITOR, institution)
    d = services.create_disclosure(acting_user=s.prevent, facts=facts(s))
    meta = api_client_for(auditor).get(f"/api/v1/disclosures/{d.pk}").json()
    assert meta["partner"] == "University of Northshire" and meta["snapshot"] is None
    assert meta["received"] is None and meta["speaker"] is None
    full = api_client_for(s.safeguarding).get("/api/v1/disclosures").json()
    assert full["items"][0]["snapshot"]["name"]["value"] == "Dr Jane Visiting"
    assert api_client_for(s.dpo).get("/api/v1/disclosures?state=nope").status_code == 400


def test_requests_and_agreements(s):
    services.ask_partners(
        acting_user=s.prevent,
        speaker_id=s.speaker.pk,
        partners=[s.partner],
        question="Q?",
        due_on=None,
    )
    items = api_client_for(s.safeguarding).get("/api/v1/speaker-information-requests").json()
    assert items["items"][0]["answers"][0]["partner"] == "University of Northshire"
    assert api_client_for(s.prevent).get("/api/v1/sharing-agreements").status_code == 403
    assert api_client_for(s.dpo).get("/api/v1/sharing-agreements").json() == []
