"""Retention by each rule, holds, anonymised records still counted, idempotence,
and the audit chain still verifying after deletion."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.apps import apps
from django.db import transaction
from django.db.models import Count
from django.db.models.functions import ExtractYear
from django.urls import reverse

from podium.accounts.roles import Role
from podium.audit.models import AuditAnchor, AuditEntry
from podium.audit.services import record
from podium.audit.verify import verify_chain
from podium.core.errors import DomainError
from podium.core.privacy import PersonalData, RetentionAction
from podium.events.models import EventRequest, EventSpeaker
from podium.notify.models import Message
from podium.privacy import retention, services
from podium.privacy.models import HoldKind, LegalHold, RetentionRun
from podium.testing import factories
from podium.testing.events import make_request
from podium.testing.personas import client_for
from podium.testing.training import make_staff
from podium.training.models import StaffMember

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
LONG_AGO = NOW - timedelta(days=365 * 7)


@pytest.fixture
def dpo(institution):
    return factories.make_person_with_role(
        Role.DATA_PROTECTION_OFFICER, institution, full_name="Rhys Evans"
    )


def message(user, *, sent_at):
    return Message.objects.create(recipient=user, subject="Hello", body="Body", sent_at=sent_at)


def old_request(personas, faculty, **kwargs):
    request = make_request(organiser=personas.organiser, unit=faculty, **kwargs)
    EventRequest.objects.filter(pk=request.pk).update(
        starts_at=LONG_AGO, ends_at=LONG_AGO + timedelta(hours=2), late_reason="Late, sorry"
    )
    return request


def run(dpo, *, dry_run=False):
    return services.run_retention(acting_user=dpo, dry_run=dry_run, now=NOW, batch=2)


# --- The declarations ---------------------------------------------------------------


@pytest.mark.django_db
def test_every_declared_schedule_is_one_the_machinery_can_apply():
    for model in apps.get_models():
        declaration = getattr(model, "personal_data", None)
        if not isinstance(declaration, PersonalData) or declaration.schedule is None:
            continue
        rule = declaration.schedule
        name = model.__name__
        assert retention.is_date_path(model, rule.runs_from), f"{name}: {rule.runs_from}"
        assert rule.months > 0, name
        if rule.action == RetentionAction.ANONYMISE:
            assert rule.anonymise, name
            rt = retention.record_type(model._meta.label_lower)
            assert rt is not None
            assert set(rule.anonymise) <= set(retention.anonymisable_fields(rt)), name
        for record_type, lookup in rule.held_through:
            apps.get_model(record_type)  # a real record type
            model._default_manager.filter(**{f"{lookup}__in": [1]}).exists()  # a real lookup


@pytest.mark.django_db
def test_the_schedule_shows_declared_defaults_and_record_types_without_a_rule(dpo):
    response = client_for(dpo).get(reverse("privacy:schedule"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "No automatic rule" in page  # e.g. the speaker register
    assert "Delete 2 years after “sent at”" in page  # inbox messages
    assert "Anonymise 6 years after “starts at”" in page  # event requests


# --- Delete -------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_delete_rule_deletes_old_rows_in_batches_and_a_dry_run_changes_nothing(personas, dpo):
    old = [message(personas.organiser, sent_at=NOW - timedelta(days=800)) for _ in range(5)]
    recent = message(personas.organiser, sent_at=NOW - timedelta(days=30))

    dry = run(dpo, dry_run=True)
    assert dry.counts["notify.message"]["due"] == 5
    assert Message.objects.count() == 6

    applied = run(dpo)
    assert applied.counts["notify.message"] == {"due": 5, "held": 0, "done": 5, "action": "delete"}
    assert not Message.objects.filter(pk__in=[m.pk for m in old]).exists()
    assert Message.objects.filter(pk=recent.pk).exists()

    again = run(dpo)  # idempotent: nothing left to do
    assert again.counts["notify.message"]["done"] == 0


@pytest.mark.django_db
def test_a_hold_on_a_person_keeps_their_rows_until_lifted(personas, dpo):
    kept = message(personas.organiser, sent_at=NOW - timedelta(days=800))
    gone = message(personas.auditor, sent_at=NOW - timedelta(days=800))
    hold = services.place_hold(
        acting_user=dpo, kind=HoldKind.PERSON, record_id=personas.organiser.pk, reason="Claim"
    )
    counts = run(dpo).counts["notify.message"]
    assert (counts["held"], counts["done"]) == (1, 1)
    assert Message.objects.filter(pk=kept.pk).exists()
    assert not Message.objects.filter(pk=gone.pk).exists()

    services.lift_hold(acting_user=dpo, hold=hold, reason="Claim withdrawn")
    run(dpo)
    assert not Message.objects.filter(pk=kept.pk).exists()


@pytest.mark.django_db
def test_the_dpo_names_a_person_by_their_e_mail_address(personas, dpo):
    """The DPO cannot see people's record numbers: an e-mail address will do."""
    client = client_for(dpo)
    hold_list = reverse("privacy:hold-list")
    response = client.post(
        hold_list,
        {"kind": "person", "record_id": personas.organiser.email.upper(), "reason": "Claim"},
    )
    assert response.status_code == 302
    assert LegalHold.objects.get().record_id == personas.organiser.pk
    for data, message_text in [
        ({"kind": "person", "record_id": "nobody@example.ac.uk"}, "No one with an account"),
        ({"kind": "request", "record_id": personas.organiser.email}, "names a person"),
        ({"kind": "person", "record_id": "twelve"}, "as a whole number"),
        ({"kind": "person", "record_id": "0"}, "as a whole number"),
        ({"kind": "person", "record_id": str(2**63)}, "There is no such record"),
    ]:
        page = client.post(hold_list, {**data, "reason": "Claim"}).content.decode()
        assert message_text in page
    assert LegalHold.objects.count() == 1


