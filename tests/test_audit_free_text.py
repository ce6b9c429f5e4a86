"""Issue 13, item 6: audit entries carry what happened, who, when, to which record
and which fields changed — never the free text someone typed. Every code is
declared with the data keys it may carry (podium/audit/codes.py); `record()`
refuses others under the test suite; and driving every service that takes free
text leaves none of it in the log."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from django.db import transaction
from django.utils import timezone

from podium.accounts.roles import Role
from podium.audit import codes
from podium.audit.models import AuditEntry
from podium.audit.services import changes, record
from podium.events import selectors, services
from podium.events.models import Condition, EventRequest, RequestText
from podium.events.services import RequestFacts, SpeakerFacts
from podium.testing.events import approval, complete_facts, rejection
from podium.testing.factories import make_person_with_role

ROOT = Path(__file__).resolve().parent.parent / "podium"
SECRET = "ZQXfreetext"


def written_codes() -> set[str]:
    """Every literal action code in the source (the f-string families are checked
    at record time by every test, `PODIUM_AUDIT_CHECK_CODES`)."""
    found: set[str] = set()
    pattern = re.compile(r'(?:action=|"action":\s*|\()"([a-z_]+(?:\.[a-z_]+){2,3})"')
    for path in ROOT.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for match in pattern.finditer(path.read_text()):
            if match.group(1).split(".")[0] in {
                "accounts",
                "api",
                "events",
                "sharing",
                "speakers",
                "training",
            }:
                found.add(match.group(1))
    return found


def test_every_code_written_is_declared():
    declared = {c.code for c in codes.all_codes()}
    written = written_codes()
    assert len(written) > 40  # the scan finds the call sites
    assert written - declared == set()


def test_no_code_declares_a_free_text_key():
    offenders = {c.code: sorted(c.keys & codes.FREE_TEXT_KEYS) for c in codes.all_codes()}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_every_code_has_a_sentence_with_known_blanks_only():
    for declared in codes.all_codes():
        filled = declared.sentence.replace("{actor}", "A").replace("{target}", "T")
        assert filled and "{" not in filled and "}" not in filled, declared.code


@pytest.mark.django_db
def test_record_refuses_an_undeclared_code_or_key():
    with transaction.atomic():
        with pytest.raises(codes.AuditCodeError, match="not declared"):
            record(action="events.request.gossiped", actor=None)
        with pytest.raises(codes.AuditCodeError, match="does not declare"):
            record(action="events.request.cancelled", actor=None, data={"reason": "x"})


def test_changes_names_a_text_field_without_its_words():
    changed = changes(
        {"title": "Old words", "expected_audience": 10},
        {"title": "New words", "expected_audience": 20},
        text_fields=["title"],
    )
    assert changed == {
        "title": {"changed": True},
        "expected_audience": {"old": 10, "new": 20},
    }


def _assert_no_free_text() -> None:
    leaks = [
        (e.sequence, e.action)
        for e in AuditEntry.objects.all()
        if SECRET in str(e.data) or SECRET in e.target_label
    ]
    assert leaks == [], [
        (e.sequence, e.action, e.target_label, e.data)
        for e in AuditEntry.objects.filter(sequence__in=[s for s, _ in leaks])
    ]


@pytest.fixture
def reviewers(institution, faculty):
    return {
        "officer": make_person_with_role(Role.EVENTS_OFFICER, faculty, full_name="Eve Officer"),
        "prevent": make_person_with_role(Role.PREVENT_LEAD, institution, full_name="Pat Prevent"),
        "appeals": make_person_with_role(Role.APPEAL_DECIDER, institution, full_name="Al Appeal"),
        "security": make_person_with_role(
            Role.HEAD_OF_SECURITY, institution, full_name="Sam Security"
        ),
    }


def _request(personas, faculty, *, submit: bool = True) -> EventRequest:
    request = services.create_request(
        acting_user=personas.organiser,
        unit=faculty,
        facts=complete_facts(
            title=f"{SECRET} title",
            description=f"{SECRET} description",
            venue=f"{SECRET} venue",
            # A speaker's name is the label of their register entry (the register's
            # own entries name them); what was typed beside it is not.
            speakers=[SpeakerFacts(name="Dr Jane Example", affiliation=f"{SECRET} Uni")],
        ),
    )
    if submit:
        request = services.submit_request(acting_user=personas.organiser, event_request=request)
    return request


def test_no_free_text_from_a_request_reaches_the_audit_log(personas, faculty, reviewers):
    officer = reviewers["officer"]
    draft = _request(personas, faculty, submit=False)
    services.update_request(
        acting_user=personas.organiser,
        event_request=draft,
        facts=RequestFacts(description=f"{SECRET} changed", external_hirer=f"{SECRET} hirer"),
    )
    services.withdraw_request(
        acting_user=personas.organiser, event_request=draft, reason=f"{SECRET} withdrawn"
    )

    request = _request(personas, faculty)
    services.request_information(
        acting_user=officer, event_request=request, question=f"{SECRET} question"
    )
    services.answer_information(
        acting_user=personas.organiser, event_request=request, answer=f"{SECRET} answer"
    )
    services.add_note(acting_user=officer, event_request=request, text=f"{SECRET} note")
    request = services.escalate(
        acting_user=officer, event_request=request, reason=f"{SECRET} escalation"
    )
    facts = approval(conditions=True)
    facts.rationale = f"{SECRET} rationale"
    facts.conditions[0].text = f"{SECRET} condition"
    services.decide(acting_user=reviewers["prevent"], event_request=request, facts=facts)
    condition = Condition.objects.get(decision__request=request)
    services.confirm_condition(
        acting_user=personas.organiser, condition=condition, note=f"{SECRET} in place"
    )
    services.update_request(
        acting_user=personas.organiser,
        event_request=EventRequest.objects.get(pk=request.pk),
        facts=RequestFacts(venue=f"{SECRET} new venue"),
    )

    rejected = _request(personas, faculty)
    refusal = rejection()
    refusal.rationale = f"{SECRET} rationale"
    services.decide(acting_user=officer, event_request=rejected, facts=refusal)
    services.lodge_appeal(
        acting_user=personas.organiser, event_request=rejected, grounds=f"{SECRET} grounds"
    )
    upheld = approval()
    upheld.rationale = f"{SECRET} appeal rationale"
    services.decide_appeal(
        acting_user=reviewers["appeals"], event_request=rejected, upheld=True, facts=upheld
    )
    services.cancel_event(
        acting_user=personas.organiser,
        event_request=EventRequest.objects.get(pk=rejected.pk),
        reason=f"{SECRET} cancelled",
    )

    approved = _request(personas, faculty)
    services.decide(acting_user=officer, event_request=approved, facts=approval())
    assert approved.starts_at is not None
    with time_machine.travel(approved.starts_at + timedelta(hours=3)):
        services.report_after_event(
            acting_user=personas.organiser,
            event_request=approved,
            went_ahead=True,
            attendance=90,
            conditions_met="",
            incidents=f"{SECRET} incidents",
        )
        services.record_incident(
            acting_user=reviewers["security"],
            event_request=approved,
            occurred_at=timezone.now() - timedelta(hours=2),
            severity="low",
            description=f"{SECRET} incident",
        )

    _assert_no_free_text()
    # The reasons are kept with the request, and its own page's history shows them.
    assert RequestText.objects.filter(text__contains=SECRET).count() == 2
    view = selectors.request_view(user=officer, request=EventRequest.objects.get(pk=request.pk))
    details = [item.detail for item in view.timeline]
    assert any(f"{SECRET} escalation" in d for d in details)
    assert f"{SECRET} condition" in details  # the confirmation, worded from the condition
