"""The DPO's pages, end to end through the client; bad input gets clear messages;
the API reads the log; the list costs the same queries with 1 or 30 requests."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.urls import reverse

from podium.audit.models import AuditEntry
from podium.subject_access.models import Status, SubjectAccessRequest
from podium.testing import factories
from podium.testing.api import ApiClient, token_for
from podium.testing.personas import client_for
from podium.testing.queries import assert_constant_queries
from podium.testing.subject_access import logged_request, make_dpo

pytestmark = pytest.mark.django_db


def test_the_dpo_takes_a_request_from_receipt_to_release():
    dpo = make_dpo()
    subject = factories.make_user(email="rita.requester@example.ac.uk", full_name="Rita Requester")
    client = client_for(dpo)
    response = client.post(
        reverse("subject_access:create"),
        {
            "requester_name": "Rita Requester",
            "requester_email": "rita.requester@example.ac.uk",
            "received_on": "2026-12-01",
            "details": "All of it.",
        },
    )
    sar = SubjectAccessRequest.objects.get()
    assert response.status_code == 302
    detail = reverse("subject_access:detail", args=[sar.pk])
    assert client.get(detail).status_code == 200
    client.post(reverse("subject_access:identity", args=[sar.pk]), {"method": "photo_id"})
    client.post(reverse("subject_access:search", args=[sar.pk]))
    # The kind of each record found in words, not its model label.
    found = client.get(detail).content.decode()
    assert "User (People and organisational units)" in found
    assert "accounts.User" not in found
    candidate = sar.candidates.get(record_id=subject.pk, kind="accounts.User")
    client.post(
        reverse("subject_access:decide", args=[sar.pk]),
        {"candidate": candidate.pk, "confirmed": "yes"},
    )
    export = client.get(reverse("subject_access:export", args=[sar.pk]))
    assert export.status_code == 200 and b"rita.requester@example.ac.uk" in export.content
    response = client.post(
        reverse("subject_access:withhold", args=[sar.pk]),
        {
            "record_type": "accounts.User",
            "record_id": subject.pk,
            "field_name": "email",
            "exemption": "crime",
            "reason": "Part of a live police investigation",
        },
    )
    assert response.status_code == 302
    # Not downloadable before review.
    assert client.get(reverse("subject_access:bundle", args=[sar.pk])).status_code == 404
    client.post(reverse("subject_access:review", args=[sar.pk]))
    client.post(reverse("subject_access:release", args=[sar.pk]))
    sar.refresh_from_db()
    assert sar.status == Status.RELEASED
    # Released: the downloads, and no form that would change it.
    released = client.get(reverse("subject_access:export", args=[sar.pk])).content.decode()
    assert "A released request cannot change" in released
    assert "Mark the export reviewed" not in released
    assert "Withhold part of this record" not in released and "Put back" not in released
    assert "The document, for print" in released
    document = client.get(reverse("subject_access:document", args=[sar.pk]))
    assert b"Part of a live police investigation" in document.content
    assert b"rita.requester@example.ac.uk" not in document.content
    # As a person reads it: the fields' own names, yes or no, dates as dates.
    text = document.content.decode()
    assert "Date joined" in text and "date_joined" not in text
    assert "Yes" in text and "True" not in text
    assert subject.date_joined.isoformat() not in text
    bundle = client.get(reverse("subject_access:bundle", args=[sar.pk]))
    archive = zipfile.ZipFile(io.BytesIO(bundle.content))
    account = json.loads(archive.read("accounts.User.json"))
    assert account["records"][0]["email"].startswith("[withheld:")
    # The bundle keeps names and stored values, for machines.
    assert account["records"][0]["is_active"] is True
    assert account["records"][0]["date_joined"] == subject.date_joined.isoformat()
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"subject_access.request.released", "subject_access.record.withheld"} <= actions


@pytest.mark.parametrize(
    ("url_name", "data", "message"),
    [
        ("identity", {"method": "telepathy"}, b"Choose how the requester"),
        ("extend", {"reason": "busy"}, b"at least 4 words"),
        ("stop-clock", {}, b"Choose what you are waiting for"),
        ("decide", {"candidate": "x", "confirmed": "maybe"}, b"Say whether it is the requester"),
        ("review", {}, b"Check the requester"),
        ("release", {}, b"Review the export before releasing it"),
        (
            "withhold",
            {
                "record_type": "nope",
                "record_id": "1",
                "exemption": "crime",
                "reason": "four words are here",
            },
            b"not a record type in the export",
        ),
    ],
)
def test_bad_input_gets_a_clear_message(url_name, data, message):
    dpo = make_dpo()
    sar = logged_request(dpo=dpo)
    response = client_for(dpo).post(reverse(f"subject_access:{url_name}", args=[sar.pk]), data)
    assert response.status_code == 400
    assert message in response.content


def test_bad_dates_on_the_form_are_explained():
    response = client_for(make_dpo()).post(
        reverse("subject_access:create"), {"requester_name": "X", "received_on": "31/31/2026"}
    )
    assert response.status_code == 200
    assert b"Enter the date received as a date" in response.content


def test_the_home_page_shows_the_dpo_what_is_due():
    dpo = make_dpo()
    logged_request(dpo=dpo, days_ago=25)
    page = client_for(dpo).get(reverse("core:home"))
    assert b"1 subject access request due within 14 days" in page.content
    card = {c.title: c for c in page.context["cards"]}["Subject access requests"]
    assert {f.label: f.count for f in card.figures}["due within 14 days"] == 1


def test_the_api_lists_the_log_for_the_auditor(personas):
    sar = logged_request()
    client = ApiClient(token_for(personas.auditor))
    body = client.get("/api/v1/subject-access-requests").json()
    assert [item["reference"] for item in body["items"]] == [sar.reference]
    assert client.get(f"/api/v1/subject-access-requests/{sar.pk}").json()["due_on"]


def test_the_list_costs_the_same_with_1_or_50_requests():
    dpo = make_dpo()
    client = client_for(dpo)

    def get():
        assert client.get(reverse("subject_access:list")).status_code == 200

    assert_constant_queries(
        get_page=get, add_rows=lambda n: [logged_request(dpo=dpo) for _ in range(n)], ceiling=16
    )
