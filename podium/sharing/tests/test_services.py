"""The sharing log's states and refusals, the snapshot, speaker requests, reminders."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from podium.audit.models import AuditEntry
from podium.core.errors import DomainError, NotAllowed
from podium.notify.models import Message
from podium.sharing import services
from podium.sharing.models import Direction, Disclosure, PolicyVersion, State, Subject
from podium.testing.sharing import facts, make_sharing


@pytest.fixture
def s(institution):
    return make_sharing(institution)


def _submitted(s, **overrides):
    d = services.create_disclosure(acting_user=s.prevent, facts=facts(s, **overrides))
    return services.submit_for_sign_off(acting_user=s.prevent, disclosure=d)


def test_the_snapshot_holds_exactly_the_ticked_fields(s):
    d = services.create_disclosure(
        acting_user=s.prevent,
        facts=facts(s, fields_shared=["name", "affiliations", "links"]),
    )
    assert d.state == State.DRAFT
    assert list(d.snapshot) == ["name", "affiliations", "links"]
    assert d.snapshot["name"]["value"] == "Dr Jane Visiting"
    # Never the restricted fields, nor anything not ticked.
    flat = str(d.snapshot)
    assert "jane@example.org" not in flat and "Private note" not in flat
    assert "01234" not in flat


def test_the_snapshot_does_not_follow_later_changes(s):
    d = services.create_disclosure(acting_user=s.prevent, facts=facts(s))
    s.speaker.affiliations = "Somewhere new"
    s.speaker.save()
    d.refresh_from_db()
    assert d.snapshot["affiliations"]["value"] == "University of Elsewhere"


def test_a_field_not_offered_is_refused(s):
    with pytest.raises(DomainError) as error:
        services.create_disclosure(
            acting_user=s.prevent, facts=facts(s, fields_shared=["name", "email"])
        )
    assert ("fields_shared", "Tick only the fields listed.") in error.value.problems


def test_special_category_needs_its_condition_and_schedule_1_paragraph(s):
    with pytest.raises(DomainError) as error:
        services.create_disclosure(acting_user=s.prevent, facts=facts(s, special_category=True))
    fields = {field for field, _ in error.value.problems}
    assert {"special_condition", "schedule1_paragraph"} <= fields
    assert not Disclosure.objects.exists()
    d = services.create_disclosure(
        acting_user=s.prevent,
        facts=facts(
            s,
            special_category=True,
            special_condition="art10",
            schedule1_paragraph="Part 2, paragraph 10",
        ),
    )
    assert d.special_category


def test_no_agreement_needs_a_one_off_reason(s):
    with pytest.raises(DomainError) as error:
        services.create_disclosure(acting_user=s.prevent, facts=facts(s, one_off_reason=""))
    assert error.value.field == "one_off_reason"


def test_the_decision_maker_must_be_allowed_to_share(s):
    with pytest.raises(DomainError) as error:
        services.create_disclosure(acting_user=s.prevent, facts=facts(s, decision_maker=s.dpo))
    assert error.value.field == "decision_maker"


def test_only_sharers_record_disclosures(s):
    for person in (s.dpo, s.safeguarding, s.admin):
        with pytest.raises(NotAllowed):
            services.create_disclosure(acting_user=person, facts=facts(s))


def test_not_sent_without_sign_off(s):
    d = _submitted(s)
    with pytest.raises(DomainError) as error:
        services.mark_sent(acting_user=s.prevent, disclosure=d)
    assert error.value.field == "urgent_reason"
    d.refresh_from_db()
    assert d.state == State.AWAITING_SIGN_OFF
    draft = services.create_disclosure(acting_user=s.prevent, facts=facts(s))
    with pytest.raises(DomainError):
        services.mark_sent(acting_user=s.prevent, disclosure=draft)


def test_refused_then_corrected_then_approved_then_sent(s):
    d = _submitted(s, fields_shared=["name", "affiliations", "due_diligence"])
    assert Message.objects.filter(recipient=s.dpo).count() == 1
    with pytest.raises(DomainError) as error:
        services.sign_off(acting_user=s.dpo, disclosure=d, approved=False, reason=" ")
    assert error.value.field == "reason"
    with pytest.raises(NotAllowed):
        services.sign_off(acting_user=s.prevent, disclosure=d, approved=True)
    d = services.sign_off(
        acting_user=s.dpo, disclosure=d, approved=False, reason="Too much: drop the check."
    )
    assert d.state == State.REFUSED
    d = services.update_disclosure(
        acting_user=s.prevent, disclosure=d, facts=facts(s, fields_shared=["name", "links"])
    )
    assert d.state == State.DRAFT and list(d.snapshot) == ["name", "links"]
    d = services.submit_for_sign_off(acting_user=s.prevent, disclosure=d)
    d = services.sign_off(acting_user=s.dpo, disclosure=d, approved=True)
    d = services.mark_sent(acting_user=s.prevent, disclosure=d)
    assert d.state == State.SENT and d.sent_at and not d.urgent_reason
    assert [x.approved for x in d.sign_offs.all()] == [False, True]
    actions = list(
        AuditEntry.objects.filter(target_type="sharing.disclosure", target_id=str(d.pk))
        .order_by("sequence")
        .values_list("action", flat=True)
    )
    assert actions == [
        "sharing.disclosure.created",
        "sharing.disclosure.submitted",
        "sharing.disclosure.refused",
        "sharing.disclosure.changed",
        "sharing.disclosure.submitted",
        "sharing.disclosure.approved",
        "sharing.disclosure.sent",
    ]
    with pytest.raises(DomainError):
        services.withdraw(acting_user=s.prevent, disclosure=d, reason="Too late")


def test_urgent_is_sent_without_sign_off_and_queued_for_review(s):
    d = services.create_disclosure(acting_user=s.security, facts=facts(s))
    d = services.mark_sent(
        acting_user=s.security, disclosure=d, urgent_reason="Risk to life tonight."
    )
    assert d.state == State.SENT and d.review_due_on and d.review_due_on > timezone.localdate()
    with pytest.raises(DomainError):
        services.review_urgent(acting_user=s.dpo, disclosure=d, note="")
    d = services.review_urgent(acting_user=s.dpo, disclosure=d, note="Proportionate.")
    assert d.reviewed_by == s.dpo
    with pytest.raises(DomainError):
        services.review_urgent(acting_user=s.dpo, disclosure=d, note="Again")


def test_urgent_review_reminder_then_escalation_once_each(s):
    d = services.create_disclosure(acting_user=s.security, facts=facts(s))
    d = services.mark_sent(acting_user=s.security, disclosure=d, urgent_reason="Risk to life.")
    due = d.review_due_on
    assert due is not None
    assert services.remind(today=due)["urgent_reminders"] == 1
    assert services.remind(today=due)["urgent_reminders"] == 0
    later = due + timedelta(days=3)
    assert services.remind(today=later)["urgent_escalations"] == 1
    assert services.remind(today=later)["urgent_escalations"] == 0
    assert (
        any("Overdue" in m.subject for m in mail.outbox)
        or Message.objects.filter(subject__startswith="Overdue").exists()
    )


def test_withdrawn_before_sending(s):
    d = _submitted(s)
    with pytest.raises(DomainError):
        services.withdraw(acting_user=s.prevent, disclosure=d, reason="")
    d = services.withdraw(acting_user=s.prevent, disclosure=d, reason="No longer needed")
    assert d.state == State.WITHDRAWN
    with pytest.raises(DomainError):
        services.mark_sent(acting_user=s.prevent, disclosure=d, urgent_reason="x")


def test_incoming_received_then_recorded(s):
    d = services.create_disclosure(
        acting_user=s.prevent,
        facts=facts(s, direction=Direction.INCOMING, fields_shared=[], received="They say…"),
    )
    assert d.state == State.RECEIVED and d.snapshot == {}
    d = services.record_incoming(acting_user=s.prevent, disclosure=d)
    assert d.state == State.RECORDED


def test_each_disclosure_records_the_policy_in_force(s):
    first = services.create_disclosure(acting_user=s.prevent, facts=facts(s))
    assert first.policy_version is None
    v1 = services.publish_policy(acting_user=s.dpo, text="Version one")
    v2 = services.publish_policy(acting_user=s.dpo, text="Version two")
    d = services.create_disclosure(acting_user=s.prevent, facts=facts(s))
    assert d.policy_version == v2
    v1.refresh_from_db()
    assert v1.text == "Version one" and PolicyVersion.objects.count() == 2


def test_retention_is_six_years_from_sharing(s):
    d = services.create_disclosure(acting_user=s.prevent, facts=facts(s))
    assert d.delete_on == date(2032, 11, 2)


def test_outgoing_request_answer_becomes_an_incoming_disclosure(s):
    request = services.ask_partners(
        acting_user=s.prevent,
        speaker_id=s.speaker.pk,
        partners=[s.partner, s.other_partner],
        question="Has this speaker spoken with you?",
        due_on=None,
    )
    assert request.due_on > timezone.localdate()
    assert request.recipients.count() == 2
    recipient = request.recipients.get(partner=s.partner)
    with pytest.raises(DomainError) as error:
        services.record_answer(
            acting_user=s.prevent, recipient=recipient, rag="purple", summary="", lawful_basis=""
        )
    assert {f for f, _ in error.value.problems} == {"rag", "summary", "lawful_basis"}
    services.record_answer(
        acting_user=s.prevent,
        recipient=recipient,
        rag="amber",
        summary="Spoke in March with a chair.",
        lawful_basis="public_task",
    )
    recipient.refresh_from_db()
    assert recipient.disclosure.direction == Direction.INCOMING
    assert recipient.disclosure.speaker == s.speaker
    assert recipient.disclosure.state == State.RECORDED
    assert recipient.disclosure.subject == Subject.SPEAKER


def test_incoming_request_is_answered_by_an_outgoing_disclosure(s):
    asked = services.receive_request(
        acting_user=s.prevent,
        partner=s.partner,
        speaker_id=s.speaker.pk,
        speaker_name="",
        question="Concerns?",
        due_on=None,
    )
    d = services.create_disclosure(acting_user=s.prevent, facts=facts(s, answers=asked))
    asked.refresh_from_db()
    assert asked.answer == d and d.state == State.DRAFT
    with pytest.raises(DomainError):
        services.create_disclosure(acting_user=s.prevent, facts=facts(s, answers=asked))


def test_request_reminder_once(s):
    request = services.ask_partners(
        acting_user=s.prevent,
        speaker_id=s.speaker.pk,
        partners=[s.partner],
        question="Q?",
        due_on=timezone.localdate() + timedelta(days=1),
    )
    assert services.remind()["request_reminders"] == 1
    assert services.remind()["request_reminders"] == 0
    assert request.recipients.get().reminded_on is not None


def test_agreements_default_review_reminders_and_reviews(s):
    agreement = services.save_agreement(
        acting_user=s.dpo,
        agreement=None,
        partners=[s.partner],
        title="Speakers",
        purpose="Speakers",
        data_categories="Names",
        lawful_bases="Public task",
        starts_on=date(2026, 1, 5),
        owner=s.dpo,
        retention_years=3,
    )
    assert agreement.review_on == date(2027, 1, 5)
    with pytest.raises(DomainError) as error:
        services.save_agreement(
            acting_user=s.dpo, agreement=None, partners=[], owner=s.prevent, starts_on=None
        )
    assert {"title", "partners", "owner", "starts_on"} <= {f for f, _ in error.value.problems}
    with pytest.raises(NotAllowed):
        services.record_review(acting_user=s.prevent, agreement=agreement, outcome="continue")
    assert services.remind(today=date(2026, 12, 10))["agreement_reminders"] == 1
    assert services.remind(today=date(2026, 12, 11))["agreement_reminders"] == 0
    services.record_review(
        acting_user=s.dpo, agreement=agreement, outcome="amend", reviewed_on=date(2026, 12, 20)
    )
    agreement.refresh_from_db()
    assert agreement.review_on == date(2027, 12, 20)
    d = services.create_disclosure(
        acting_user=s.prevent, facts=facts(s, agreement=agreement, one_off_reason="")
    )
    assert d.delete_on == date(2029, 11, 2) and d.one_off_reason == ""


def test_a_partners_request_due_soon_reminds_the_sharers_once(s):
    services.receive_request(
        acting_user=s.prevent,
        partner=s.partner,
        speaker_id=s.speaker.pk,
        speaker_name="",
        question="Concerns?",
        due_on=timezone.localdate() + timedelta(days=1),
    )
    assert services.remind()["request_reminders"] == 1
    assert services.remind()["request_reminders"] == 0
    assert Message.objects.filter(recipient=s.security, subject__startswith="Due soon").exists()
