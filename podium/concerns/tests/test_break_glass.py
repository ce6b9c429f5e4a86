"""Break-glass access (issue 17, item 2): a reason, a time limit, the Prevent lead
told at once, and the case shows who looked and why."""

from __future__ import annotations

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from podium.audit.models import AuditEntry
from podium.concerns import services
from podium.concerns.models import BreakGlassGrant, CaseView
from podium.notify.models import Message
from podium.testing.personas import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(people):
    return services.share_concern(
        acting_user=people.lecturer,
        noticed="Something worrying",
        noticed_on=timezone.localdate(),
        immediate_danger=False,
    )


def test_head_of_security_breaks_glass_with_a_reason(people, case):
    client = client_for(people.security)
    detail = reverse("concerns:case-detail", args=[case.pk])
    assert client.get(detail).status_code == 404
    url = reverse("concerns:break-glass")
    assert client.get(url).status_code == 200
    refused = client.post(url, {"reference": "PC-NOPE", "reason": ""})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Enter the reference of a case" in page or "Say why" in page
    response = client.post(url, {"reference": case.reference.lower(), "reason": "Bomb threat"})
    assert response.status_code == 302 and response["Location"] == detail
    grant = BreakGlassGrant.objects.get()
    assert grant.user == people.security and grant.reason == "Bomb threat"
    told = Message.objects.get(recipient=people.lead, subject__startswith="Break-glass")
    assert case.reference in told.subject and "Bomb threat" not in told.body
    assert client.get(detail).status_code == 200
    assert CaseView.objects.get(viewer=people.security).grant == grant
    # Read only, and never the identity.
    assert client.get(reverse("concerns:identity", args=[case.pk])).status_code == 404
    note = client.post(reverse("concerns:note-add", args=[case.pk]), {"text": "x"})
    assert note.status_code == 404
    # The case roles see who looked and why.
    page = client_for(people.lead).get(detail).content.decode()
    assert "Gareth Security" in page and "Bomb threat" in page
    entry = AuditEntry.objects.get(action="concerns.break_glass.granted")
    assert set(entry.data) == {"grant_id", "hours"}


def test_the_grant_expires(people, case):
    services.break_glass(acting_user=people.security, reference=case.reference, reason="Why")
    detail = reverse("concerns:case-detail", args=[case.pk])
    with time_machine.travel(timezone.now() + timezone.timedelta(hours=5)):
        assert client_for(people.security).get(detail).status_code == 404


def test_only_the_break_glass_capability_may_ask(people, case):
    for person in (people.lecturer, people.admin, people.auditor):
        assert client_for(person).get(reverse("concerns:break-glass")).status_code == 403
