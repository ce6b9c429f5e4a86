"""Free-speech complaints: no anonymous complaints, the 30-day clock in calendar
days, the stages (with us → escalated to the OIA or OfS → closed), the 12-month
limit, reminders to the owner, access."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from podium.accounts.roles import Role
from podium.audit.models import AuditEntry
from podium.core.errors import DomainError
from podium.governance import selectors, services
from podium.governance.models import Complaint, ComplaintStage
from podium.governance.navigation import home_waiting
from podium.notify.models import Message
from podium.testing import factories
from podium.testing.api import api_client_for
from podium.testing.events import make_request
from podium.testing.governance import complaint_values, make_complaint, make_officer
from podium.testing.personas import client_for


@pytest.fixture
def officer(institution):
    return make_officer(institution, full_name="Nadia Officer")


def test_the_clocks_count_calendar_days(officer):
    complaint = make_complaint(officer, matter_on=date(2026, 1, 31), received_on=date(2026, 2, 10))
    clocks = selectors.clocks(complaint, today=date(2026, 3, 12))
    assert clocks.provider_due == date(2026, 3, 12)  # 10 Feb + 30 calendar days
    assert clocks.provider_days_left == 0 and not clocks.provider_overdue
    assert clocks.day_of_30 == 30
    late = selectors.clocks(complaint, today=date(2026, 3, 15))
    assert late.provider_overdue and late.days_over == 3
    assert clocks.external_limit == date(2027, 1, 31)  # 12 months after the matter
    leap = make_complaint(officer, matter_on=date(2024, 2, 29), received_on=date(2024, 3, 1))
    assert selectors.clocks(leap).external_limit == date(2025, 2, 28)


def test_no_anonymous_complaints_and_dates_make_sense(officer):
    with pytest.raises(DomainError) as refused:
        make_complaint(
            officer,
            complainant_name=" ",
            received_on=timezone.localdate() + timedelta(days=1),
            matter_on=timezone.localdate() + timedelta(days=3),
        )
    fields = {field for field, _ in refused.value.problems}
    assert fields == {"complainant_name", "received_on", "matter_on"}
    with pytest.raises(DomainError) as refused:
        make_complaint(officer, event_reference="EV-NOPE", speaker_number=999999)
    assert {f for f, _ in refused.value.problems} == {"event_reference", "speaker_number"}


def test_a_complaint_links_a_submitted_request_not_a_draft(officer, faculty):
    organiser = factories.make_person_with_role(Role.ORGANISER, faculty)
    submitted = make_request(organiser=organiser, unit=faculty, submit=True)
    draft = make_request(organiser=organiser, unit=faculty)
    complaint = make_complaint(officer, event_reference=submitted.reference.lower())
    assert complaint.event_request == submitted
    with pytest.raises(DomainError):
        make_complaint(officer, event_reference=draft.reference)


def test_a_speakers_complaint_goes_to_the_ofs_and_a_students_to_the_oia(officer):
    today = timezone.localdate()
    speaker = make_complaint(officer)
    student = make_complaint(officer, complainant_kind="student")
    services.record_response(
        acting_user=officer, complaint=speaker, responded_on=today, response="We explained."
    )
    for complaint, scheme in ((speaker, "ofs"), (student, "oia")):
        escalated = services.escalate_complaint(
            acting_user=officer, complaint=complaint, escalated_on=today, external_reference="X1"
        )
        assert escalated.stage == ComplaintStage.ESCALATED and escalated.scheme == scheme
    with pytest.raises(DomainError):
        services.record_response(
            acting_user=officer, complaint=student, responded_on=today, response="Late."
        )
    closed = services.close_complaint(
        acting_user=officer,
        complaint=speaker,
        outcome="upheld",
        remedies="An apology.",
        closed_on=today,
    )
    assert closed.stage == ComplaintStage.CLOSED
    with pytest.raises(DomainError, match="already closed"):
        services.close_complaint(
            acting_user=officer, complaint=speaker, outcome="upheld", remedies="", closed_on=today
        )
    codes = set(AuditEntry.objects.values_list("action", flat=True))
    assert {
        "governance.complaint.received",
        "governance.complaint.answered",
        "governance.complaint.escalated",
        "governance.complaint.closed",
    } <= codes
    # The audit log carries no complainant's name or words.
    texts = str(list(AuditEntry.objects.values_list("data", flat=True)))
    assert "Hale" not in texts and "explained" not in texts and "apology" not in texts


def test_overdue_complaints_remind_their_owner_once(officer):
    today = timezone.localdate()
    late = make_complaint(
        officer, matter_on=today - timedelta(days=40), received_on=today - timedelta(days=31)
    )
    make_complaint(officer)  # inside its 30 days
    answered = make_complaint(
        officer, matter_on=today - timedelta(days=50), received_on=today - timedelta(days=40)
    )
    services.record_response(
        acting_user=officer, complaint=answered, responded_on=today, response="Done."
    )
    assert "1 free-speech complaint past our 30 days" in [w.text for w in home_waiting(officer)]
    assert services.send_complaint_reminders(today=today) == 1
    assert services.send_complaint_reminders(today=today) == 0
    message = Message.objects.get(recipient=officer)
    assert str(late) in message.subject


def test_access_and_the_pages(officer, institution, personas):
    complaint = make_complaint(officer)
    detail = reverse("governance:complaint-detail", args=[complaint.pk])
    page = client_for(officer).get(detail)
    assert page.status_code == 200
    assert "Day 2 of 30" in page.content.decode()
    lead = factories.make_person_with_role(Role.PREVENT_LEAD, institution)
    assert client_for(lead).get(detail).status_code == 403
    assert client_for(personas.auditor).get(detail).status_code == 200
    # The auditor reads, and cannot record.
    response = client_for(personas.auditor).post(
        reverse("governance:complaint-escalate", args=[complaint.pk]),
        {"escalated_on": timezone.localdate().isoformat(), "external_reference": "X"},
    )
    assert response.status_code == 403
    # Bad input is shown on the page, not a 500.
    bad = client_for(officer).post(
        reverse("governance:complaint-escalate", args=[complaint.pk]),
        {"escalated_on": "not a date", "external_reference": ""},
    )
    assert bad.status_code == 200
    assert "Enter the scheme" in bad.content.decode()
    created = client_for(officer).post(
        reverse("governance:complaint-create"),
        {
            **{k: v for k, v in complaint_values().items() if v is not None},
            "matter_on": (timezone.localdate() - timedelta(days=3)).isoformat(),
            "received_on": timezone.localdate().isoformat(),
        },
    )
    assert created.status_code == 302
    assert Complaint.objects.count() == 2


def test_the_api_leaves_out_names_and_words(officer, personas):
    make_complaint(officer)
    response = api_client_for(personas.auditor).get("/api/v1/complaints")
    assert response.status_code == 200
    body = response.json()
    assert body["items"][0]["stage"] == "with_provider"
    assert "Hale" not in str(body) and "cancelled" not in str(body)


def test_the_complaints_demo_has_each_stage(db):
    from podium.accounts.demo import create_demo
    from podium.governance.demo import create_complaints_demo

    create_demo(password="a demo passphrase 123")
    assert create_complaints_demo() == 5
    assert create_complaints_demo() == 0
    stages = set(Complaint.objects.values_list("stage", flat=True))
    assert stages == {"with_provider", "escalated", "closed"}
    assert selectors.overdue_complaints().count() == 1


def test_the_free_speech_card_counts_complaints_and_the_notice(officer, institution):
    from podium.governance.navigation import free_speech_cards

    today = timezone.localdate()
    late = make_complaint(
        officer, matter_on=today - timedelta(days=40), received_on=today - timedelta(days=31)
    )
    fresh = make_complaint(officer)
    governor = factories.make_person_with_role(Role.GOVERNOR, institution)
    assert free_speech_cards(governor) == []
    [card] = free_speech_cards(officer)
    assert card.title == "Free speech (no code of practice published)"
    figures = {f.label: f for f in card.figures}
    assert figures["complaints with us"].count == 2
    assert figures["past our 30 days"].count == 1
    assert figures["escalated to a scheme"].count == 0
    assert figures["yearly notices to students due"].count == 1
    client = client_for(officer)
    page = client.get(figures["past our 30 days"].url).content.decode()
    assert str(late) in page and str(fresh) not in page
    home = client.get("/").content.decode()
    assert "Free speech (no code of practice published)" in home
