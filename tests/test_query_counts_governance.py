"""Governance pages cost the same number of queries with 1 row as with 50
(QUALITY.md, performance): the action plan, the overview and a version page with
its comparison, and the API."""

from __future__ import annotations

import itertools
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from podium.governance import services
from podium.governance.models import ActionItem, Complaint, Risk, RiskEntry, RiskTopic
from podium.testing.api import api_client_for
from podium.testing.governance import make_governor, make_lead, make_officer, signed_version
from podium.testing.personas import client_for
from podium.testing.queries import assert_constant_queries

counter = itertools.count(1000)


@pytest.fixture
def setup(institution):
    lead = make_lead(institution)
    governor = make_governor(institution)
    signed = signed_version(lead, governor, risks=1)
    draft = services.start_version(acting_user=lead)
    return {"lead": lead, "signed": signed, "draft": draft}


def _add_actions(setup, n: int) -> None:
    risk = Risk.objects.earliest("pk")
    today = timezone.localdate()
    ActionItem.objects.bulk_create(
        ActionItem(
            risk=risk,
            category="policy",
            action=f"Action {next(counter)}",
            owner=setup["lead"],
            deadline=today + timedelta(days=k - 10),
        )
        for k in range(n)
    )


def _add_risks(setup, n: int) -> None:
    """Risks in both versions (one changed in the draft) and one only in the draft."""
    topic = RiskTopic.objects.earliest("pk")
    for _ in range(n):
        risk = Risk.objects.create(reference=next(counter))
        values = {
            "risk": risk,
            "topic": topic,
            "description": "Risk",
            "likelihood": 3,
            "severity": 3,
            "residual_likelihood": 2,
            "residual_severity": 2,
            "owner": setup["lead"],
        }
        RiskEntry.objects.create(version=setup["draft"], **{**values, "likelihood": 4})
    _add_actions(setup, n)


def _get(user, url, params=None):
    client = client_for(user)

    def get():
        response = client.get(url, params or {})
        assert response.status_code == 200

    return get


@pytest.mark.parametrize("status", ["", "overdue"])
def test_the_action_plan(setup, status):
    assert_constant_queries(
        get_page=_get(setup["lead"], reverse("governance:action-list"), {"status": status}),
        add_rows=lambda n: _add_actions(setup, n),
    )


def test_the_overview_and_a_version(setup):
    assert_constant_queries(
        get_page=_get(setup["lead"], reverse("governance:assessment")),
        add_rows=lambda n: _add_risks(setup, n),
        ceiling=20,
    )


def test_a_version_page(setup):
    assert_constant_queries(
        get_page=_get(
            setup["lead"], reverse("governance:version-detail", args=[setup["draft"].pk])
        ),
        add_rows=lambda n: _add_risks(setup, n),
        ceiling=20,
    )


def test_the_api(setup):
    client = api_client_for(setup["lead"])

    def get():
        assert client.get("/api/v1/risk-assessment").status_code == 200
        assert client.get("/api/v1/risk-assessment/actions").status_code == 200

    get()  # the token's first use is recorded once
    assert_constant_queries(get_page=get, add_rows=lambda n: _add_risks(setup, n), ceiling=30)


def test_the_complaints_register(institution):
    officer = make_officer(institution)
    today = timezone.localdate()

    def add_rows(n):
        Complaint.objects.bulk_create(
            Complaint(
                complainant_kind="student",
                complainant_name="Someone",
                complainant_email="someone@example.net",
                matter_on=today - timedelta(days=k + 40),
                received_on=today - timedelta(days=k + 35),
                about="About",
                adverse_consequence="Consequence",
                owner=officer,
            )
            for k in range(n)
        )

    for stage in ("", "overdue"):
        assert_constant_queries(
            get_page=_get(officer, reverse("governance:complaint-list"), {"stage": stage}),
            add_rows=add_rows,
        )
        Complaint.objects.all().delete()
