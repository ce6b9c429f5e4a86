"""The register's services: linking requests, checks, merges, acknowledgements and
the approval rule, each audited."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from podium.audit.models import AuditEntry
from podium.core.errors import DomainError
from podium.events import services as events
from podium.events.models import EventSpeaker, Status
from podium.events.services import RequestFacts, SpeakerFacts
from podium.events.speakers import acknowledgements
from podium.events.speakers.models import AcknowledgementStatus
from podium.notify.models import Message
from podium.speakers import selectors, services
from podium.speakers.models import (
    CheckSource,
    Speaker,
    SpeakerName,
)
from podium.testing.events import approval, make_request, rejection

EVERY_SPEAKER = Q()  # no one's register filter: every speaker

pytestmark = pytest.mark.django_db


def _linked(request, email="jane@example.org"):
    """The register entry of the request's one speaker, with `email` on record."""
    speaker = request.speakers.get().speaker
    assert speaker is not None
    Speaker.objects.filter(pk=speaker.pk).update(email=email)
    speaker.refresh_from_db()
    return speaker


def _speaker(user, name="Muhammad al-Hasan", **facts):
    return services.create_speaker(
        acting_user=user, facts=services.SpeakerFacts(name=name, **facts)
    )


def _check(reviewer, speaker, **overrides: Any):
    values: dict[str, Any] = {
        "sources": list(CheckSource.objects.all()[:2]),
        "checked_on": timezone.localdate(),
        "findings": "Nothing of note in the news.",
    }
    values.update(overrides)
    return services.record_check(acting_user=reviewer, speaker=speaker, **values)


def test_a_new_request_adds_its_speakers_to_the_register(personas, faculty):
    request = make_request(organiser=personas.organiser, unit=faculty)
    link = request.speakers.get()
    assert link.speaker.name == "Dr Jane Example"
    assert AuditEntry.objects.filter(action="speakers.speaker.created").count() == 1


def test_a_request_can_link_an_existing_speaker_and_keeps_the_typed_name(personas, faculty):
    existing = _speaker(personas.organiser)
    request = make_request(
        organiser=personas.organiser,
        unit=faculty,
        speakers=[SpeakerFacts(name="Mohamed Al Hassan", speaker_id=existing.pk)],
    )
    link = request.speakers.get()
    assert (link.name, link.speaker) == ("Mohamed Al Hassan", existing)
    assert Speaker.objects.count() == 1


def test_saving_the_same_speakers_again_keeps_their_register_entries(personas, faculty):
    request = make_request(organiser=personas.organiser, unit=faculty)
    first = request.speakers.get().speaker
    events.update_request(
        acting_user=personas.organiser,
        event_request=request,
        facts=RequestFacts(speakers=[SpeakerFacts(name="Dr Jane Example")]),
    )
    assert request.speakers.get().speaker == first
    assert Speaker.objects.count() == 1


def test_a_check_defaults_its_recheck_date_from_the_administrators_months(reviewer):
    speaker = _speaker(reviewer)
    check = _check(reviewer, speaker, checked_on=date(2026, 1, 31))
    assert check.recheck_after == date(2027, 1, 31)
    entry = AuditEntry.objects.get(action="speakers.check.recorded")
    assert "Nothing of note" not in str(entry.data)


def test_organisers_cannot_record_checks(personas):
    speaker = _speaker(personas.organiser)
    with pytest.raises(PermissionDenied):
        _check(personas.organiser, speaker)


def test_a_check_needs_a_source_and_findings(reviewer):
    speaker = _speaker(reviewer)
    with pytest.raises(DomainError, match="at least one source"):
        _check(reviewer, speaker, sources=[])
    with pytest.raises(DomainError, match="Summarise what you found"):
        _check(reviewer, speaker, findings="  ")