# --- Anonymise ----------------------------------------------------------------------


def yearly_counts():
    return dict(
        EventRequest.objects.annotate(year=ExtractYear("starts_at"))
        .values_list("year")
        .annotate(n=Count("pk"))
        .values_list("year", "n")
    )


@pytest.mark.django_db
def test_anonymised_requests_are_still_counted_and_their_speakers_are_blanked(
    personas, faculty, dpo
):
    old = old_request(personas, faculty, external_hirer="Acme Hire Ltd")
    new = make_request(organiser=personas.organiser, unit=faculty)
    before = yearly_counts()

    counts = run(dpo).counts
    assert counts["events.eventrequest"]["done"] == 1
    assert counts["events.eventspeaker"]["done"] == 1

    assert yearly_counts() == before  # past years' counts do not change
    old.refresh_from_db()
    assert (old.external_hirer, old.late_reason) == ("", "")
    speaker = EventSpeaker.objects.get(request=old)
    assert (speaker.name, speaker.affiliation, speaker.speaker_id) == ("[anonymised]", "", None)
    assert EventSpeaker.objects.get(request=new).name == "Dr Jane Example"

    assert run(dpo).counts["events.eventrequest"]["done"] == 0  # idempotent


@pytest.mark.django_db
def test_a_hold_on_a_request_keeps_it_and_its_speakers(personas, faculty, dpo):
    held = old_request(personas, faculty)
    other = old_request(personas, faculty)
    services.place_hold(
        acting_user=dpo, kind=HoldKind.REQUEST, record_id=held.pk, reason="Judicial review"
    )
    counts = run(dpo).counts
    assert counts["events.eventrequest"]["held"] == 1
    assert counts["events.eventspeaker"]["held"] == 1
    assert EventSpeaker.objects.get(request=held).name == "Dr Jane Example"
    assert EventSpeaker.objects.get(request=other).name == "[anonymised]"


@pytest.mark.django_db
def test_staff_who_left_long_ago_are_anonymised_with_a_unique_replacement(faculty, dpo):
    left = make_staff(
        "S1", faculty, name="Ada Left", email="ada@example.ac.uk", started_on=date(2010, 1, 4)
    )
    StaffMember.objects.filter(pk=left.pk).update(left_on=date(2018, 7, 31))
    here = make_staff("S2", faculty, name="Bo Here")
    run(dpo)
    left.refresh_from_db()
    assert (left.staff_number, left.full_name, left.email) == (
        f"anonymised-{left.pk}",
        "[anonymised]",
        "",
    )
    assert left.left_on == date(2018, 7, 31)  # the dates counts need stay
    here.refresh_from_db()
    assert here.full_name == "Bo Here"


# --- The DPO's rules ------------------------------------------------------------------


