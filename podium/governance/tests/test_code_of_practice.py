"""The free-speech code of practice: versions, publication, a published version
never changes, the version in force at each decision on the request page, and
the yearly notice to students."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from podium.accounts.roles import Role
from podium.core.errors import DomainError
from podium.events.services import decide
from podium.governance import selectors, services
from podium.governance.models import CodeSectionKind
from podium.governance.navigation import home_waiting
from podium.notify.models import Message
from podium.testing import factories
from podium.testing.events import approval, make_request
from podium.testing.governance import make_officer
from podium.testing.personas import client_for

TEXTS = {kind: f"The {kind} section." for kind in CodeSectionKind.values}


@pytest.fixture
def officer(institution):
    return make_officer(institution)


def publish(officer, **texts):
    version = services.start_code_version(acting_user=officer)
    services.save_code_sections(acting_user=officer, version=version, texts={**TEXTS, **texts})
    return services.publish_code(acting_user=officer, version=version)


def test_publishing_needs_every_section_and_then_never_changes(officer):
    version = services.start_code_version(acting_user=officer)
    services.save_code_sections(
        acting_user=officer, version=version, texts={**TEXTS, "conduct": " "}
    )
    with pytest.raises(DomainError, match="Conduct expected"):
        services.publish_code(acting_user=officer, version=version)
    services.save_code_sections(acting_user=officer, version=version, texts=TEXTS)
    services.publish_code(acting_user=officer, version=version)
    with pytest.raises(DomainError, match="can no longer change"):
        services.save_code_sections(acting_user=officer, version=version, texts={})
    assert selectors.code_in_force() == version
    # A new draft copies it; the public page shows the published text, signed in or not.
    draft = services.start_code_version(acting_user=officer)
    assert draft.sections.count() == 5
    page = client_for(None).get(reverse("governance:code"))
    assert page.status_code == 200 and "The values section." in page.content.decode()
    assert (
        client_for(None).get(reverse("governance:code-version", args=[draft.pk])).status_code == 404
    )


def test_the_request_page_shows_the_code_in_force_at_each_decision(officer, faculty):
    first = publish(officer)
    organiser = factories.make_person_with_role(Role.ORGANISER, faculty)
    reviewer = factories.make_person_with_role(Role.EVENTS_OFFICER, faculty)
    event = make_request(organiser=organiser, unit=faculty, submit=True)
    decision = decide(acting_user=reviewer, event_request=event, facts=approval())
    with time_machine.travel(timezone.now() + timedelta(minutes=5)):
        second = publish(officer, values="Changed values.")
    assert selectors.codes_in_force_at([decision.decided_at]) == [first]
    with time_machine.travel(timezone.now() + timedelta(minutes=10)):
        page = client_for(organiser).get(reverse("events:request-detail", args=[event.pk]))
    text = page.content.decode()
    assert f"code of practice version {first.number}</a>" in text
    assert f"version {second.number}</a>." in text  # in force now


def test_the_yearly_notice(officer):
    assert [w.text for w in home_waiting(officer)] == [
        "No notice to students about the free-speech code is recorded yet"
    ]
    today = timezone.localdate()
    services.record_notice(
        acting_user=officer,
        sent_on=today - timedelta(days=10),
        channel="email",
        audience="All students",
        text="Read the code.",
    )
    assert home_waiting(officer) == []
    assert services.send_notice_reminders(today=today) == 0
    later = today + timedelta(days=356)
    assert services.send_notice_reminders(today=later) == 1
    assert services.send_notice_reminders(today=later) == 0
    assert Message.objects.filter(recipient=officer, subject__contains="yearly notice").count() == 1
    with pytest.raises(DomainError) as refused:
        services.record_notice(
            acting_user=officer,
            sent_on=today + timedelta(days=1),
            channel="email",
            audience="",
            text="",
        )
    assert {f for f, _ in refused.value.problems} == {"sent_on", "audience", "text"}


def test_only_the_free_speech_officer_prepares_the_code(officer, institution):
    lead = factories.make_person_with_role(Role.PREVENT_LEAD, institution)
    with pytest.raises(DomainError):
        services.start_code_version(acting_user=lead)
    assert client_for(lead).get(reverse("governance:notice-list")).status_code == 403


def test_the_code_demo(db):
    from podium.accounts.demo import create_demo
    from podium.governance.demo import create_code_demo

    create_demo(password="a demo passphrase 123")
    assert create_code_demo() == 2
    assert create_code_demo() == 0
    assert selectors.code_in_force().number == 2
    assert selectors.notice_due()


def test_the_decision_form_quotes_the_codes_security_cost_criteria(officer, personas, faculty):
    request = make_request(organiser=personas.organiser, unit=faculty, submit=True)
    assert request.waiting_unit is not None
    reviewer = factories.make_person_with_role(Role(request.waiting_role), request.waiting_unit)
    decide_url = reverse("events:request-decide", args=[request.pk])
    before = client_for(reviewer).get(decide_url).content.decode()
    assert "What the code of practice counts as exceptional circumstances" not in before
    version = publish(
        officer, security_costs="Only where the police advise a level of risk above the usual."
    )
    html = client_for(reviewer).get(decide_url).content.decode()
    quoted = html.split("<h2>Security costs</h2>")[1]
    assert "What the code of practice counts as exceptional circumstances" in quoted
    assert "Only where the police advise a level of risk above the usual." in quoted
    assert reverse("governance:code-version", args=[version.pk]) in quoted