def test_merge_keeps_every_link_check_and_name_and_is_audited(reviewer, personas, faculty):
    survivor = _speaker(reviewer, "Muhammad al-Hasan", affiliations="Elsewhere University")
    duplicate = _speaker(reviewer, "Mohamed Al Hassan", other_names=["M. Hasan"])
    request = make_request(
        organiser=personas.organiser,
        unit=faculty,
        speakers=[SpeakerFacts(name="Mohamed Al Hassan", speaker_id=duplicate.pk)],
    )
    _check(reviewer, duplicate)
    services.merge_speakers(
        acting_user=reviewer, survivor=survivor, merged=duplicate, reason="Same ORCID."
    )
    duplicate.refresh_from_db()
    assert duplicate.merged_into == survivor
    assert (duplicate.merged_by, duplicate.merge_reason) == (reviewer, "Same ORCID.")
    assert request.speakers.get().speaker == survivor
    assert survivor.checks.count() == 1
    assert set(SpeakerName.objects.filter(speaker=survivor).values_list("name", flat=True)) == {
        "Muhammad al-Hasan",
        "Mohamed Al Hassan",
        "M. Hasan",
    }
    entry = AuditEntry.objects.get(action="speakers.speaker.merged")
    assert entry.data["merged"]["id"] == duplicate.pk
    assert entry.data["moved"]["event_links"] == 1


def test_a_merged_record_cannot_be_merged_again(reviewer):
    one, two, three = (_speaker(reviewer, n) for n in ["A One", "A Two", "A Three"])
    services.merge_speakers(acting_user=reviewer, survivor=one, merged=two, reason="Same.")
    with pytest.raises(DomainError, match="already been merged"):
        services.merge_speakers(acting_user=reviewer, survivor=three, merged=two, reason="Same.")


def test_organisers_cannot_merge(personas):
    one, two = _speaker(personas.organiser, "A One"), _speaker(personas.organiser, "A Two")
    with pytest.raises(PermissionDenied):
        services.merge_speakers(
            acting_user=personas.organiser, survivor=one, merged=two, reason="Same."
        )


def test_history_summary_counts_talks_conditions_and_incidents(
    reviewer, officer, personas, faculty
):
    speaker = _speaker(reviewer)
    for n, outcome in enumerate([approval(conditions=True), approval(conditions=True), approval()]):
        request = make_request(
            organiser=personas.organiser,
            unit=faculty,
            submit=True,
            title=f"Talk {n}",
            speakers=[SpeakerFacts(name="Muhammad al-Hasan", speaker_id=speaker.pk)],
        )
        events.decide(acting_user=officer, event_request=request, facts=outcome)
    summary = selectors.summaries_for([speaker.pk])[speaker.pk]
    assert summary.line == "Spoke here 3 times, twice with conditions, no incidents"
    page = selectors.speaker_view(speaker=speaker, is_reviewer=True)
    assert page.summary.line == (
        "Spoke here 3 times, twice with conditions (most often: independent chair), no incidents"
    )
    assert [a.request.title for a in page.sections[0].context["appearances"]] == [
        "Talk 2",
        "Talk 1",
        "Talk 0",
    ]


def test_history_counts_only_requests_ever_submitted(reviewer, personas, faculty):
    speaker = _speaker(reviewer)

    def on(title, *, submit=False):
        return make_request(
            organiser=personas.organiser,
            unit=faculty,
            submit=submit,
            title=title,
            speakers=[SpeakerFacts(name="Muhammad al-Hasan", speaker_id=speaker.pk)],
        )

    on("Submitted", submit=True)
    on("Draft")
    events.withdraw_request(acting_user=personas.organiser, event_request=on("Never submitted"))
    events.withdraw_request(
        acting_user=personas.organiser, event_request=on("Withdrawn in review", submit=True)
    )
    assert selectors.summaries_for([speaker.pk])[speaker.pk].appearances == 2
    page = selectors.speaker_view(speaker=speaker, is_reviewer=True)
    assert page.summary.appearances == 2
    assert {a.request.title for a in page.sections[0].context["appearances"]} == {
        "Submitted",
        "Withdrawn in review",
    }


def test_recheck_due_lists_speakers_whose_latest_check_has_passed(reviewer):
    old = _speaker(reviewer, "Old Check")
    fresh = _speaker(reviewer, "Fresh Check")
    today = timezone.localdate()
    _check(
        reviewer, old, checked_on=today - timedelta(days=400), recheck_after=today - timedelta(1)
    )
    _check(reviewer, fresh)
    assert selectors.due_rechecks(visible=EVERY_SPEAKER) == [old]


def _code(admin):
    return services.publish_code_of_conduct(acting_user=admin, text="Be civil. Take questions.")


def test_publishing_the_code_of_conduct_makes_a_new_version(personas):
    first = _code(personas.admin)
    second = services.publish_code_of_conduct(acting_user=personas.admin, text="Version two.")
    first.refresh_from_db()
    assert (first.version, second.version) == (1, 2)
    assert first.text == "Be civil. Take questions."


