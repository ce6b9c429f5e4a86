"""Reportable events, reminders, settings, the home card, the API, demo and seed."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from podium.accounts.roles import Role
from podium.audit.models import AuditEntry
from podium.concerns import demo, seed, services
from podium.concerns.models import (
    Case,
    ConcernSettings,
    Ideology,
    Indicator,
    ReportableEvent,
    Stage,
)
from podium.concerns.navigation import home_waiting
from podium.notify.models import Message
from podium.testing import factories
from podium.testing.api import api_client_for
from podium.testing.events import make_request
from podium.testing.personas import client_for

pytestmark = pytest.mark.django_db


def _case(people, **kw):
    return services.share_concern(
        acting_user=people.lecturer,
        noticed="Worrying",
        noticed_on=timezone.localdate(),
        immediate_danger=kw.pop("urgent", False),
    )


def test_the_prevent_lead_records_and_reports_an_event(people):
    client = client_for(people.lead)
    url = reverse("concerns:event-list")
    today = timezone.localdate().isoformat()
    bad = client.post(
        url,
        {
            "occurred_on": today,
            "category": "serious_incident",
            "description": "x",
            "reported_on": today,
        },
    )
    assert bad.status_code == 400
    assert "Choose the regulator" in bad.content.decode()
    ok = client.post(
        url, {"occurred_on": today, "category": "serious_incident", "description": "Threat"}
    )
    assert ok.status_code == 302
    event = ReportableEvent.objects.get()
    edit = reverse("concerns:event-edit", args=[event.pk])
    assert client.get(edit).status_code == 200
    done = client.post(
        edit,
        {
            "occurred_on": today,
            "category": "serious_incident",
            "description": "Threat",
            "regulator": "ofs",
            "reported_on": today,
            "regulator_reference": "OFS-1",
        },
    )
    assert done.status_code == 302
    event.refresh_from_db()
    assert event.reported_on and event.regulator_reference == "OFS-1"
    changed = AuditEntry.objects.get(action="concerns.event.changed")
    assert changed.data["changes"]["regulator_reference"] == {"changed": True}
    assert client_for(people.officer).get(url).status_code == 403


def test_an_event_links_the_event_request_it_happened_at(people, institution):
    organiser = factories.make_person_with_role(Role.ORGANISER, institution)
    submitted = make_request(organiser=organiser, unit=institution, submit=True)
    draft = make_request(organiser=organiser, unit=institution)
    client = client_for(people.lead)
    url = reverse("concerns:event-list")
    values = {
        "occurred_on": timezone.localdate().isoformat(),
        "category": "serious_incident",
        "description": "Protest at the door",
    }
    # A draft is its organiser's alone: it cannot be named, nor a reference that is no one's.
    for reference in (draft.reference, "EV-NOPE"):
        refused = client.post(url, {**values, "event_reference": reference})
        assert refused.status_code == 400
        assert "No submitted event request has this reference." in refused.content.decode()
    assert not ReportableEvent.objects.exists()
    assert (
        client.post(url, {**values, "event_reference": submitted.reference.lower()}).status_code
        == 302
    )
    event = ReportableEvent.objects.get()
    assert event.event_request == submitted
    recorded = AuditEntry.objects.get(action="concerns.event.recorded")
    assert recorded.data["changes"]["event_request"] == {"old": None, "new": submitted.pk}
    edit = reverse("concerns:event-edit", args=[event.pk])
    page = client.get(edit).content.decode()
    assert submitted.reference in page
    assert reverse("events:request-detail", args=[submitted.pk]) in page
    assert submitted.reference in client.get(url).content.decode()
    # An empty reference unlinks it, as one change.
    assert client.post(edit, {**values, "event_reference": ""}).status_code == 302
    assert ReportableEvent.objects.get().event_request is None
    changed = AuditEntry.objects.get(action="concerns.event.changed")
    assert changed.data["changes"] == {"event_request": {"old": submitted.pk, "new": None}}


def test_an_unreported_event_past_the_window_reminds_the_lead_once(people):
    ReportableEvent.objects.create(
        occurred_on=timezone.localdate() - timedelta(days=20),
        category="serious_incident",
        description="x",
        recorded_by=people.lead,
    )
    assert [w.text for w in home_waiting(people.lead)] == [
        "1 reportable event not reported to the regulator"
    ]
    assert services.send_event_reminders() == 1
    assert services.send_event_reminders() == 0
    assert Message.objects.filter(recipient=people.lead).count() == 1


def test_review_dates_remind_the_owner_once(people):
    case = _case(people)
    case = services.update_case(
        acting_user=people.officer, case=case, owner=people.officer, review_on=timezone.localdate()
    )
    Message.objects.all().delete()
    assert services.send_review_reminders() == 1
    assert services.send_review_reminders() == 0
    assert list(Message.objects.values_list("recipient", flat=True)) == [people.officer.pk]


def test_the_home_card_shows_new_urgent_and_reviews(people):
    _case(people, urgent=True)
    _case(people)
    lines = [w.text for w in home_waiting(people.officer)]
    assert lines == ["1 urgent concern open", "2 new concerns to triage"]
    assert home_waiting(people.admin) == [] and home_waiting(people.auditor) == []
    page = client_for(people.officer).get("/").content.decode()
    assert "2 new concerns to triage" in page


def test_the_administrator_keeps_the_settings_without_seeing_cases(people):
    client = client_for(people.admin)
    url = reverse("concerns:settings")
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "guidance": "Notice it, check it, share it.",
            "contacts": "Claire, x4242",
            "jurisdiction": "wales",
            "ideologies": "Islamist\nExtreme right-wing\nMixed, unclear or unstable\nOther\nNew",
            "indicators": "Only this one",
            "suppression_threshold": "3",
            "reporting_window_days": "10",
            "break_glass_hours": "2",
            "students_may_share": "on",
        },
    )
    assert response.status_code == 302
    settings = ConcernSettings.current()
    assert settings.regulator == "medr" and settings.suppression_threshold == 3
    assert Ideology.objects.filter(is_active=True).count() == 5
    assert list(Indicator.objects.filter(is_active=True).values_list("name", flat=True)) == [
        "Only this one"
    ]
    bad = client.post(url, {"suppression_threshold": "0"})
    assert bad.status_code == 400
    assert client.get(reverse("concerns:case-list")).status_code == 404
    assert client_for(people.lead).get(url).status_code == 403


def test_the_api_is_for_the_case_roles_only_and_never_the_identity(people):
    case = _case(people)
    services.save_identity(
        acting_user=people.officer, case=case, full_name="Secret Person", number="N1", contact=""
    )
    lead = api_client_for(people.lead)
    listing = lead.get("/api/v1/concerns")
    assert listing.status_code == 200
    assert [c["reference"] for c in listing.json()["items"]] == [case.reference]
    one = lead.get(f"/api/v1/concerns/{case.pk}")
    assert one.status_code == 200
    assert "Secret Person" not in one.content.decode()
    for person in (people.admin, people.auditor, people.security, people.lecturer):
        client = api_client_for(person)
        assert client.get("/api/v1/concerns").status_code == 404
        assert client.get(f"/api/v1/concerns/{case.pk}").status_code == 404


def test_demo_covers_every_stage_and_ideology_and_is_idempotent(db):
    from podium.accounts.demo import create_demo

    create_demo(password="demo-password-long")
    made = demo.create_concerns_demo()
    assert made >= 9
    assert demo.create_concerns_demo() == 0
    cases = list(Case.objects.all())
    assert {c.stage for c in cases} == set(Stage)
    assert {c.ideology_id for c in cases if c.ideology_id} == set(
        Ideology.objects.values_list("pk", flat=True)
    )
    assert ReportableEvent.objects.filter(reported_on__isnull=True).exists()


def test_seed_adds_cases_over_ten_years(people):
    rng = random.Random(1)  # noqa: S311  # reproducible test data, not security
    made = seed.seed_cases(cases=300, rng=rng, raiser=people.lecturer)
    assert made == Case.objects.count() == 300
    assert Case.objects.filter(referral_on__isnull=False).exists()


def test_the_case_card_shows_stages_and_break_glass_to_the_case_roles_only(people):
    from podium.concerns.navigation import home_cards

    _case(people, urgent=True)
    triaged = _case(people)
    services.update_case(acting_user=people.officer, case=triaged, urgent=False)
    involved = _case(people)
    services.update_case(
        acting_user=people.lead, case=involved, lead_involved_on=timezone.localdate()
    )
    services.break_glass(
        acting_user=people.security, reference=involved.reference, reason="Threat on campus."
    )
    for outsider in (people.admin, people.auditor, people.security, people.lecturer):
        assert home_cards(outsider) == []
        assert "Prevent concern cases" not in client_for(outsider).get("/").content.decode()
    [card] = home_cards(people.officer)
    figures = {f.label: f for f in card.figures}
    assert figures["new, to triage"].count == 1
    assert figures["triaged"].count == 1
    assert figures["with the Prevent lead involved"].count == 1
    assert figures["urgent"].count == 1
    assert figures["cases under live break-glass access"].count == 1
    client = client_for(people.lead)
    for label, case in (
        ("triaged", triaged),
        ("with the Prevent lead involved", involved),
        ("cases under live break-glass access", involved),
    ):
        page = client.get(figures[label].url).content.decode()
        assert case.reference in page, label
        others = {triaged.reference, involved.reference} - {case.reference}
        assert not any(other in page for other in others), label
    # The figure's list is a case page: still 404 outside the case roles.
    url = figures["cases under live break-glass access"].url
    assert client_for(people.security).get(url).status_code == 404
    assert "Prevent concern cases" in client.get("/").content.decode()
