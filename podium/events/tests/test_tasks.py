"""The scheduled jobs for event requests: each acts once however often it runs."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.core import mail

from podium.accounts.roles import Role
from podium.core.scheduling import SCHEDULE
from podium.events import tasks
from podium.events.models import EventRequest, Status
from podium.testing.events import make_request
from podium.testing.factories import make_person_with_role


def test_both_jobs_are_scheduled_hourly():
    every = {job.name: job.every for job in SCHEDULE}
    assert every["events.lapse_undecided"] == timedelta(hours=1)
    assert every["events.remind_and_escalate"] == timedelta(hours=1)


def test_running_the_lapse_job_twice_lapses_once(personas, faculty, institution):
    make_person_with_role(Role.EVENTS_OFFICER, faculty)
    request = make_request(organiser=personas.organiser, unit=faculty, submit=True)
    assert request.starts_at is not None
    with time_machine.travel(request.starts_at + timedelta(hours=1)):
        assert tasks.lapse_undecided_requests.call() == 1
        assert tasks.lapse_undecided_requests.call() == 0
    assert EventRequest.objects.get(pk=request.pk).status == Status.LAPSED


def test_running_the_reminder_job_twice_reminds_once(
    personas, faculty, institution, django_capture_on_commit_callbacks
):
    make_person_with_role(Role.EVENTS_OFFICER, faculty)
    make_person_with_role(Role.PREVENT_LEAD, institution)
    request = make_request(organiser=personas.organiser, unit=faculty, submit=True)
    assert request.due_on is not None
    with (
        time_machine.travel(request.due_on, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        mail.outbox.clear()
        assert tasks.remind_and_escalate_reviews.call()["reminded"] == 1
        assert tasks.remind_and_escalate_reviews.call()["reminded"] == 0
    assert sum("Due" in m.subject for m in mail.outbox) == 1
