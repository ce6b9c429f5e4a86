"""Students sharing when allowed, follow-up actions on reportable events, retention
of closed cases, and the Prevent lead's review of break-glass uses."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from podium.accounts.models import UnitKind
from podium.accounts.roles import Role
from podium.audit.models import AuditEntry
from podium.audit.verify import verify_chain
from podium.concerns import selectors, services
from podium.concerns.models import (
    BreakGlassGrant,
    Case,
    CaseNote,
    CaseView,
    ConcernSettings,
    FollowUpAction,
    Ideology,
    ReportableEvent,
    SubjectIdentity,
)
from podium.concerns.navigation import concerns_navigation
from podium.notify.models import Message
from podium.privacy.services import run_retention
from podium.testing import factories
from podium.testing.personas import client_for

pytestmark = pytest.mark.django_db


# --- Students ---------------------------------------------------------------------------


@pytest.fixture
def student(institution):
    union = factories.make_unit(
        parent=institution, name="Students' Union", kind=UnitKind.STUDENTS_UNION
    )
    society = factories.make_unit(parent=union, name="Debating Society", kind=UnitKind.SOCIETY)
    return factories.make_person_with_role(Role.ORGANISER, society, full_name="Sam Student")


SHARE = {"immediate_danger": "no", "noticed": "Worrying talk.", "noticed_on": "2026-03-01"}


def _labels(user) -> list[str]:
    return [item.label for item in concerns_navigation(user)]


def test_a_student_is_refused_plainly_while_the_institution_does_not_allow_it(student, people):
    assert ConcernSettings.current().students_may_share is False
    assert "Share a concern" not in _labels(student)
    client = client_for(student)
    page = client.get(reverse("concerns:share"))
    assert page.status_code == 403
    assert "You cannot share a concern here" in page.content.decode()
    refused = client.post(reverse("concerns:share"), SHARE)
    assert refused.status_code == 403
    assert not Case.objects.exists()
    # Staff, with or without a role, are not students.
    assert "Share a concern" in _labels(people.lecturer)
    assert client_for(people.lecturer).get(reverse("concerns:share")).status_code == 200


def test_a_student_shares_when_allowed_and_sees_only_received(student):
    settings = ConcernSettings.current()
    settings.students_may_share = True
    settings.save()
    assert "Share a concern" in _labels(student)
    client = client_for(student)
    response = client.post(reverse("concerns:share"), SHARE)
    assert response.status_code == 302 and response.url == reverse("concerns:shared")
    case = Case.objects.get()
    assert case.raised_by == student
    shared = client.get(reverse("concerns:shared")).content.decode()
    assert "Worrying talk." not in shared and case.reference not in shared
    assert client.get(reverse("concerns:case-detail", args=[case.pk])).status_code == 404


# --- Follow-up actions --------------------------------------------------------------------


def _event(people) -> ReportableEvent:
    return ReportableEvent.objects.create(
        occurred_on=timezone.localdate() - timedelta(days=3),
        category="serious_incident",
        description="Incident at the lecture",
        recorded_by=people.lead,
    )


def test_the_lead_adds_follow_up_actions_with_owners_and_marks_them_done(people):
    event = _event(people)
    client = client_for(people.lead)
    add = reverse("concerns:action-add", args=[event.pk])
    bad = client.post(add, {"action": "", "owner": "", "due_on": "31 2 2026"})
    assert bad.status_code == 400
    text = bad.content.decode()
    for message in ("Enter the action.", "Choose who owns the action.", "Enter a real date"):
        assert message in text
    due = timezone.localdate() + timedelta(days=7)
    ok = client.post(
        add,
        {"action": "Brief the governing body", "owner": people.officer.pk, "due_on": due},
    )
    assert ok.status_code == 302
    action = FollowUpAction.objects.get()
    assert (action.owner, action.due_on, action.done_on) == (people.officer, due, None)
    page = client.get(reverse("concerns:event-edit", args=[event.pk])).content.decode()
    assert "Brief the governing body" in page and "Claire Officer" in page
    done = reverse("concerns:action-done", args=[event.pk, action.pk])
    assert client.post(done).status_code == 302
    action.refresh_from_db()
    assert action.done_on == timezone.localdate()
    again = client.post(done, follow=True)
    assert again.status_code == 200 and "already done" in again.content.decode()
    entries = AuditEntry.objects.filter(action__startswith="concerns.action.")
    assert [e.action for e in entries.order_by("pk")] == [
        "concerns.action.added",
        "concerns.action.done",
    ]
    assert all("Brief" not in str(e.data) for e in entries)
    # Another event's action is not reachable through this event; outsiders get 403.
    other = _event(people)
    wrong = reverse("concerns:action-done", args=[other.pk, action.pk])
    assert client.post(wrong).status_code == 404
    for person in (people.officer, people.admin, people.auditor, people.lecturer):
        assert client_for(person).post(add, {"action": "x"}).status_code == 403


def test_an_overdue_action_reminds_its_owner_once_per_due_date(people):
    event = _event(people)
    today = timezone.localdate()
    overdue = services.add_follow_up(
        acting_user=people.lead,
        event=event,
        action="Update the policy",
        owner=people.officer,
        due_on=today - timedelta(days=1),
    )
    services.add_follow_up(
        acting_user=people.lead,
        event=event,
        action="Not yet due",
        owner=people.security,
        due_on=today + timedelta(days=1),
    )
    assert services.send_action_reminders() == 1
    assert services.send_action_reminders() == 0
    messages = Message.objects.filter(recipient=people.officer)
    assert messages.count() == 1
    assert not Message.objects.filter(recipient=people.security).exists()
    assert AuditEntry.objects.filter(action="concerns.actions.reminded").count() == 1
    # A new due date, overdue again, reminds again; a done action never does.
    FollowUpAction.objects.filter(pk=overdue.pk).update(due_on=today - timedelta(days=2))
    assert services.send_action_reminders() == 1
    services.complete_follow_up(acting_user=people.lead, follow_up=overdue)
    FollowUpAction.objects.filter(pk=overdue.pk).update(due_on=today - timedelta(days=3))
    assert services.send_action_reminders() == 0


# --- Retention ------------------------------------------------------------------------------


def _closed_case(people, *, raised: date, closed: date, ideology: Ideology) -> Case:
    case = Case.objects.create(
        raised_by=people.lecturer,
        raised_at=timezone.make_aware(datetime.combine(raised, datetime.min.time())),
        noticed="What the lecturer noticed",
        noticed_on=raised,
        online_elements="A forum",
        owner=people.officer,
        ideology=ideology,
        triaged_on=raised,
        lead_involved_on=raised + timedelta(days=1),
        advice_sought_on=raised + timedelta(days=2),
        advice_from="ct_policing",
        referral_on=raised + timedelta(days=3),
        referral_route="channel",
        outcome="channel_pmap",
        closed_on=closed,
    )
    SubjectIdentity.objects.create(case=case, full_name="Subject Person", number="S1")
    CaseNote.objects.create(case=case, author=people.officer, text="A note")
    grant = BreakGlassGrant.objects.create(
        case=case, user=people.security, reason="Incident", expires_at=timezone.now()
    )
    CaseView.objects.create(case=case, viewer=people.security, part="case", grant=grant)
    return case


def test_closed_cases_past_six_years_are_anonymised_and_past_counts_stay_right(people):
    islamist = Ideology.objects.get(name="Islamist")
    old = _closed_case(
        people, raised=date(2018, 9, 10), closed=date(2019, 1, 10), ideology=islamist
    )
    today = timezone.localdate()
    recent = _closed_case(
        people,
        raised=today - timedelta(days=400),
        closed=today - timedelta(days=300),
        ideology=islamist,
    )
    before = selectors.yearly_counts(year=2018, suppress=False)
    assert before.total.lead_involved.value == 1

    run_retention(acting_user=None, dry_run=False)

    old.refresh_from_db()
    assert old.raised_by is None and old.owner is None
    assert old.noticed == "[anonymised]" and old.online_elements == ""
    assert (old.lead_involved_on, old.referral_on, old.ideology) == (
        date(2018, 9, 11),
        date(2018, 9, 13),
        islamist,
    )
    for model in (SubjectIdentity, CaseNote, CaseView, BreakGlassGrant):
        assert not model.objects.filter(case=old).exists(), model
        assert model.objects.filter(case=recent).exists(), model
    recent.refresh_from_db()
    assert recent.noticed == "What the lecturer noticed" and recent.raised_by == people.lecturer
    assert selectors.yearly_counts(year=2018, suppress=False) == before
    assert verify_chain().intact
    # A second run finds nothing more to do.
    second = run_retention(acting_user=None, dry_run=False)
    assert second.counts["concerns.case"]["done"] == 0


# --- Break-glass review -------------------------------------------------------------------


def test_the_prevent_lead_reviews_break_glass_uses_after_the_fact(people):
    case = services.share_concern(
        acting_user=people.lecturer,
        noticed="Worrying",
        noticed_on=timezone.localdate(),
        immediate_danger=False,
    )
    services.break_glass(
        acting_user=people.security, reference=case.reference, reason="Fire alarm incident"
    )
    assert (
        client_for(people.security).get(reverse("concerns:case-detail", args=[case.pk])).status_code
        == 200
    )
    url = reverse("concerns:break-glass-uses")
    home = client_for(people.lead).get("/").content.decode()
    assert url in home
    page = client_for(people.lead).get(url)
    assert page.status_code == 200
    text = page.content.decode()
    for expected in (case.reference, "Gareth Security", "Fire alarm incident", "The case"):
        assert expected in text
    assert client_for(people.officer).get(url).status_code == 200
    for person in (people.security, people.admin, people.auditor, people.lecturer):
        assert client_for(person).get(url).status_code == 404
