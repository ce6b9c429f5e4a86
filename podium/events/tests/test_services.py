"""The request lifecycle, service by service: states, rules, audit and e-mail."""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from podium.accounts.roles import Role
from podium.audit.models import AuditEntry
from podium.core.errors import DomainError
from podium.core.versioning import StaleEdit, version_of
from podium.events import services
from podium.events.models import (
    Decision,
    Deputy,
    EventRequest,
    NoticePeriod,
    ReviewNote,
    Status,
)
from podium.events.services import VERSION_FIELDS, RequestFacts
from podium.notify.models import Message
from podium.testing.events import approval, make_request, rejection, restore_default_policy
from podium.testing.factories import make_person_with_role, make_unit


@pytest.fixture
def reviewers(institution, faculty):
    return {
        "officer": make_person_with_role(Role.EVENTS_OFFICER, faculty, full_name="Eve Officer"),
        "prevent": make_person_with_role(Role.PREVENT_LEAD, institution, full_name="Pat Prevent"),
        "panel": make_person_with_role(Role.ESCALATION_PANEL, institution, full_name="Pam Panel"),
        "appeals": make_person_with_role(Role.APPEAL_DECIDER, institution, full_name="Al Appeal"),
        "security": make_person_with_role(
            Role.HEAD_OF_SECURITY, institution, full_name="Sam Security"
        ),
    }


def actions(request: EventRequest) -> list[str]:
    return list(
        AuditEntry.objects.filter(target_id=str(request.pk), target_type="events.eventrequest")
        .order_by("sequence")
        .values_list("action", flat=True)
    )


def test_a_draft_needs_every_answer_before_submission(personas, faculty):
    request = make_request(organiser=personas.organiser, unit=faculty, speakers=[])
    with pytest.raises(DomainError) as refused:
        services.submit_request(acting_user=personas.organiser, event_request=request)
    assert refused.value.field == "speakers"
    assert EventRequest.objects.get(pk=request.pk).status == Status.DRAFT


def test_only_units_where_the_person_may_request(personas, other_faculty):
    with pytest.raises(DomainError):
        make_request(organiser=personas.organiser, unit=other_faculty)


