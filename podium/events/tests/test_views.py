"""The request pages, driven as a person would: every step of both journeys, the
refusals people see, and who may open what."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from podium.accounts.roles import Role
from podium.events.models import (
    Campus,
    EventRequest,
    EventType,
    Mitigation,
    ScreeningQuestion,
    Status,
)
from podium.testing.events import make_request, rejection
from podium.testing.factories import make_person_with_role
from podium.testing.personas import client_for


@pytest.fixture
def people(personas, institution, faculty):
    return {
        "organiser": personas.organiser,
        "officer": make_person_with_role(Role.EVENTS_OFFICER, faculty, full_name="Eve Officer"),
        "prevent": make_person_with_role(Role.PREVENT_LEAD, institution, full_name="Pat Prevent"),
        "appeals": make_person_with_role(Role.APPEAL_DECIDER, institution, full_name="Al Appeal"),
        "security": make_person_with_role(
            Role.HEAD_OF_SECURITY, institution, full_name="Sam Security"
        ),
        "outsider": personas.outsider,
    }


def version_on(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return response.context["form"]["version"].value()


def fill_request(client, faculty, starts):
    """The organiser fills every step of the form and reaches the check page."""
    response = client.post(
        reverse("events:request-create"),
        {
            "title": "Faith and free speech",
            "description": "A debate with questions from the floor.",
            "event_type": EventType.objects.get(name="Debate or panel").pk,
            "unit": faculty.pk,
            "organiser_kind": "staff",
        },
    )
    assert response.status_code == 302
    event = EventRequest.objects.get(title="Faith and free speech")
    url = reverse("events:request-edit", args=[event.pk, "when-where"])
    response = client.post(
        url,
        {
            "version": version_on(client, url),
            "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (starts + timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "format": "in_person",
            "venue_kind": "on_campus",
            "campus": Campus.objects.get_or_create(name="Main campus")[0].pk,
            "venue": "Great Hall",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    url = reverse("events:request-edit", args=[event.pk, "audience"])
    response = client.post(
        url,
        {
            "version": version_on(client, url),
            "expected_audience": "150",
            "attendance": "public",
            "recording": "recorded",
        },
    )
    assert response.status_code == 302
    url = reverse("events:request-edit", args=[event.pk, "speakers"])
    version = client.get(url).context["version_form"]["version"].value()
    response = client.post(
        url,
        {
            "version": version,
            "speakers-TOTAL_FORMS": "2",
            "speakers-INITIAL_FORMS": "0",
            "speakers-0-name": "Dr Amina Example",
            "speakers-0-affiliation": "University of Elsewhere",
            "speakers-0-role": "speaker",
            "speakers-1-name": "Prof Ben Chair",
            "speakers-1-role": "chair",
        },
    )
    assert response.status_code == 302
    url = reverse("events:request-edit", args=[event.pk, "screening"])
    answers = {"version": version_on(client, url)}
    for question in ScreeningQuestion.objects.filter(is_active=True):
        yes = "controversy" in question.text or "open to the public" in question.text
        answers[f"q{question.pk}"] = "yes" if yes else "no"
    response = client.post(url, answers)
    assert response.headers["Location"] == reverse("events:request-check", args=[event.pk])
    return event


def test_request_to_conditions_to_report_through_the_pages(
    people, faculty, django_capture_on_commit_callbacks
):
    organiser, officer, prevent = (
        client_for(people["organiser"]),
        client_for(people["officer"]),
        client_for(people["prevent"]),
    )
    starts = timezone.localtime() + timedelta(days=60)
    event = fill_request(organiser, faculty, starts)
    check = reverse("events:request-check", args=[event.pk])
    page = organiser.get(check)
    assert b"Dr Amina Example" in page.content and not page.context["missing"]
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser.post(check, {"version": page.context["form"]["version"].value()})
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == Status.IN_REVIEW
    assert event.suggested_level.name == "Medium"
    # Medium goes to the Prevent lead; the events officer does not see it waiting.
    assert officer.get(reverse("events:queue")).context["page"].items == []
    queue = prevent.get(reverse("events:queue"))
    assert [e.pk for e in queue.context["page"].items] == [event.pk]
    assert b"Waiting for me" in queue.content
    detail = prevent.get(reverse("events:request-detail", args=[event.pk]))
    assert b"Advisory" in detail.content and b"Routing rule" in detail.content

    # Ask, answer
    ask = reverse("events:request-ask", args=[event.pk])
    with django_capture_on_commit_callbacks(execute=True):
        prevent.post(ask, {"version": version_on(prevent, ask), "question": "Who chairs?"})
    assert mail.outbox[-1].to == [people["organiser"].email]
    answer = reverse("events:request-answer", args=[event.pk])
    response = organiser.post(
        answer, {"version": version_on(organiser, answer), "answer": "Prof Ben Chair."}
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == Status.IN_REVIEW

    # Note, escalate
    prevent.post(reverse("events:request-note", args=[event.pk]), {"text": "Known speaker."})
    escalate = reverse("events:request-escalate", args=[event.pk])
    panel = make_person_with_role(Role.ESCALATION_PANEL, faculty, full_name="Pam Panel")
    with django_capture_on_commit_callbacks(execute=True):
        prevent.post(
            escalate, {"version": version_on(prevent, escalate), "reason": "Media interest."}
        )
    event.refresh_from_db()
    assert event.waiting_role == Role.ESCALATION_PANEL
    assert panel.email in mail.outbox[-1].to

    # Decide with a condition from the catalogue
    panel_client = client_for(panel)
    decide = reverse("events:request-decide", args=[event.pk])
    page = panel_client.get(decide)
    assert b"reputation" in page.content  # the form says what are not grounds
    chair = Mitigation.objects.get(name="Independent chair")
    data = {
        "version": page.context["form"]["version"].value(),
        "outcome": "approved_with_conditions",
        "rationale": "A public debate: an independent chair keeps it open.",
        "conditions-TOTAL_FORMS": "4",
        "conditions-INITIAL_FORMS": "0",
        "conditions-0-mitigation": chair.pk,
        "speech_lawful": "yes",
        "practicable_steps": "A chair, and time kept for questions from the floor.",
        "proportionality": "It restricts nothing the speaker may lawfully say.",
    }
    refused = panel_client.post(decide, data)  # viewpoint-neutral not confirmed
    assert refused.status_code == 200
    assert "viewpoint-neutral" in str(refused.context["form"].errors)
    data["viewpoint_neutral"] = "on"
    with django_capture_on_commit_callbacks(execute=True):
        response = panel_client.post(decide, data)
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == Status.APPROVED_WITH_CONDITIONS
    outcome = next(m for m in mail.outbox if "approved with conditions" in m.subject)
    assert outcome.to == [people["organiser"].email]
    assert "approved with conditions" in outcome.subject
    security = mail.outbox[-1]
    assert security.to == [people["security"].email]
    assert "Conditions to put in place" in security.subject
    assert "appeal" not in security.body
    assert "Independent chair" in outcome.body

    # The organiser confirms the condition, then reports after the event.
    condition = event.decisions.get(is_live=True).conditions.get()
    assert condition.owner == "Organiser" and condition.prevent_related
    organiser.post(reverse("events:condition-confirm", args=[condition.pk]), {"note": "Booked"})
    condition.refresh_from_db()
    assert condition.confirmed_at is not None
    with time_machine.travel(starts + timedelta(hours=3)):
        response = client_for(people["organiser"]).post(
            reverse("events:request-report", args=[event.pk]),
            {"went_ahead": "yes", "attendance": "140", "conditions_met": "met"},
        )
        assert response.headers["Location"] == reverse("events:request-detail", args=[event.pk])
    history = client_for(people["organiser"]).get(reverse("events:request-detail", args=[event.pk]))
    assert b"Post-event report made" in history.content
    # Organisers never see the reviewers' notes.
    assert b"Known speaker." not in history.content
    assert b"Reviewer&#x27;s note added" not in history.content


def test_rejection_appeal_upheld_through_the_pages(
    people, faculty, django_capture_on_commit_callbacks
):
    event = make_request(organiser=people["organiser"], unit=faculty, submit=True)
    officer = client_for(people["officer"])
    decide = reverse("events:request-decide", args=[event.pk])
    facts = rejection()
    response = officer.post(
        decide,
        {
            "version": version_on(officer, decide),
            "outcome": "rejected",
            "rationale": facts.rationale,
            "conditions-TOTAL_FORMS": "0",
            "conditions-INITIAL_FORMS": "0",
            "speech_lawful": "yes",
            "practicable_steps": facts.practicable_steps,
            "proportionality": facts.proportionality,
            "viewpoint_neutral": "on",
            "rejection_category": "health_and_safety",
            "rejection_reason": facts.rejection_reason,
        },
    )
    assert response.status_code == 302
    organiser = client_for(people["organiser"])
    detail = organiser.get(reverse("events:request-detail", args=[event.pk]))
    assert detail.context["view"].appeal_until is not None
    appeal = reverse("events:request-appeal", args=[event.pk])
    organiser.post(
        appeal, {"version": version_on(organiser, appeal), "grounds": "A larger hall is free."}
    )
    event.refresh_from_db()
    assert event.status == Status.APPEALED
    # The decision-maker may not decide the appeal; the appeal decider may.
    assert officer.get(reverse("events:request-appeal-decide", args=[event.pk])).status_code in (
        403,
        404,
    )
    appeals = client_for(people["appeals"])
    url = reverse("events:request-appeal-decide", args=[event.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = appeals.post(
            url,
            {
                "version": version_on(appeals, url),
                "upheld": "upheld",
                "outcome": "approved",
                "rationale": "The larger hall removes the safety risk.",
                "conditions-TOTAL_FORMS": "0",
                "conditions-INITIAL_FORMS": "0",
            },
        )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == Status.APPROVED
    assert "Appeal upheld" in mail.outbox[-1].subject


def test_a_late_request_asks_for_its_reason_on_the_check_page(people, faculty):
    event = make_request(
        organiser=people["organiser"],
        unit=faculty,
        starts_at=timezone.now() + timedelta(days=2),
    )
    client = client_for(people["organiser"])
    check = reverse("events:request-check", args=[event.pk])
    page = client.get(check)
    assert page.context["notice"].is_late
    assert b"This request is late" in page.content
    assert b"Why is this request late?</label>" in page.content  # not "(optional)"
    response = client.post(check, {"version": page.context["form"]["version"].value()})
    assert response.status_code == 200
    assert "say why it is late" in str(response.context["form"].errors)


def test_bad_input_on_the_steps(people, faculty):
    client = client_for(people["organiser"])
    response = client.post(reverse("events:request-create"), {"title": "", "unit": faculty.pk})
    assert "Enter the event&#x27;s title." in response.content.decode()
    event = make_request(organiser=people["organiser"], unit=faculty)
    url = reverse("events:request-edit", args=[event.pk, "when-where"])
    response = client.post(
        url,
        {
            "version": version_on(client, url),
            "starts_at": "2020-01-01T10:00",
            "ends_at": "not a date",
            "format": "in_person",
            "venue_kind": "on_campus",
        },
    )
    errors = response.context["form"].errors
    assert "The start must be in the future." in errors["starts_at"]
    assert "Enter a date and time" in errors["ends_at"][0]
    assert client.get(reverse("events:request-edit", args=[event.pk, "nope"])).status_code == 404


def test_who_may_open_a_request(people, faculty, other_faculty):
    event = make_request(organiser=people["organiser"], unit=faculty, submit=True)
    url = reverse("events:request-detail", args=[event.pk])
    assert client_for(people["outsider"]).get(url).status_code == 404
    assert client_for(people["security"]).get(url).status_code == 200
    stranger = make_person_with_role(Role.EVENTS_OFFICER, other_faculty)
    assert client_for(stranger).get(url).status_code == 404
    # Only the organiser edits; a reviewer gets 403.
    edit = reverse("events:request-edit", args=[event.pk, "about"])
    assert client_for(people["prevent"]).get(edit).status_code == 403
    assert client_for(people["outsider"]).get(reverse("events:queue")).status_code == 403


def test_the_navigation_counts_what_waits(people, faculty):
    make_request(organiser=people["organiser"], unit=faculty, submit=True)
    page = client_for(people["officer"]).get(reverse("core:home"))
    assert b"1 event request to review" in page.content
    assert b'<span class="count">1' in page.content


def test_changing_an_approved_events_venue_sends_it_back_with_the_change_shown(people, faculty):
    from podium.events import services
    from podium.testing.events import approval

    event = make_request(organiser=people["organiser"], unit=faculty, submit=True)
    services.decide(acting_user=people["officer"], event_request=event, facts=approval())
    client = client_for(people["organiser"])
    url = reverse("events:request-edit", args=[event.pk, "when-where"])
    page = client.get(url)
    assert b"sends it back for re-approval" in page.content
    event.refresh_from_db()
    assert event.starts_at is not None and event.ends_at is not None
    response = client.post(
        url,
        {
            "version": page.context["form"]["version"].value(),
            "starts_at": timezone.localtime(event.starts_at).strftime("%Y-%m-%dT%H:%M"),
            "ends_at": timezone.localtime(event.ends_at).strftime("%Y-%m-%dT%H:%M"),
            "format": "in_person",
            "venue_kind": "on_campus",
            "campus": event.campus_id,
            "venue": "Sports Hall",
        },
    )
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.status == Status.IN_REVIEW
    review = client_for(people["officer"]).get(reverse("events:request-detail", args=[event.pk]))
    assert b"Re-approval: the organiser changed material facts" in review.content
    assert b"Sports Hall" in review.content and b"Great Hall" in review.content


def test_re_approval_shows_what_changed_as_people_write_it(
    people, faculty, django_capture_on_commit_callbacks
):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from podium.events import services
    from podium.events.services import RequestFacts
    from podium.testing.events import approval

    request = make_request(organiser=people["organiser"], unit=faculty, submit=True)
    services.decide(acting_user=people["officer"], event_request=request, facts=approval())
    request.refresh_from_db()
    old_start = timezone.localtime(request.starts_at)
    new_start = datetime(2027, 1, 15, 18, 0, tzinfo=ZoneInfo("Europe/London"))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.update_request(
            acting_user=people["organiser"],
            event_request=request,
            facts=RequestFacts(
                starts_at=new_start, ends_at=new_start + timedelta(hours=2), venue="Lecture Hall 2"
            ),
        )

    page = client_for(people["officer"]).get(reverse("events:request-detail", args=[request.pk]))
    html = page.content.decode()
    assert '<th scope="row">Starts at</th>' in html
    assert "Friday 15 January 2027, 18:00" in html
    assert old_start.strftime("%-d %B %Y, %H:%M") in html
    assert "Great Hall" in html and "Lecture Hall 2" in html
    assert "starts_at" not in html and "T18:00" not in html

    body = "\n".join(str(message.body) for message in mail.outbox)
    assert "- Venue: was Great Hall; now Lecture Hall 2" in body
    assert "Friday 15 January 2027, 18:00" in body
    assert "starts_at" not in body and "+00:00" not in body


def test_a_reviewers_request_list_opens_on_requests_in_their_scope(people, faculty):
    """Issue 14: the events officer's list opened on "Requests I organise", which is
    empty for them."""
    request = make_request(organiser=people["organiser"], unit=faculty, submit=True)
    officer = client_for(people["officer"])
    page = officer.get(reverse("events:request-list"))
    assert page.context["scope"] == "all"
    assert request in page.context["page"].items
    mine = officer.get(reverse("events:request-list"), {"scope": "mine"})
    assert (mine.context["scope"], mine.context["page"].items) == ("mine", [])

    organiser = client_for(people["organiser"]).get(reverse("events:request-list"))
    assert organiser.context["scope"] == "mine"
    assert request in organiser.context["page"].items


NO_CONDITIONS = {"conditions-TOTAL_FORMS": "4", "conditions-INITIAL_FORMS": "0"}


def test_a_decision_reports_every_problem_at_once_and_names_offence_words(people, faculty):
    """Issue 14: a rejection reported one missing field per submission, accepted "x"
    as the free-speech record, and accepted offence and reputation as the reason with
    "viewpoint-neutral" ticked."""
    request = make_request(organiser=people["organiser"], unit=faculty, submit=True)
    client = client_for(people["officer"])
    url = reverse("events:request-decide", args=[request.pk])
    version = version_on(client, url)
    sent = client.post(url, {"version": version, "outcome": "rejected", **NO_CONDITIONS})
    errors = sent.context["form"].errors
    assert set(errors) >= {
        "rationale",
        "speech_lawful",
        "practicable_steps",
        "proportionality",
        "viewpoint_neutral",
        "rejection_category",
        "rejection_reason",
    }
    sent = client.post(
        url,
        {
            "version": version,
            "outcome": "rejected",
            "rationale": "Offensive to many and could damage the university's reputation.",
            "speech_lawful": "yes",
            "practicable_steps": "x",
            "proportionality": "x x x x x x x x x",
            "viewpoint_neutral": "on",
            "rejection_category": "other",
            "rejection_reason": "It would upset students.",
            **NO_CONDITIONS,
        },
    )
    errors = sent.context["form"].errors
    assert set(errors) == {"practicable_steps", "proportionality", "reasons_reread"}
    assert "“offensive”, “reputation”, “upset”" in errors["reasons_reread"][0]
    assert "I have re-read the reasons" in sent.content.decode()  # the box is offered
    request.refresh_from_db()
    assert request.status == Status.IN_REVIEW

    decided = client.post(
        url,
        {
            "version": version,
            "outcome": "rejected",
            "rationale": "The room holds 80; 300 are expected, and no larger room is free.",
            "speech_lawful": "yes",
            "practicable_steps": "A larger room, or a second date, neither of which is free.",
            "proportionality": "No lesser step keeps the audience within the room's capacity.",
            "viewpoint_neutral": "on",
            "rejection_category": "health_and_safety",
            "rejection_reason": "Over capacity; some may be offended, which is not a ground.",
            "reasons_reread": "on",
            **NO_CONDITIONS,
        },
    )
    assert decided.status_code == 302
    request.refresh_from_db()
    assert request.status == Status.REJECTED


def test_labels_say_when_a_decision_field_is_needed(people, faculty):
    request = make_request(organiser=people["organiser"], unit=faculty, submit=True)
    page = client_for(people["officer"]).get(reverse("events:request-decide", args=[request.pk]))
    html = page.content.decode()
    assert "Is the expected speech lawful? (needed for conditions or a rejection)" in html
    assert "Reason category (needed for a rejection)" in html
    assert "Reasons for the decision</label>" in html
    assert "(optional)" not in html.split("<h2>Conditions</h2>")[0].split("<form")[-1]


def test_a_description_over_the_limit_is_refused_with_the_limit(people, faculty):
    """Issue 14: a 72,000-character description was accepted."""
    response = client_for(people["organiser"]).post(
        reverse("events:request-create"),
        {
            "title": "A long one",
            "description": "x" * 72_000,
            "unit": faculty.pk,
            "organiser_kind": "staff",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["description"] == [
        "Keep the description to 10000 characters (it has 72000)."
    ]
    assert 'maxlength="10000"' in response.content.decode()  # the counter's limit
    assert not EventRequest.objects.filter(title="A long one").exists()


def test_contradictory_attendance_answers_are_named_and_block_submission(people, faculty):
    """ "Members only" with "open to the public: yes" (issue 14, item 9)."""
    organiser = client_for(people["organiser"])
    event = fill_request(organiser, faculty, timezone.localtime() + timedelta(days=60))
    url = reverse("events:request-edit", args=[event.pk, "audience"])
    organiser.post(
        url,
        {
            "version": version_on(organiser, url),
            "expected_audience": "150",
            "attendance": "members",
            "recording": "recorded",
        },
    )
    check = reverse("events:request-check", args=[event.pk])
    page = organiser.get(check)
    assert page.context["missing"] == [
        (
            "attendance",
            "You chose “Members only” for who can attend, but answered “yes” to "
            "“Is the event open to the public?”. Change one of them so they agree.",
        )
    ]
    assert "Change one of them so they agree." in page.text
    response = organiser.post(check, {"version": page.context["form"]["version"].value()})
    assert EventRequest.objects.get(pk=event.pk).status == Status.DRAFT
    assert "Change one of them so they agree." in response.text