@pytest.mark.django_db
def test_the_dpo_changes_a_rule_and_it_is_applied(personas, dpo):
    message(personas.organiser, sent_at=NOW - timedelta(days=200))
    client = client_for(dpo)
    url = reverse("privacy:rule-edit", args=["notify.message"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"months": "6", "runs_from": "sent_at", "action": "delete"})
    assert response.status_code == 302
    assert run(dpo).counts["notify.message"]["done"] == 1
    entry = AuditEntry.objects.filter(action="privacy.rule.changed").get()
    assert entry.data["changes"]["months"] == {"old": 24, "new": 6}

    # No automatic rule: the record type is left out of runs.
    client.post(url, {"months": "", "runs_from": "", "action": ""})
    assert "notify.message" not in run(dpo).counts
    client.post(reverse("privacy:rule-reset", args=["notify.message"]))
    assert "notify.message" in run(dpo).counts


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "message_text"),
    [
        ({"months": "0", "runs_from": "sent_at", "action": "delete"}, "at least one month"),
        ({"months": "x", "runs_from": "sent_at", "action": "delete"}, "whole number"),
        ({"months": "6", "runs_from": "", "action": "delete"}, "the date the period runs from"),
        ({"months": "6", "runs_from": "body", "action": "delete"}, "the date the period runs from"),
        ({"months": "6", "runs_from": "sent_at", "action": ""}, "delete or anonymise"),
        ({"months": "6", "runs_from": "sent_at", "action": "anonymise"}, "at least one field"),
    ],
)
def test_a_bad_rule_is_refused_with_a_clear_message(dpo, data, message_text):
    url = reverse("privacy:rule-edit", args=["notify.message"])
    response = client_for(dpo).post(url, data)
    assert response.status_code == 200
    assert message_text in response.content.decode()


@pytest.mark.django_db
def test_an_unknown_record_type_is_404(dpo):
    assert client_for(dpo).get(reverse("privacy:rule-edit", args=["nope.nope"])).status_code == 404


# --- Holds ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_holds_are_placed_and_lifted_with_reasons_through_the_pages(personas, faculty, dpo):
    request = make_request(organiser=personas.organiser, unit=faculty)
    client = client_for(dpo)
    hold_list = reverse("privacy:hold-list")
    bad = client.post(hold_list, {"kind": "request", "record_id": "999999", "reason": "Inquiry"})
    assert "There is no such record" in bad.content.decode()
    assert (
        "Enter reason"
        in client.post(hold_list, {"kind": "request", "record_id": "1"}).content.decode()
    )
    response = client.post(
        reverse("privacy:hold-list"),
        {"kind": "request", "record_id": str(request.pk), "reason": "Inquiry"},
    )
    assert response.status_code == 302
    detail = client.get(response["Location"]).content.decode()
    assert "In force" in detail and "Inquiry" in detail
    twice = client.post(
        reverse("privacy:hold-list"),
        {"kind": "request", "record_id": str(request.pk), "reason": "Again"},
    )
    assert "already in force" in twice.content.decode()
    lifted = client.post(response["Location"], {"reason": "Inquiry closed"})
    assert lifted.status_code == 302
    assert "Lifted" in client.get(response["Location"]).content.decode()
    entry = AuditEntry.objects.filter(action="privacy.hold.placed").get()
    assert "Inquiry" not in str(entry.data)  # no free text in the audit log


# --- Runs and the audit chain ---------------------------------------------------------


@pytest.mark.django_db
def test_each_run_is_audited_with_counts_only_and_the_chain_verifies_after_deletion(
    personas, faculty, dpo
):
    for _ in range(3):
        message(personas.organiser, sent_at=NOW - timedelta(days=800))
    old_request(personas, faculty)
    applied = run(dpo)
    entry = AuditEntry.objects.filter(action="privacy.retention.applied").get()
    assert entry.data["counts"]["notify.message"]["done"] == 3
    text = str(entry.data)
    assert personas.organiser.full_name not in text and "Jane" not in text
    assert entry.target_label == f"Retention run {applied.pk}"
    assert verify_chain().intact


@pytest.mark.django_db
def test_the_dpo_runs_a_dry_run_then_applies_from_the_pages(personas, dpo):
    message(personas.organiser, sent_at=NOW - timedelta(days=800))
    client = client_for(dpo)
    response = client.post(reverse("privacy:dry-run"))
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Nothing was changed" in page
    home = client.get(reverse("core:home")).content.decode()
    assert "would go at the next run" in home
    response = client.post(reverse("privacy:run-now"))
    # The run goes to the worker (run at once by the tests' task backend).
    assert response["Location"] == reverse("privacy:run-list")
    run = RetentionRun.objects.get(dry_run=False)
    assert run.started_by == dpo
    detail = client.get(reverse("privacy:run-detail", args=[run.pk])).content.decode()
    assert "Deleted or anonymised" in detail
    assert "would go at the next run" not in client.get(reverse("core:home")).content.decode()