def test_submission_suggests_a_level_and_routes_with_reasons(
    personas, faculty, reviewers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        request = make_request(
            organiser=personas.organiser, unit=faculty, submit=True, level="Medium"
        )
    assert request.status == Status.IN_REVIEW
    assert request.suggested_level.name == "Medium"
    assert len(request.risk_explanation["drivers"]) == 2
    assert request.waiting_role == Role.PREVENT_LEAD
    assert "Medium risk" in request.routing_reasons
    assert request.reference.startswith("EV-")
    assert actions(request) == ["events.request.created", "events.request.submitted"]
    sent = {m.to[0]: m.subject for m in mail.outbox}
    assert "To review" in sent[reviewers["prevent"].email]
    assert "submitted" in sent[personas.organiser.email]
    assert reviewers["officer"].email not in sent


def test_a_late_request_needs_a_reason_and_records_its_shortfall(personas, faculty, reviewers):
    NoticePeriod.objects.filter(event_type=None, unit=None).update(working_days=10)
    soon = timezone.now() + timedelta(days=3)
    request = make_request(organiser=personas.organiser, unit=faculty, starts_at=soon)
    with pytest.raises(DomainError) as refused:
        services.submit_request(acting_user=personas.organiser, event_request=request)
    assert refused.value.field == "late_reason"
    assert "short of the 10 required" in refused.value.message
    request = services.submit_request(
        acting_user=personas.organiser,
        event_request=request,
        late_reason="The speaker's date moved.",
    )
    assert request.notice_required_days == 10
    assert request.notice_given_days is not None and request.notice_given_days < 10
    request = services.fast_track(acting_user=reviewers["officer"], event_request=request)
    assert request.fast_tracked
    assert request.due_on is not None and request.starts_at is not None
    assert request.due_on <= timezone.localtime(request.starts_at).date()


def test_a_unit_notice_period_beats_the_institutions(personas, faculty, reviewers):
    NoticePeriod.objects.create(unit=faculty, event_type=None, working_days=30)
    request = make_request(
        organiser=personas.organiser,
        unit=faculty,
        starts_at=timezone.now() + timedelta(days=30),
    )
    with pytest.raises(DomainError, match="of the 30 required"):
        services.submit_request(acting_user=personas.organiser, event_request=request)


def test_information_pauses_the_clock(
    personas, faculty, reviewers, django_capture_on_commit_callbacks
):
    request = make_request(organiser=personas.organiser, unit=faculty, submit=True)
    due = request.due_on
    assert due is not None
    with pytest.raises(DomainError):  # not waiting for the Prevent lead
        services.request_information(
            acting_user=reviewers["prevent"], event_request=request, question="Who chairs?"
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.request_information(
            acting_user=reviewers["officer"], event_request=request, question="Who chairs?"
        )
    request.refresh_from_db()
    assert request.status == Status.INFORMATION_REQUESTED
    with time_machine.travel(timezone.now() + timedelta(days=7)):
        services.answer_information(
            acting_user=personas.organiser, event_request=request, answer="Prof Smith."
        )
    request.refresh_from_db()
    assert request.status == Status.IN_REVIEW
    assert request.due_on is not None and request.due_on > due
    assert "the reviewer has a question" in mail.outbox[-1].subject


def test_notes_are_for_reviewers_and_append_only(personas, faculty, reviewers):
    request = make_request(organiser=personas.organiser, unit=faculty, submit=True)
    services.add_note(acting_user=reviewers["prevent"], event_request=request, text="Checked.")
    with pytest.raises(DomainError):
        services.add_note(acting_user=personas.organiser, event_request=request, text="Hello")
    assert ReviewNote.objects.count() == 1


def test_escalation_moves_to_the_next_step(personas, faculty, reviewers):
    request = make_request(organiser=personas.organiser, unit=faculty, submit=True)
    request = services.escalate(
        acting_user=reviewers["officer"], event_request=request, reason="Media interest."
    )
    assert request.waiting_role == Role.PREVENT_LEAD
    with pytest.raises(DomainError, match="no escalation step after this one"):
        services.escalate(acting_user=reviewers["prevent"], event_request=request, reason="More")


def test_conditions_need_the_free_speech_record(personas, faculty, reviewers):
    request = make_request(organiser=personas.organiser, unit=faculty, submit=True)
    facts = approval(conditions=True)
    facts.viewpoint_neutral = False
    with pytest.raises(DomainError) as refused:
        services.decide(acting_user=reviewers["officer"], event_request=request, facts=facts)
    assert refused.value.field == "viewpoint_neutral"
    facts = rejection()
    facts.rejection_reason = "word " * 301
    with pytest.raises(DomainError, match="301 words"):
        services.decide(acting_user=reviewers["officer"], event_request=request, facts=facts)
    facts = approval()
    facts.organiser_bears_security_costs = True
    with pytest.raises(DomainError) as refused:
        services.decide(acting_user=reviewers["officer"], event_request=request, facts=facts)
    assert refused.value.field == "security_costs_reason"


def test_approval_with_conditions_tells_organiser_and_security(
    personas, faculty, reviewers, django_capture_on_commit_callbacks
):
    request = make_request(organiser=personas.organiser, unit=faculty, submit=True)
    with django_capture_on_commit_callbacks(execute=True):
        decision = services.decide(
            acting_user=reviewers["officer"], event_request=request, facts=approval(conditions=True)
        )
    request.refresh_from_db()
    assert request.status == Status.APPROVED_WITH_CONDITIONS
    assert request.waiting_role == ""
    assert isinstance(decision, Decision)
    assert decision.decided_by == reviewers["officer"]
    recipients = {m.to[0] for m in mail.outbox}
    assert recipients == {personas.organiser.email, reviewers["security"].email}
    body = mail.outbox[0].body
    assert "Independent chair" in body
    assert "You may appeal" in body
    link = reverse("events:request-detail", args=[request.pk])
    assert Message.objects.filter(recipient=personas.organiser, link=link).count() == 2
    condition = decision.conditions.get()
    services.confirm_condition(acting_user=personas.organiser, condition=condition)
    with pytest.raises(DomainError, match="already been confirmed"):
        services.confirm_condition(acting_user=personas.organiser, condition=condition)


def test_a_stale_view_cannot_decide(personas, faculty, reviewers):
    request = make_request(organiser=personas.organiser, unit=faculty, submit=True)
    seen = version_of(request, VERSION_FIELDS)
    services.add_note(acting_user=reviewers["officer"], event_request=request, text="x")
    services.request_information(
        acting_user=reviewers["officer"], event_request=request, question="?"
    )
    services.answer_information(acting_user=personas.organiser, event_request=request, answer="!")
    with pytest.raises(StaleEdit):
        services.decide(
            acting_user=reviewers["officer"],
            event_request=request,
            facts=approval(),
            expected_version=seen,
        )
    assert not Decision.objects.exists()


def test_a_second_decision_is_refused(personas, faculty, reviewers):
    request = make_request(organiser=personas.organiser, unit=faculty, submit=True)
    services.decide(acting_user=reviewers["officer"], event_request=request, facts=approval())
    with pytest.raises(DomainError, match="already been decided"):
        services.decide(acting_user=reviewers["officer"], event_request=request, facts=approval())
    assert Decision.objects.filter(is_live=True).count() == 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="Concurrent writers need PostgreSQL.")
def test_twenty_concurrent_decisions_make_one(institution, faculty):
    # An earlier transactional test may have emptied every table, the default policy
    # its data migration loads included: load it again (it is idempotent).
    restore_default_policy()
    organiser = make_person_with_role(Role.ORGANISER, faculty)
    officers = [make_person_with_role(Role.EVENTS_OFFICER, faculty) for _ in range(20)]
    request = make_request(organiser=organiser, unit=faculty, submit=True)
    version = version_of(EventRequest.objects.get(pk=request.pk), VERSION_FIELDS)
    barrier = threading.Barrier(20)
    outcomes: list[str] = []

    def attempt(officer):
        barrier.wait()
        try:
            services.decide(
                acting_user=officer,
                event_request=EventRequest.objects.get(pk=request.pk),
                facts=approval(),
                expected_version=version,
            )
            outcomes.append("decided")
        except DomainError:
            outcomes.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(o,)) for o in officers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("decided") == 1
    assert outcomes.count("refused") == 19
    assert Decision.objects.filter(request=request).count() == 1