def test_acknowledgement_link_is_single_use_and_records_the_version(personas, faculty):
    code = _code(personas.admin)
    request = make_request(organiser=personas.organiser, unit=faculty)
    speaker = _linked(request)
    ack = acknowledgements.send_acknowledgement(
        acting_user=personas.organiser,
        event_request=request,
        speaker=speaker,
    )
    token = acknowledgements.acknowledgement_token(ack)
    assert acknowledgements.acknowledgement_from_token(token) == ack
    assert acknowledgements.acknowledgement_from_token(token + "x") is None
    acknowledgements.respond_to_acknowledgement(acknowledgement=ack, accept=True, code=code)
    ack.refresh_from_db()
    assert (ack.status, ack.code) == (AcknowledgementStatus.ACCEPTED, code)
    with pytest.raises(DomainError, match="already answered"):
        acknowledgements.respond_to_acknowledgement(acknowledgement=ack, accept=False, code=code)
    assert AuditEntry.objects.filter(action="speakers.acknowledgement.answered").count() == 1
    link = reverse("events:request-detail", args=[request.pk])
    message = Message.objects.get(recipient=personas.organiser, link=link)
    assert message.subject == "Dr Jane Example accepted the code of conduct"


def test_a_new_link_replaces_the_pending_one(personas, faculty):
    _code(personas.admin)
    request = make_request(organiser=personas.organiser, unit=faculty)
    speaker = _linked(request)
    send = {
        "acting_user": personas.organiser,
        "event_request": request,
        "speaker": speaker,
    }
    first = acknowledgements.send_acknowledgement(**send)
    acknowledgements.send_acknowledgement(**send)
    first.refresh_from_db()
    assert first.status == AcknowledgementStatus.REVOKED
    assert "replaced" in acknowledgements.acknowledgement_refusal(first)


def test_an_expired_link_is_refused(personas, faculty):
    _code(personas.admin)
    request = make_request(organiser=personas.organiser, unit=faculty)
    ack = acknowledgements.send_acknowledgement(
        acting_user=personas.organiser,
        event_request=request,
        speaker=_linked(request),
    )
    ack.expires_at = timezone.now() - timedelta(seconds=1)
    ack.save()
    assert "expired" in acknowledgements.acknowledgement_refusal(ack)


def test_the_link_is_emailed_after_commit(personas, faculty, django_capture_on_commit_callbacks):
    _code(personas.admin)
    request = make_request(organiser=personas.organiser, unit=faculty)
    with django_capture_on_commit_callbacks(execute=True):
        ack = acknowledgements.send_acknowledgement(
            acting_user=personas.organiser,
            event_request=request,
            speaker=_linked(request),
        )
    [message] = mail.outbox
    assert message.to == ["jane@example.org"]
    assert acknowledgements.acknowledgement_token(ack) in message.body


def _require_acknowledgements(admin):
    services.update_policy(
        acting_user=admin,
        recheck_months=12,
        acknowledgement_required=True,
        acknowledgement_valid_days=30,
    )


def test_when_required_a_request_cannot_be_approved_before_every_speaker_accepts(
    personas, faculty, officer
):
    _require_acknowledgements(personas.admin)
    code = _code(personas.admin)
    request = make_request(organiser=personas.organiser, unit=faculty, submit=True)
    with pytest.raises(DomainError, match="Waiting for: Dr Jane Example"):
        events.decide(acting_user=officer, event_request=request, facts=approval())
    ack = acknowledgements.send_acknowledgement(
        acting_user=officer,
        event_request=request,
        speaker=_linked(request),
        email="jane@example.org",
    )
    acknowledgements.respond_to_acknowledgement(acknowledgement=ack, accept=True, code=code)
    events.decide(acting_user=officer, event_request=request, facts=approval())
    request.refresh_from_db()
    assert request.status == Status.APPROVED


def test_when_required_a_request_can_still_be_rejected(personas, faculty, officer):
    _require_acknowledgements(personas.admin)
    request = make_request(organiser=personas.organiser, unit=faculty, submit=True)
    events.decide(acting_user=officer, event_request=request, facts=rejection())
    request.refresh_from_db()
    assert request.status == Status.REJECTED


def test_without_the_setting_approval_needs_no_acknowledgement(personas, faculty, officer):
    request = make_request(organiser=personas.organiser, unit=faculty, submit=True)
    events.decide(acting_user=officer, event_request=request, facts=approval())
    assert EventSpeaker.objects.filter(request=request).exists()