@pytest.mark.django_db
def test_the_daily_job_applies_the_schedule(personas, dpo):
    from podium.privacy import tasks

    message(personas.organiser, sent_at=datetime.now(UTC) - timedelta(days=800))
    result = tasks.apply_retention.call()
    assert result["done"] == 1
    assert RetentionRun.objects.get().started_by is None


@pytest.mark.django_db
def test_a_hold_on_a_register_speaker_keeps_their_appearances(personas, faculty, dpo):
    from podium.speakers.models import Speaker

    jane = Speaker.objects.create(name="Dr Jane Example")
    held = old_request(personas, faculty)
    other = old_request(personas, faculty)
    EventSpeaker.objects.filter(request=held).update(speaker=jane)
    services.place_hold(acting_user=dpo, kind=HoldKind.SPEAKER, record_id=jane.pk, reason="Claim")
    run(dpo)
    assert EventSpeaker.objects.get(request=held).speaker_id == jane.pk
    assert EventSpeaker.objects.get(request=other).name == "[anonymised]"


@pytest.mark.django_db
def test_a_hold_on_any_other_record_names_its_type(personas, dpo):
    kept = message(personas.organiser, sent_at=NOW - timedelta(days=800))
    services.place_hold(
        acting_user=dpo,
        kind=HoldKind.RECORD,
        record_type="notify.message",
        record_id=kept.pk,
        reason="Evidence",
    )
    assert run(dpo).counts["notify.message"]["held"] == 1
    assert Message.objects.filter(pk=kept.pk).exists()
    with pytest.raises(DomainError, match="kind of record"):
        services.place_hold(acting_user=dpo, kind=HoldKind.RECORD, record_id=kept.pk, reason="X")


# --- The audit log's own retention ----------------------------------------------------


def old_audit_entries(n: int, *, at: datetime) -> list[AuditEntry]:
    with time_machine.travel(at, tick=True), transaction.atomic():
        return [
            record(action="privacy.rule.reset", actor=None, data={"record_type": "notify.message"})
            for _ in range(n)
        ]


def test_the_run_prunes_the_audit_log_past_seven_years_behind_an_anchor(db, request):
    # The log is pruned from its start: the old entries come first, then the
    # people the fixtures make (whose entries are written now).
    old = old_audit_entries(3, at=NOW - timedelta(days=365 * 8))
    kept = old_audit_entries(2, at=NOW - timedelta(days=365 * 6))
    dpo = request.getfixturevalue("dpo")

    assert run(dpo, dry_run=True).counts["audit.auditentry"]["due"] == 3
    applied = run(dpo)

    assert applied.counts["audit.auditentry"] == {
        "due": 3,
        "held": 0,
        "done": 3,
        "action": "delete",
    }
    assert not AuditEntry.objects.filter(pk__in=[e.pk for e in old]).exists()
    assert AuditEntry.objects.filter(pk__in=[e.pk for e in kept]).count() == 2
    anchor = AuditAnchor.objects.get()
    assert (anchor.sequence, anchor.made_by_run) == (
        old[-1].sequence,
        f"privacy.retentionrun:{applied.pk}",
    )
    report = verify_chain()
    assert report.intact and report.anchor == anchor
    # Audited with counts only, and the labels name records, not people.
    pruned = AuditEntry.objects.get(action="audit.log.pruned")
    ran = AuditEntry.objects.get(action="privacy.retention.applied")
    assert pruned.data == {"pruned": 3, "through_sequence": anchor.sequence}
    assert ran.data["counts"]["audit.auditentry"]["done"] == 3
    for entry in (pruned, ran):
        assert dpo.full_name not in entry.target_label + str(entry.data)

    assert run(dpo).counts["audit.auditentry"]["done"] == 0  # idempotent
    assert verify_chain().intact


def test_the_dpo_sets_the_audit_logs_period_and_cannot_ask_to_anonymise_it(db, request):
    old_audit_entries(2, at=NOW - timedelta(days=400))
    old_audit_entries(1, at=NOW - timedelta(days=10))
    dpo = request.getfixturevalue("dpo")
    client = client_for(dpo)
    url = reverse("privacy:rule-edit", args=["audit.auditentry"])
    refused = client.post(url, {"months": "12", "runs_from": "created_at", "action": "anonymise"})
    assert "The audit log can only be pruned" in refused.content.decode()
    response = client.post(url, {"months": "12", "runs_from": "created_at", "action": "delete"})
    assert response.status_code == 302
    assert run(dpo).counts["audit.auditentry"]["done"] == 2
    assert verify_chain().intact
    page = client.get(reverse("privacy:schedule")).content.decode()
    assert "Delete 1 year after “created at”" in page