def test_material_change_after_approval_suspends_it(personas, faculty, reviewers):
    request = make_request(organiser=personas.organiser, unit=faculty, submit=True)
    services.decide(acting_user=reviewers["officer"], event_request=request, facts=approval())
    request.refresh_from_db()
    services.update_request(
        acting_user=personas.organiser,
        event_request=request,
        facts=RequestFacts(description="Now with a film screening."),
    )
    request.refresh_from_db()
    assert request.status == Status.APPROVED  # not a material fact
    services.update_request(
        acting_user=personas.organiser,
        event_request=request,
        facts=RequestFacts(venue="Lecture Hall 2"),
    )
    request.refresh_from_db()
    assert request.status == Status.IN_REVIEW
    assert request.reapproval_changes["venue"] == {"old": "Great Hall", "new": "Lecture Hall 2"}
    assert not Decision.objects.filter(is_live=True).exists()
    assert actions(request)[-1] == "events.request.suspended_for_reapproval"


def test_appeal_goes_to_someone_else_and_can_be_upheld(
    personas, faculty, institution, reviewers, django_capture_on_commit_callbacks
):
    request = make_request(organiser=personas.organiser, unit=faculty, submit=True)
    first = services.decide(
        acting_user=reviewers["officer"], event_request=request, facts=rejection()
    )
    services.lodge_appeal(
        acting_user=personas.organiser, event_request=request, grounds="A bigger room is free."
    )
    request.refresh_from_db()
    assert request.status == Status.APPEALED
    assert request.waiting_role == Role.APPEAL_DECIDER
    # The first decision-maker, even holding the appeal role, may not decide the appeal.
    from podium.testing.factories import grant

    grant(reviewers["officer"], Role.APPEAL_DECIDER, institution)
    with pytest.raises(DomainError, match="someone else"):
        services.decide_appeal(
            acting_user=reviewers["officer"], event_request=request, upheld=True, facts=approval()
        )
    with django_capture_on_commit_callbacks(execute=True):
        decision = services.decide_appeal(
            acting_user=reviewers["appeals"], event_request=request, upheld=True, facts=approval()
        )
    request.refresh_from_db()
    first.refresh_from_db()
    assert request.status == Status.APPROVED
    assert decision.on_appeal and decision.is_live
    assert not first.is_live
    assert actions(request)[-1] == "events.request.appeal_decided"
    assert "Appeal upheld" in mail.outbox[-1].subject


def test_the_appeal_window_closes(personas, faculty, reviewers):
    request = make_request(organiser=personas.organiser, unit=faculty, submit=True)
    services.decide(acting_user=reviewers["officer"], event_request=request, facts=rejection())
    with (
        time_machine.travel(timezone.now() + timedelta(days=14)),
        pytest.raises(DomainError, match="time to appeal ended"),
    ):
        services.lodge_appeal(acting_user=personas.organiser, event_request=request, grounds="Late")


