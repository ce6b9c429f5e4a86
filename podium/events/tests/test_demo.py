"""The demo event requests: every state of the lifecycle, made once."""

from __future__ import annotations

from collections import Counter

from podium.accounts.demo import create_demo
from podium.audit.models import AuditEntry
from podium.events.demo import DEMO_TITLES, create_event_demo
from podium.events.models import (
    AppealStatus,
    Condition,
    EventRequest,
    PostEventReport,
    Status,
)
from podium.notify.models import Message


def test_the_demo_covers_every_state_and_running_it_again_changes_nothing(db):
    create_demo(password="demo-pass-123")
    assert create_event_demo() == len(DEMO_TITLES)
    states = Counter(EventRequest.objects.values_list("status", flat=True))
    for status in Status.values:
        assert states[status] >= 1, f"no demo request is {status}"
    waiting = set(
        EventRequest.objects.filter(status=Status.IN_REVIEW).values_list("waiting_role", flat=True)
    )
    assert {"events_officer", "su_reviewer", "prevent_lead", "escalation_panel"} <= waiting
    assert EventRequest.objects.filter(status=Status.IN_REVIEW, late_reason__gt="").exists()
    assert EventRequest.objects.filter(appeals__status=AppealStatus.UPHELD).exists()
    assert Condition.objects.filter(confirmed_at__isnull=False).exists()
    assert Condition.objects.filter(decision__is_live=True, confirmed_at__isnull=True).exists()
    assert PostEventReport.objects.count() == 1
    assert Message.objects.exists()
    counts = (EventRequest.objects.count(), AuditEntry.objects.count(), Message.objects.count())

    assert create_event_demo() == 0
    assert (
        EventRequest.objects.count(),
        AuditEntry.objects.count(),
        Message.objects.count(),
    ) == counts
