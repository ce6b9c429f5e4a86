"""The register's pages as people use them: did-you-mean while filling a request,
findings hidden from organisers, checks, merges, and the speaker's link."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from podium.events.models import EventSpeaker
from podium.events.speakers import acknowledgements
from podium.events.speakers.models import AcknowledgementStatus
from podium.speakers import services
from podium.speakers.models import CheckSource, Speaker
from podium.testing.events import make_request
from podium.testing.personas import client_for

pytestmark = pytest.mark.django_db


def _linked(request, email="jane@example.org"):
    """The register entry of the request's one speaker, with `email` on record."""
    speaker = request.speakers.get().speaker
    assert speaker is not None
    Speaker.objects.filter(pk=speaker.pk).update(email=email)
    speaker.refresh_from_db()
    return speaker


FINDINGS = "Spoke at a lawful rally in 2024; reported in the local press."


def _speaker(user, name="Muhammad al-Hasan", **facts):
    return services.create_speaker(
        acting_user=user, facts=services.SpeakerFacts(name=name, **facts)
    )


def _checked(reviewer, organiser):
    speaker = _speaker(organiser, email="mah@example.org")
    services.record_check(
        acting_user=reviewer,
        speaker=speaker,
        sources=list(CheckSource.objects.all()[:1]),
        checked_on=timezone.localdate(),
        findings=FINDINGS,
    )
    return speaker


def _speakers_step(event, **rows):
    data = {
        "speakers-TOTAL_FORMS": "1",
        "speakers-INITIAL_FORMS": "0",
        "speakers-MIN_NUM_FORMS": "0",
        "speakers-MAX_NUM_FORMS": "30",
        "speakers-0-role": "speaker",
        "version": "",
    }
    data.update({f"speakers-0-{k}": v for k, v in rows.items()})
    return data