def test_withdraw_cancel_and_report(personas, faculty, reviewers):
    draft = make_request(organiser=personas.organiser, unit=faculty)
    services.withdraw_request(acting_user=personas.organiser, event_request=draft)
    assert EventRequest.objects.get(pk=draft.pk).status == Status.WITHDRAWN

    request = make_request(organiser=personas.organiser, unit=faculty, submit=True)
    services.decide(acting_user=reviewers["officer"], event_request=request, facts=approval())
    assert request.starts_at is not None
    with pytest.raises(DomainError, match="once the event has started"):
        services.report_after_event(
            acting_user=personas.organiser,
            event_request=request,
            went_ahead=True,
            attendance=90,
            conditions_met="",
            incidents="",
        )
    with time_machine.travel(request.starts_at + timedelta(hours=3)):
        report = services.report_after_event(
            acting_user=personas.organiser,
            event_request=request,
            went_ahead=True,
            attendance=90,
            conditions_met="",
            incidents="",
        )
        services.record_incident(
            acting_user=reviewers["security"],
            event_request=request,
            occurred_at=timezone.now() - timedelta(hours=2),
            severity="low",
            description="A heckler was asked to leave and did.",
        )
    assert report.attendance == 90

    other = make_request(organiser=personas.organiser, unit=faculty, submit=True)
    services.decide(acting_user=reviewers["officer"], event_request=other, facts=approval())
    with pytest.raises(DomainError):
        services.cancel_event(acting_user=personas.outsider, event_request=other, reason="x")
    services.cancel_event(
        acting_user=personas.organiser, event_request=other, reason="Speaker ill."
    )
    assert EventRequest.objects.get(pk=other.pk).status == Status.CANCELLED


def test_undecided_requests_lapse(personas, faculty, reviewers):
    request = make_request(organiser=personas.organiser, unit=faculty, submit=True)
    assert request.starts_at is not None
    with time_machine.travel(request.starts_at + timedelta(minutes=1)):
        assert services.lapse_undecided() == 1
        assert services.lapse_undecided() == 0
    assert EventRequest.objects.get(pk=request.pk).status == Status.LAPSED


def test_reminders_then_escalation_once_each(
    personas, faculty, reviewers, django_capture_on_commit_callbacks
):
    request = make_request(organiser=personas.organiser, unit=faculty, submit=True)
    due = request.due_on
    assert due is not None
    with django_capture_on_commit_callbacks(execute=True):
        assert services.remind_and_escalate(today=due) == {
            "reminded": 1,
            "escalated": 0,
            "overdue": 0,
        }
        assert services.remind_and_escalate(today=due)["reminded"] == 0
        late = due + timedelta(days=3)
        with time_machine.travel(late):
            counts = services.remind_and_escalate(today=late)
            assert counts["escalated"] == 1
            assert services.remind_and_escalate(today=late)["escalated"] == 0
    request.refresh_from_db()
    assert request.waiting_role == Role.PREVENT_LEAD
    subjects = [m.subject for m in mail.outbox]
    assert sum("Due" in s for s in subjects) == 1
    assert sum("Escalated to you" in s for s in subjects) == 1


def test_deputies_act_while_the_reviewer_is_away(personas, faculty, reviewers):
    deputy = make_person_with_role(Role.EVENTS_OFFICER, make_unit(name="Elsewhere"))
    request = make_request(organiser=personas.organiser, unit=faculty, submit=True)
    with pytest.raises(DomainError):
        services.add_note(acting_user=deputy, event_request=request, text="x")
    today = timezone.localdate()
    entry = services.add_deputy(
        acting_user=reviewers["officer"], deputy=deputy, starts_on=today, ends_on=today
    )
    deputy = type(deputy).objects.get(pk=deputy.pk)  # fresh per-request caches
    services.decide(acting_user=deputy, event_request=request, facts=approval())
    services.end_deputy(acting_user=reviewers["officer"], entry=entry)
    assert Deputy.objects.get(pk=entry.pk).ends_on < today or entry.starts_on == today


def test_working_days_skip_bank_holidays_per_nation(db):
    from podium.events.models import EventsPolicy
    from podium.events.rules import Calendar

    EventsPolicy.current()
    scotland = Calendar(nation="SCT", closures=frozenset())
    england = Calendar(nation="ENG", closures=frozenset())
    # St Andrew's Day, Monday 30 November 2026, is a bank holiday in Scotland only.
    assert not scotland.is_working_day(date(2026, 11, 30))
    assert england.is_working_day(date(2026, 11, 30))
    closed = Calendar(nation="ENG", closures=frozenset({date(2026, 12, 29)}))
    assert closed.working_days_between(date(2026, 12, 24), date(2026, 12, 31)) == 2


def test_a_step_nobody_holds_is_skipped_with_the_reason(personas, faculty, institution):
    prevent = make_person_with_role(Role.PREVENT_LEAD, institution)
    request = make_request(organiser=personas.organiser, unit=faculty, submit=True)
    assert request.waiting_role == Role.PREVENT_LEAD  # no events officer over the faculty
    assert "Nobody holds the role of Events and bookings officer" in request.routing_reasons
    assert prevent.email
