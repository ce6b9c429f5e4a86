"""API writes: the same services and permissions as the pages; every wrong field
named at once; documented in the OpenAPI document."""

from __future__ import annotations

from datetime import date

import pytest

from podium.accounts.roles import Role
from podium.audit.models import AuditEntry
from podium.sharing import services
from podium.sharing.models import Disclosure, InformationRequest
from podium.testing.api import api_client_for
from podium.testing.factories import make_person_with_role
from podium.testing.sharing import make_sharing

pytestmark = pytest.mark.django_db


@pytest.fixture
def s(institution):
    return make_sharing(institution)


def body(s, **overrides):
    values = {
        "direction": "outgoing",
        "partner": s.partner.pk,
        "subject": "speaker",
        "speaker": s.speaker.pk,
        "fields_shared": ["name", "affiliations", "links"],
        "purpose": s.purpose.pk,
        "necessity": "They are assessing the same speaker.",
        "lawful_basis": "public_task",
        "one_off_reason": "No agreement covers this.",
        "decision_maker": s.prevent.pk,
        "method": "secure_email",
        "shared_on": "2026-11-02",
    }
    values.update(overrides)
    return values


def test_a_sharer_creates_a_draft_and_sends_it_for_sign_off(s):
    client = api_client_for(s.prevent)
    created = client.post("/api/v1/disclosures", body(s))
    assert created.status_code == 201, created.json()
    out = created.json()
    assert out["state"] == "draft"
    assert set(out["snapshot"]) == {"name", "affiliations", "links"}
    submitted = client.post(f"/api/v1/disclosures/{out['id']}/submit", {})
    assert submitted.status_code == 200 and submitted.json()["state"] == "awaiting_sign_off"
    assert client.post(f"/api/v1/disclosures/{out['id']}/submit", {}).status_code == 409
    actions = list(AuditEntry.objects.order_by("sequence").values_list("action", flat=True))
    assert actions[-2:] == ["sharing.disclosure.created", "sharing.disclosure.submitted"]


def test_an_incoming_disclosure_over_the_api(s):
    created = api_client_for(s.security).post(
        "/api/v1/disclosures",
        body(s, direction="incoming", fields_shared=[], received="Their note."),
    )
    assert created.status_code == 201
    assert created.json()["state"] == "received" and created.json()["snapshot"] == {}


def test_every_wrong_field_is_named_at_once(s):
    response = api_client_for(s.prevent).post(
        "/api/v1/disclosures",
        body(
            s,
            partner=999999,
            purpose=999999,
            decision_maker=s.dpo.pk,
            lawful_basis="nope",
            special_category=True,
            one_off_reason="",
            fields_shared=["email"],
        ),
    )
    assert response.status_code == 400
    fields = {e["field"] for e in response.json()["errors"]}
    assert {
        "partner",
        "purpose",
        "decision_maker",
        "lawful_basis",
        "special_condition",
        "schedule1_paragraph",
        "one_off_reason",
        "fields_shared",
    } <= fields
    unknown = api_client_for(s.prevent).post(
        "/api/v1/disclosures", body(s, agreement=999999, answers=999999)
    )
    assert {e["field"] for e in unknown.json()["errors"]} == {"agreement", "answers"}
    shape = api_client_for(s.prevent).post("/api/v1/disclosures", {"direction": 5, "extra": 1})
    assert shape.status_code == 400
    assert {"direction", "extra", "partner"} <= {e["field"] for e in shape.json()["errors"]}
    assert not Disclosure.objects.exists()


def test_only_sharers_write_disclosures_and_requests(s, institution):
    auditor = make_person_with_role(Role.AUDITOR, institution)
    for who in (s.dpo, s.safeguarding, auditor, s.admin):
        client = api_client_for(who)
        assert client.post("/api/v1/disclosures", body(s)).status_code == 403
        assert (
            client.post(
                "/api/v1/speaker-information-requests",
                {"speaker": s.speaker.pk, "partners": [s.partner.pk], "question": "Q?"},
            ).status_code
            == 403
        )
    d = services.create_disclosure(
        acting_user=s.prevent, facts=services.DisclosureFacts(**_facts_of(s))
    )
    assert api_client_for(s.dpo).post(f"/api/v1/disclosures/{d.pk}/submit", {}).status_code == 403
    read_only = api_client_for(s.prevent, scope="read")
    assert read_only.post("/api/v1/disclosures", body(s)).status_code == 403
    assert not Disclosure.objects.exclude(pk=d.pk).exists()


