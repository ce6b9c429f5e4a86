"""The request's life: log, identity, clock, search, decide, withhold, review, release."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from podium.accounts.roles import Role
from podium.audit.models import AuditEntry
from podium.core.errors import DomainError
from podium.notify.models import Message
from podium.speakers import services as speakers
from podium.subject_access import exporting, services
from podium.subject_access.clock import add_months
from podium.subject_access.models import Exemption, IdentityMethod, Status, StopReason
from podium.testing import factories
from podium.testing.subject_access import logged_request, make_dpo
from podium.testing.training import make_staff

pytestmark = pytest.mark.django_db


def test_a_logged_request_is_due_one_calendar_month_after_receipt():
    sar = logged_request(days_ago=3)
    assert sar.due_on == add_months(sar.received_on, 1)
    assert sar.status == Status.RECEIVED
    entry = AuditEntry.objects.get(action="subject_access.request.logged")
    assert entry.target_label == sar.reference
    assert "Rita" not in str(entry.data)


def test_bad_input_is_refused_with_field_messages():
    dpo = make_dpo()
    with pytest.raises(DomainError) as refused:
        services.log_request(
            acting_user=dpo,
            requester_name=" ",
            received_on=timezone.localdate() + timedelta(days=1),
        )
    assert {field for field, _ in refused.value.problems} == {"requester_name", "received_on"}


def test_stopping_the_clock_moves_the_due_date_by_the_stopped_days(time_machine):
    dpo = make_dpo()
    sar = logged_request(dpo=dpo, days_ago=0)
    first_due = sar.due_on
    sar = services.stop_clock(acting_user=dpo, sar=sar, stop_reason=StopReason.IDENTITY)
    assert sar.status == Status.WAITING
    time_machine.move_to(timezone.now() + timedelta(days=6))
    # Proof of identity arrives: the clock restarts by itself.
    sar = services.check_identity(acting_user=dpo, sar=sar, method=IdentityMethod.PHOTO_ID)
    assert sar.clock_stopped_on is None and sar.days_stopped == 6
    assert sar.due_on == first_due + timedelta(days=6)
    assert sar.status == Status.IN_PROGRESS
    with pytest.raises(DomainError, match="already checked"):
        services.stop_clock(acting_user=dpo, sar=sar, stop_reason=StopReason.IDENTITY)
    sar = services.stop_clock(acting_user=dpo, sar=sar, stop_reason=StopReason.CLARIFICATION)
    time_machine.move_to(timezone.now() + timedelta(days=2))
    sar = services.restart_clock(acting_user=dpo, sar=sar)
    assert sar.days_stopped == 8 and sar.due_on == first_due + timedelta(days=8)


def test_an_extension_is_two_months_once_with_a_reason():
    dpo = make_dpo()
    sar = logged_request(dpo=dpo)
    with pytest.raises(DomainError) as refused:
        services.extend(acting_user=dpo, sar=sar, reason="complex")
    assert refused.value.field == "reason"
    sar = services.extend(
        acting_user=dpo, sar=sar, reason="Records in three systems and many reviewers"
    )
    assert sar.due_on == add_months(sar.received_on, 3)
    with pytest.raises(DomainError, match="already extended"):
        services.extend(acting_user=dpo, sar=sar, reason="Another reason of four words")
    entry = AuditEntry.objects.get(action="subject_access.request.extended")
    assert entry.data == {"months": 2, "due_on": sar.due_on.isoformat()}


def test_the_search_needs_identity_then_finds_by_speaker_matching_and_exact_identifiers():
    dpo = make_dpo()
    user = factories.make_user(email="m.alhasan@example.ac.uk", full_name="Dr Mo Hasan")
    lead = factories.make_person_with_role(Role.PREVENT_LEAD, factories.make_institution())
    speaker = speakers.create_speaker(
        acting_user=lead, facts=speakers.SpeakerFacts(name="Muhammad al-Hasan")
    )
    staff = make_staff("S-4242", factories.make_institution(), name="Someone Else Entirely")
    sar = logged_request(
        dpo=dpo,
        requester_name="Mohamed Al Hassan",
        requester_email="M.AlHasan@example.ac.uk",
        staff_number="s-4242",
    )
    with pytest.raises(DomainError, match="identity"):
        services.run_search(acting_user=dpo, sar=sar)
    sar = services.check_identity(acting_user=dpo, sar=sar, method=IdentityMethod.KNOWN_ADDRESS)
    assert services.run_search(acting_user=dpo, sar=sar) >= 3
    found = {(c.kind, c.record_id): c for c in sar.candidates.all()}
    assert found[("speakers.Speaker", speaker.pk)].score >= 0.8
    assert found[("accounts.User", user.pk)].matched_on == "e-mail address"
    assert found[("training.StaffMember", staff.pk)].matched_on == "staff number"
    # Searching again adds nothing new.
    assert services.run_search(acting_user=dpo, sar=sar) == 0
    entry = AuditEntry.objects.filter(action="subject_access.search.run").first()
    assert set(entry.data) == {"hits", "new"}


def test_review_and_release_with_a_redaction_and_an_exemption():
    dpo = make_dpo()
    subject = factories.make_user(email="rita.requester@example.ac.uk", full_name="Rita Requester")
    # The requester once logged a request themselves: an audit entry of theirs.
    logged_request(dpo=subject, requester_name="Somebody Else", requester_email="")
    sar = logged_request(dpo=dpo)
    sar = services.check_identity(acting_user=dpo, sar=sar, method=IdentityMethod.PHOTO_ID)
    services.run_search(acting_user=dpo, sar=sar)
    with pytest.raises(DomainError, match="Decide every"):
        services.mark_reviewed(acting_user=dpo, sar=sar)
    for candidate in sar.candidates.all():
        services.decide_candidate(
            acting_user=dpo,
            sar=sar,
            candidate_id=candidate.pk,
            confirmed=candidate.record_id == subject.pk,
        )
    export = exporting.build(sar)
    account = next(s for s in export.sections if s.label == "accounts.User")
    assert account.rows[0].values["email"] == "rita.requester@example.ac.uk"
    with pytest.raises(DomainError) as refused:
        services.withhold(
            acting_user=dpo,
            sar=sar,
            record_type="accounts.User",
            record_id=subject.pk,
            field_name="password",
            exemption="nope",
            reason="x",
        )
    assert {f for f, _ in refused.value.problems} == {"field_name", "exemption", "reason"}
    services.withhold(
        acting_user=dpo,
        sar=sar,
        record_type="accounts.User",
        record_id=subject.pk,
        field_name="full_name",
        exemption=Exemption.CRIME,
        reason="Part of an open police investigation into fraud",
    )
    audit = next(s for s in exporting.build(sar).sections if s.label == "audit.AuditEntry")
    services.withhold(
        acting_user=dpo,
        sar=sar,
        record_type="audit.AuditEntry",
        record_id=audit.rows[0].record_id,
        field_name="",
        exemption=Exemption.NATIONAL_SECURITY,
        reason="Certified under section 26 by a minister",
    )
    with pytest.raises(DomainError, match="Review the export"):
        services.release(acting_user=dpo, sar=sar)
    services.mark_reviewed(acting_user=dpo, sar=sar)
    export = services.release(acting_user=dpo, sar=sar)
    sar.refresh_from_db()
    assert sar.status == Status.RELEASED and sar.released_by == dpo
    account = next(s for s in export.sections if s.label == "accounts.User")
    assert account.rows[0].values["full_name"].startswith("[withheld: Crime")
    assert {w.exemption for w in export.withheld} == {
        Exemption.CRIME.label,
        Exemption.NATIONAL_SECURITY.label,
    }
    released = AuditEntry.objects.get(action="subject_access.request.released")
    assert released.data["withheld"] == 2 and "accounts.User" in released.data["record_types"]
    with pytest.raises(DomainError, match="released"):
        services.extend(acting_user=dpo, sar=sar, reason="Too late for this now though")


def test_third_parties_are_redacted():
    dpo = make_dpo()
    granter = factories.make_user(full_name="Gran Ter")
    subject = factories.make_user(email="rita.requester@example.ac.uk", full_name="Rita Requester")
    from podium.accounts import services as accounts

    accounts.grant_role(
        acting_user=granter,
        user=subject,
        role="organiser",
        unit=factories.make_institution(),
        include_descendants=True,
    )
    sar = logged_request(dpo=dpo)
    sar = services.check_identity(acting_user=dpo, sar=sar, method=IdentityMethod.PHOTO_ID)
    services.run_search(acting_user=dpo, sar=sar)
    for candidate in sar.candidates.all():
        services.decide_candidate(
            acting_user=dpo, sar=sar, candidate_id=candidate.pk, confirmed=True
        )
    roles = next(s for s in exporting.build(sar).sections if s.label == "accounts.RoleAssignment")
    assert roles.rows[0].values["user"] == exporting.YOU
    assert roles.rows[0].values["granted_by"] == exporting.THIRD_PARTY


def test_reminders_go_to_the_dpos_once_per_due_date(time_machine):
    dpo = make_dpo()
    sar = logged_request(dpo=dpo, days_ago=25)
    assert services.send_reminders() == {"requests": 1, "people": 1}
    assert Message.objects.filter(recipient=dpo).count() == 1
    assert services.send_reminders() == {"requests": 0, "people": 0}
    # Extended: a new due date, far off, no reminder until it nears.
    services.extend(acting_user=dpo, sar=sar, reason="Records in three systems to search")
    assert services.send_reminders() == {"requests": 0, "people": 0}
    assert AuditEntry.objects.filter(action="subject_access.reminders.sent").count() == 1
