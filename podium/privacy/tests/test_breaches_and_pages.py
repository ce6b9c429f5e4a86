"""The breach log and its 72-hour clock, reminders, the record of processing,
read-only access for the auditor, the DPO's home, and the demo."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from podium.accounts.roles import Role
from podium.audit.models import AuditEntry
from podium.notify.models import Message
from podium.privacy import demo, services
from podium.privacy.models import Breach, HoldKind, LegalHold, Risk
from podium.testing import factories
from podium.testing.personas import client_for


@pytest.fixture
def dpo(institution):
    return factories.make_person_with_role(
        Role.DATA_PROTECTION_OFFICER, institution, full_name="Rhys Evans"
    )


def breach_form(**overrides):
    data = {
        "discovered_at": (timezone.now() - timedelta(hours=10)).strftime("%Y-%m-%dT%H:%M"),
        "summary": "Lost laptop with speaker checks",
        "data_subjects": "Three speakers",
        "risk": "risk",
        "risk_assessment": "",
        "ico_reference": "",
        "reported_at": "",
    }
    return {**data, **overrides}


def make_breach(dpo, *, hours_ago=10, risk=Risk.RISK):
    return services.record_breach(
        acting_user=dpo,
        discovered_at=timezone.now() - timedelta(hours=hours_ago),
        summary="Wrong recipient",
        data_subjects="Two speakers",
        risk=risk,
        risk_assessment="",
        reported_to_ico=False,
        reported_at=None,
        ico_reference="",
    )


@pytest.mark.django_db
def test_the_dpo_records_a_breach_and_sees_the_clock(dpo):
    client = client_for(dpo)
    response = client.post(reverse("privacy:breach-create"), breach_form())
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "61 hours left to report" in page or "62 hours left to report" in page
    home = client.get(reverse("core:home")).content.decode()
    assert "1 breach with the 72-hour clock running" in home
    entry = AuditEntry.objects.get(action="privacy.breach.recorded")
    assert "laptop" not in str(entry.data)


@pytest.mark.django_db
def test_reporting_to_the_ico_stops_the_clock(dpo):
    breach = make_breach(dpo)
    client = client_for(dpo)
    url = reverse("privacy:breach-edit", args=[breach.pk])
    missing = client.post(url, breach_form(reported_to_ico="on"))
    assert "Enter when the breach was reported to the ICO." in missing.content.decode()
    reported = (timezone.now() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        url, breach_form(reported_to_ico="on", reported_at=reported, ico_reference="ICO/123")
    )
    assert response.status_code == 302
    breach.refresh_from_db()
    assert breach.reported_to_ico and breach.ico_reference == "ICO/123"
    assert not breach.clock_running
    entry = AuditEntry.objects.get(action="privacy.breach.changed")
    assert entry.data["changes"]["ico_reference"] == {"changed": True}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        ({"discovered_at": "yesterday"}, "Enter a date and time"),
        ({"discovered_at": "2999-01-01T10:00"}, "cannot be in the future"),
        ({"summary": ""}, "Enter what happened."),
        ({"risk": "awful"}, "Select a valid choice"),
        ({"ico_reference": "ICO/1"}, "Tick"),
    ],
)
def test_bad_breach_input_is_refused_clearly(dpo, overrides, expected):
    response = client_for(dpo).post(reverse("privacy:breach-create"), breach_form(**overrides))
    assert response.status_code == 200
    assert expected in response.content.decode()
    assert not Breach.objects.exists()


@pytest.mark.django_db
def test_reminders_go_to_the_dpo_once_per_stage(dpo):
    breach = make_breach(dpo, hours_ago=1)
    make_breach(dpo, hours_ago=30, risk=Risk.UNLIKELY)  # not reportable: no reminder
    assert services.send_breach_reminders() == 0
    later = timezone.now() + timedelta(hours=24)
    with time_machine.travel(later, tick=False):
        assert services.send_breach_reminders() == 1
        assert services.send_breach_reminders() == 0
    inbox = Message.objects.get(recipient=dpo)
    assert f"Breach {breach.pk}" in inbox.subject
    with time_machine.travel(timezone.now() + timedelta(hours=80), tick=False):
        assert services.send_breach_reminders() == 1  # straight to the last stage
        assert services.send_breach_reminders() == 0
    breach.refresh_from_db()
    assert breach.reminders_sent == 3


@pytest.mark.django_db
def test_the_record_of_processing_is_generated_from_the_declarations(dpo):
    page = client_for(dpo).get(reverse("privacy:ropa")).content.decode()
    assert "Record of processing activities" in page
    assert "Events and external speakers" in page
    assert "Due diligence on external speakers" in page  # the app's purpose
    assert "Kept for six years after the event" in page  # the rule in words
    assert "Applied: Anonymise 6 years after “starts at”" in page
    assert "Applied: No automatic rule" in page
    assert "privacy-print.css" in page


@pytest.mark.django_db
def test_the_auditor_reads_and_changes_nothing(personas, dpo):
    breach = make_breach(dpo)
    hold = services.place_hold(
        acting_user=dpo, kind=HoldKind.PERSON, record_id=dpo.pk, reason="Claim"
    )
    auditor = client_for(personas.auditor)
    for url in [
        reverse("privacy:overview"),
        reverse("privacy:schedule"),
        reverse("privacy:breach-detail", args=[breach.pk]),
        reverse("privacy:hold-detail", args=[hold.pk]),
        reverse("privacy:ropa"),
    ]:
        page = auditor.get(url)
        assert page.status_code == 200
        main = page.content.decode().split("</header>", 1)[1]
        assert "csrfmiddlewaretoken" not in main
    assert auditor.post(reverse("privacy:dry-run")).status_code == 403
    assert (
        auditor.post(reverse("privacy:hold-detail", args=[hold.pk]), {"reason": "x"}).status_code
        == 403
    )
    assert LegalHold.objects.get().in_force


@pytest.mark.django_db
def test_lists_cost_the_same_queries_for_one_row_or_many(dpo):
    client = client_for(dpo)

    def queries(url):
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context)

    make_breach(dpo)
    services.place_hold(acting_user=dpo, kind=HoldKind.PERSON, record_id=dpo.pk, reason="A")
    services.run_retention(acting_user=dpo, dry_run=True)
    urls = [reverse(f"privacy:{name}") for name in ("breach-list", "hold-list", "run-list")]
    few = [queries(url) for url in urls]
    for _ in range(5):
        make_breach(dpo)
        services.run_retention(acting_user=dpo, dry_run=True)
    for person in [factories.make_user() for _ in range(5)]:
        services.place_hold(acting_user=dpo, kind=HoldKind.PERSON, record_id=person.pk, reason="B")
    assert [queries(url) for url in urls] == few


@pytest.mark.django_db
def test_the_demo_is_idempotent(personas, faculty, dpo):
    from podium.testing.events import make_request

    make_request(organiser=personas.organiser, unit=faculty)
    first = demo.demo_step("password")
    assert len(first) == 2
    assert demo.demo_step("password") == []
    assert Breach.objects.get().clock_running
    assert LegalHold.objects.in_force().count() == 1


@pytest.mark.django_db
def test_the_dpo_home_card_shows_the_clocks_and_holds(dpo, personas):
    make_breach(dpo, hours_ago=5)
    home = client_for(dpo).get(reverse("core:home"))
    card = {c.title: c for c in home.context["cards"]}["Data protection"]
    counts = {f.label: f.count for f in card.figures}
    assert counts == {"breaches with the 72-hour clock running": 1, "legal holds in force": 0}
    assert "Needs action" in home.text
    # The auditor reads the same figures; an organiser gets no card.
    auditor = client_for(personas.auditor).get(reverse("core:home"))
    assert "Data protection" in {c.title for c in auditor.context["cards"]}
    organiser = client_for(personas.organiser).get(reverse("core:home"))
    assert "Data protection" not in {c.title for c in organiser.context["cards"]}