def _facts_of(s):
    from podium.testing.sharing import facts

    return vars(facts(s))


def test_ask_partners_and_record_an_answer(s):
    client = api_client_for(s.prevent)
    bad = client.post(
        "/api/v1/speaker-information-requests",
        {"speaker": 999999, "partners": [999999], "question": " ", "due_on": "2000-01-01"},
    )
    assert bad.status_code == 400
    assert {"speaker", "partners", "question", "due_on"} <= {
        e["field"] for e in bad.json()["errors"]
    }
    asked = client.post(
        "/api/v1/speaker-information-requests",
        {
            "speaker": s.speaker.pk,
            "partners": [s.partner.pk, s.other_partner.pk],
            "question": "Has this speaker spoken with you?",
        },
    )
    assert asked.status_code == 201
    pk = asked.json()["id"]
    assert len(asked.json()["answers"]) == 2
    url = f"/api/v1/speaker-information-requests/{pk}/answers"
    wrong = client.post(url, {"partner": s.partner.pk, "rag": "purple", "summary": " "})
    assert {"rag", "summary"} <= {e["field"] for e in wrong.json()["errors"]}
    stranger = client.post(url, {"partner": 999999, "rag": "amber", "summary": "x"})
    assert stranger.json()["errors"][0]["field"] == "partner"
    assert (
        api_client_for(s.dpo)
        .post(url, {"partner": s.partner.pk, "rag": "amber", "summary": "x"})
        .status_code
        == 403
    )
    answered = client.post(
        url, {"partner": s.partner.pk, "rag": "amber", "summary": "Spoke here; a condition."}
    )
    assert answered.status_code == 200
    answers = {a["partner"]: a for a in answered.json()["answers"]}
    assert answers["University of Northshire"]["rag"] == "amber"
    assert answers["University of Northshire"]["disclosure"] is not None
    again = client.post(url, {"partner": s.partner.pk, "rag": "green", "summary": "x"})
    assert again.status_code == 409
    assert InformationRequest.objects.get(pk=pk).recipients.filter(rag="amber").count() == 1
    actions = list(AuditEntry.objects.values_list("action", flat=True))
    assert actions.count("sharing.request.created") == 1
    assert actions.count("sharing.request.answered") == 1
    assert (
        api_client_for(s.prevent)
        .post(
            "/api/v1/speaker-information-requests/999999/answers",
            {"partner": s.partner.pk, "rag": "amber", "summary": "x"},
        )
        .status_code
        == 404
    )


def test_an_agreement_review_over_the_api(s):
    a = services.save_agreement(
        acting_user=s.dpo,
        agreement=None,
        partners=[s.partner],
        title="Speakers with Northshire",
        purpose="Speakers",
        data_categories="Names",
        lawful_bases="Public task",
        starts_on=date(2026, 1, 5),
        owner=s.dpo,
    )
    url = f"/api/v1/sharing-agreements/{a.pk}/reviews"
    assert api_client_for(s.prevent).post(url, {"outcome": "continue"}).status_code == 403
    bad = api_client_for(s.dpo).post(url, {"outcome": "maybe"})
    assert bad.status_code == 400 and bad.json()["errors"][0]["field"] == "outcome"
    ok = api_client_for(s.admin).post(url, {"outcome": "continue", "reviewed_on": "2026-12-01"})
    assert ok.status_code == 200 and ok.json()["review_on"] == "2027-12-01"
    ended = api_client_for(s.dpo).post(url, {"outcome": "end", "reviewed_on": "2026-12-02"})
    assert ended.json()["ends_on"] == "2026-12-02"
    assert (
        api_client_for(s.dpo)
        .post("/api/v1/sharing-agreements/999999/reviews", {"outcome": "end"})
        .status_code
        == 404
    )
    assert a.reviews.count() == 2
    assert AuditEntry.objects.filter(action="sharing.agreement.reviewed").count() == 2


def test_the_writes_are_documented():
    from config.api import api

    paths = api.get_openapi_schema()["paths"]
    assert "post" in paths["/api/v1/disclosures"]
    assert "post" in paths["/api/v1/disclosures/{pk}/submit"]
    assert "post" in paths["/api/v1/speaker-information-requests"]
    assert "post" in paths["/api/v1/speaker-information-requests/{pk}/answers"]
    assert "post" in paths["/api/v1/sharing-agreements/{pk}/reviews"]
    body_schema = paths["/api/v1/disclosures"]["post"]["requestBody"]
    assert body_schema["content"]["application/json"]["schema"]