def test_the_speakers_step_offers_likely_matches_before_adding_a_new_speaker(personas, faculty):
    existing = _speaker(personas.organiser)
    event = make_request(organiser=personas.organiser, unit=faculty)
    client = client_for(personas.organiser)
    url = reverse("events:request-edit", args=[event.pk, "speakers"])
    response = client.post(url, _speakers_step(event, name="Mohamed Al Hassan"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Is this one of these speakers already in the register?</legend>" in page
    assert "register? (optional)" not in page  # the question must be answered
    assert "Muhammad al-Hasan" in page
    assert "Choose whether this is a speaker already in the register, or someone new." in page
    response = client.post(
        url, _speakers_step(event, name="Mohamed Al Hassan", match=str(existing.pk))
    )
    assert response.status_code == 302
    link = EventSpeaker.objects.get(request=event)
    assert (link.name, link.speaker) == ("Mohamed Al Hassan", existing)


def test_choosing_someone_new_adds_them_to_the_register(personas, faculty):
    _speaker(personas.organiser)
    event = make_request(organiser=personas.organiser, unit=faculty)
    client = client_for(personas.organiser)
    url = reverse("events:request-edit", args=[event.pk, "speakers"])
    client.post(url, _speakers_step(event, name="Mohamed Al Hassan", match="new"))
    assert Speaker.objects.filter(name="Mohamed Al Hassan").exists()


def test_adding_a_speaker_shows_did_you_mean_first(personas):
    _speaker(personas.organiser)
    client = client_for(personas.organiser)
    url = reverse("speakers:speaker-create")
    response = client.post(url, {"name": "Mohamed Al Hassan"})
    assert "Did you mean one of these speakers?" in response.content.decode()
    assert Speaker.objects.count() == 1
    response = client.post(url, {"name": "Mohamed Al Hassan", "confirmed": "True"})
    assert response.status_code == 302
    assert Speaker.objects.count() == 2


def test_organisers_never_see_findings_or_contact_details(personas, reviewer):
    speaker = _checked(reviewer, personas.organiser)
    page = client_for(personas.organiser).get(reverse("speakers:speaker-detail", args=[speaker.pk]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Muhammad al-Hasan" in text
    assert FINDINGS not in text
    assert "mah@example.org" not in text
    assert (
        client_for(personas.organiser)
        .get(reverse("speakers:speaker-check", args=[speaker.pk]))
        .status_code
        == 403
    )


def test_reviewers_see_findings_history_and_contact_details(personas, reviewer):
    speaker = _checked(reviewer, personas.organiser)
    text = client_for(reviewer).get(reverse("speakers:speaker-detail", args=[speaker.pk])).content
    assert FINDINGS in text.decode()
    assert "mah@example.org" in text.decode()
    assert "Has not spoken here before, no incidents." in text.decode()


def test_recording_a_check_through_the_page(personas, reviewer):
    speaker = _speaker(personas.organiser)
    client = client_for(reviewer)
    url = reverse("speakers:speaker-check", args=[speaker.pk])
    page = client.get(url).content.decode()
    assert "Lawful views, however controversial, are not grounds for restriction." in page
    response = client.post(
        url,
        {
            "sources": [s.pk for s in CheckSource.objects.all()[:2]],
            "checked_on": timezone.localdate().isoformat(),
            "findings": "Nothing found.",
        },
    )
    assert response.status_code == 302
    assert speaker.checks.get().findings == "Nothing found."


def test_a_check_without_sources_shows_the_error(personas, reviewer):
    speaker = _speaker(personas.organiser)
    response = client_for(reviewer).post(
        reverse("speakers:speaker-check", args=[speaker.pk]),
        {"checked_on": timezone.localdate().isoformat(), "findings": "x"},
    )
    assert "Choose at least one source you checked." in response.content.decode()


def test_merging_through_the_page_shows_merged_from(personas, reviewer):
    survivor = _speaker(personas.organiser)
    duplicate = _speaker(personas.organiser, "Mohamed Al Hassan")
    client = client_for(reviewer)
    response = client.post(
        reverse("speakers:speaker-merge", args=[survivor.pk]),
        {"other": str(duplicate.pk), "reason": "Same person, same university."},
    )
    assert response.status_code == 302
    page = client.get(reverse("speakers:speaker-detail", args=[survivor.pk])).content.decode()
    assert f"Merged from Mohamed Al Hassan (record {duplicate.pk}) by Pat Prevent" in page
    assert "reason: Same person, same university." in page


def test_a_reviewer_sees_a_records_likely_duplicates_and_a_step_to_merge_them(personas, reviewer):
    """The speaker page shows a reviewer the other records probably the same person,
    with what "did you mean" says of them, and links each to the merge page with the
    duplicate filled in; the merge still needs the reviewer's reason."""
    survivor = _speaker(personas.organiser)
    duplicate = _speaker(personas.organiser, "Mohamed Al Hassan")
    services.record_check(
        acting_user=reviewer,
        speaker=duplicate,
        sources=list(CheckSource.objects.all()[:1]),
        checked_on=timezone.localdate(),
        findings=FINDINGS,
    )
    unrelated = _speaker(personas.organiser, "Jane Example")
    client = client_for(reviewer)
    page = client.get(reverse("speakers:speaker-detail", args=[survivor.pk])).content.decode()
    assert "Likely duplicates" in page
    merge = reverse("speakers:speaker-merge", args=[survivor.pk]) + f"?other={duplicate.pk}"
    assert f'href="{merge}"' in page
    assert f"(record {unrelated.pk})" not in page
    assert "Has not spoken here before; last checked" in page
    form = client.get(merge).content.decode()
    assert f'value="{duplicate.pk}"' in form
    assert Speaker.objects.get(pk=duplicate.pk).merged_into_id is None  # nothing merged yet

    # An organiser sees no duplicates; a merged record offers none.
    organiser_page = client_for(personas.organiser).get(
        reverse("speakers:speaker-detail", args=[survivor.pk])
    )
    assert "Likely duplicates" not in organiser_page.content.decode()
    client.post(merge, {"other": str(duplicate.pk), "reason": "Same person."})
    merged_page = client.get(reverse("speakers:speaker-detail", args=[duplicate.pk]))
    assert "Likely duplicates" not in merged_page.content.decode()


def test_request_page_shows_history_summary_and_check_to_reviewers(
    personas, faculty, officer, reviewer
):
    event = make_request(organiser=personas.organiser, unit=faculty, submit=True)
    page = client_for(officer).get(reverse("events:request-detail", args=[event.pk]))
    text = page.content.decode()
    assert "Speakers in the register" in text
    assert "Has not spoken here before, no incidents" in text
    assert "Never checked" in text
    organiser_page = client_for(personas.organiser).get(
        reverse("events:request-detail", args=[event.pk])
    )
    assert "Has not spoken here before" not in organiser_page.content.decode()


def test_the_speaker_accepts_through_the_link_without_signing_in(personas, faculty):
    code = services.publish_code_of_conduct(acting_user=personas.admin, text="Be civil.")
    event = make_request(organiser=personas.organiser, unit=faculty)
    ack = acknowledgements.send_acknowledgement(
        acting_user=personas.organiser,
        event_request=event,
        speaker=_linked(event),
    )
    url = reverse("speakers:acknowledge", args=[acknowledgements.acknowledgement_token(ack)])
    client = client_for(None)
    page = client.get(url).content.decode()
    assert "Be civil." in page
    assert event.title in page
    response = client.post(url, {"answer": "accept", "version": str(code.version)})
    assert "You accepted version 1" in response.content.decode()
    ack.refresh_from_db()
    assert ack.status == AcknowledgementStatus.ACCEPTED
    assert "already answered" in client.get(url).content.decode()
    history = client_for(personas.organiser).get(reverse("events:request-detail", args=[event.pk]))
    text = history.content.decode()
    assert "Code of conduct sent to a speaker" in text
    assert "Speaker answered the code of conduct" in text
    assert "The speaker, through their link" in text
    assert "speakers.acknowledgement" not in text


def test_a_tampered_link_is_not_found(client):
    assert client.get(reverse("speakers:acknowledge", args=["1:forged"])).status_code == 404


def test_the_organiser_sends_the_link_from_the_request(personas, faculty):
    services.publish_code_of_conduct(acting_user=personas.admin, text="Be civil.")
    event = make_request(organiser=personas.organiser, unit=faculty)
    speaker = _linked(event)
    response = client_for(personas.organiser).post(
        reverse("speakers:acknowledgement-send", args=[event.pk]),
        {"speaker": str(speaker.pk), "email": ""},
    )
    assert response.status_code == 302
    assert event.acknowledgements.get().status == AcknowledgementStatus.PENDING


@pytest.mark.parametrize("chosen", ["\u00b2", "x", "99999"])
def test_the_send_page_ignores_a_speaker_query_that_is_not_one_of_the_requests(
    personas, faculty, officer, chosen
):
    event = make_request(organiser=personas.organiser, unit=faculty, submit=True)
    url = reverse("speakers:acknowledgement-send", args=[event.pk])
    assert client_for(officer).get(url, {"speaker": chosen}).status_code == 200


def test_the_reviewer_is_told_why_approval_must_wait(personas, faculty, officer):
    services.update_policy(
        acting_user=personas.admin,
        recheck_months=12,
        acknowledgement_required=True,
        acknowledgement_valid_days=30,
    )
    event = make_request(organiser=personas.organiser, unit=faculty, submit=True)
    message = (
        "This request cannot be approved yet: every speaker must first accept the code of "
        "conduct for speakers. Waiting for: Dr Jane Example."
    )
    client = client_for(officer)
    assert message in client.get(reverse("events:request-detail", args=[event.pk])).content.decode()
    page = client.get(reverse("events:request-decide", args=[event.pk])).content.decode()
    assert message in page
    response = client.post(
        reverse("events:request-decide", args=[event.pk]),
        {
            "outcome": "approved",
            "rationale": "Usual arrangements.",
            "conditions-TOTAL_FORMS": "0",
            "conditions-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    event.refresh_from_db()
    assert event.status == "in_review"


# --- Browsing the register (issue 14, item 14) ----------------------------------------


def test_a_reviewer_browses_the_register_by_check_year_and_merges(personas, reviewer, faculty):
    from datetime import timedelta

    from podium.events import services as event_services
    from podium.testing.events import approval

    today = timezone.localdate()
    current = _speaker(reviewer, name="Ada Current")
    due = _speaker(reviewer, name="Ben Due")
    never = _speaker(reviewer, name="Cy Never")
    for speaker, recheck in ((current, today + timedelta(days=30)), (due, today)):
        services.record_check(
            acting_user=reviewer,
            speaker=speaker,
            sources=list(CheckSource.objects.all()[:1]),
            checked_on=today - timedelta(days=400),
            findings=FINDINGS,
            recheck_after=recheck,
        )
    # Ben Due's check is current to the end of today.
    merged = _speaker(reviewer, name="Ada Kurrent")
    services.merge_speakers(acting_user=reviewer, survivor=current, merged=merged, reason="Same.")
    client = client_for(reviewer)
    url = reverse("speakers:speaker-list")

    def names(**query):
        response = client.get(url, query)
        assert response.status_code == 200
        return [s.name for s in response.context["page"].items]

    assert names() == ["Ada Current", "Ben Due", "Cy Never"]
    assert names(check="current") == ["Ada Current", "Ben Due"]
    assert names(check="never") == ["Cy Never"]
    assert names(merged="on") == ["Ada Kurrent"]
    assert "Current until" in client.get(url).content.decode()
    # Spoke in a year: an approved event with the speaker on it.
    request = make_request(
        organiser=personas.organiser,
        unit=faculty,
        submit=True,
        starts_at=timezone.now() + timedelta(days=10),
        late_reason="Arranged at short notice.",
    )
    EventSpeaker.objects.filter(request=request).update(speaker=never)
    event_services.decide(acting_user=reviewer, event_request=request, facts=approval())
    year = timezone.localtime(request.starts_at).year
    assert names(spoke_in=year) == ["Cy Never"]
    assert names(spoke_in=year - 1) == []
    bad = client.get(url, {"spoke_in": "1066"})
    assert "Enter a year from 2000." in bad.content.decode()
    # Keyset pages, and organisers keep the search and "Recently added" only.
    first = client.get(url, {"after": ""}).context["page"]
    assert not first.is_paginated
    organiser_page = client_for(personas.organiser).get(url)
    assert "page" not in organiser_page.context and "Recently added" in organiser_page.text


def test_the_register_re_check_due_filter(reviewer):
    from datetime import timedelta

    today = timezone.localdate()
    lapsed = _speaker(reviewer, name="Dee Lapsed")
    services.record_check(
        acting_user=reviewer,
        speaker=lapsed,
        sources=list(CheckSource.objects.all()[:1]),
        checked_on=today - timedelta(days=400),
        findings=FINDINGS,
        recheck_after=today - timedelta(days=1),
    )
    _speaker(reviewer, name="Eve Never")
    response = client_for(reviewer).get(reverse("speakers:speaker-list"), {"check": "recheck"})
    assert [s.name for s in response.context["page"].items] == ["Dee Lapsed"]
    assert "Re-check due" in response.content.decode()


def test_did_you_mean_shows_each_candidates_history_and_checks(personas, reviewer, faculty):
    """Issue 14, item 12: the organiser picks the record with the history."""
    checked = _checked(reviewer, personas.organiser)  # checked today, current a year
    twin = _speaker(personas.organiser, name="Muhammad Al-Hasan")
    event = make_request(organiser=personas.organiser, unit=faculty)
    client = client_for(personas.organiser)
    url = reverse("events:request-edit", args=[event.pk, "speakers"])
    page = client.post(url, _speakers_step(event, name="Mohamed Al Hassan")).content.decode()
    latest = checked.checks.get().recheck_after
    today = timezone.localdate()
    assert (
        f"record {checked.pk}. Has not spoken here before; "
        f"last checked {today.day} {today:%B %Y}, current until"
    ) in page
    assert f"{latest.day} {latest:%B %Y}" in page
    assert f"record {twin.pk}. Has not spoken here before; never checked" in page
    # The register's own "did you mean", and the reviewer's merge page, say the same.
    create = client.post(reverse("speakers:speaker-create"), {"name": "Mohamed Al Hassan"})
    assert "Has not spoken here before; never checked" in create.content.decode()
    merge = client_for(reviewer).get(reverse("speakers:speaker-merge", args=[twin.pk]))
    assert "Has not spoken here before; last checked" in merge.content.decode()
