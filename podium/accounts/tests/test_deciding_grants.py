"""Grants of roles that decide requests or appeals are told to the other
administrators and the Prevent leads, and listed on the people page (issue 13,
item 15)."""

from datetime import timedelta

import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from podium.accounts import services
from podium.accounts.roles import DECIDING_ROLES, Role
from podium.notify.models import Message
from podium.testing import factories
from podium.testing.personas import client_for


def test_the_deciding_roles_are_those_that_review_or_decide_appeals():
    assert {
        Role.SU_REVIEWER,
        Role.EVENTS_OFFICER,
        Role.PREVENT_LEAD,
        Role.ESCALATION_PANEL,
        Role.FREE_SPEECH_OFFICER,
        Role.APPEAL_DECIDER,
    } == DECIDING_ROLES


def test_an_administrator_granting_themselves_an_appeal_role_tells_the_others(
    personas, institution, faculty, django_capture_on_commit_callbacks
):
    prevent_lead = factories.make_person_with_role(
        Role.PREVENT_LEAD, institution, full_name="Pria Prevent"
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.grant_role(
            acting_user=personas.admin,
            user=personas.admin,
            role=Role.APPEAL_DECIDER,
            unit=institution,
            include_descendants=True,
        )
    told = set(Message.objects.values_list("recipient", flat=True))
    assert told == {personas.faculty_admin.pk, prevent_lead.pk}
    message = Message.objects.filter(recipient=prevent_lead).get()
    assert message.subject == (
        "Ada Admin was made Appeal decision-maker for University of Testshire"
    )
    assert message.link == reverse("accounts:user-detail", args=[personas.admin.pk])
    assert sorted(address for sent in mail.outbox for address in sent.to) == sorted(
        [personas.faculty_admin.email, prevent_lead.email]
    )
    assert "Ada Admin made Ada Admin Appeal decision-maker" in mail.outbox[0].body


def test_granting_a_role_that_decides_nothing_tells_no_one(personas, faculty):
    services.grant_role(
        acting_user=personas.admin,
        user=personas.outsider,
        role=Role.ORGANISER,
        unit=faculty,
        include_descendants=False,
    )
    assert not Message.objects.exists()


def test_the_people_page_lists_recent_grants_of_deciding_roles(personas, faculty):
    with time_machine.travel(timezone.now() - timedelta(days=31)):
        services.grant_role(
            acting_user=personas.admin,
            user=personas.organiser,
            role=Role.SU_REVIEWER,
            unit=faculty,
            include_descendants=False,
        )
    services.grant_role(
        acting_user=personas.faculty_admin,
        user=personas.outsider,
        role=Role.EVENTS_OFFICER,
        unit=faculty,
        include_descendants=False,
    )
    page = client_for(personas.auditor).get(reverse("accounts:user-list")).content.decode()
    section = page.split("Recent grants of deciding roles", 1)[1]
    assert "Out Sider" in section and "Events and bookings officer" in section
    assert "Fay Faculty" in section
    assert "Students&#x27; union reviewer" not in section  # 31 days ago
