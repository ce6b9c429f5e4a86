"""Duplicates hide history (issue 14, item 12): "did you mean" and the reviewer's panel
on a request say, for each likely duplicate, how often it spoke here, when it was
last checked and whether that check is current; the reviewer can follow a merge link;
"Recently added" does not list one name many times."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from podium.accounts.models import UnitKind
from podium.accounts.roles import Role
from podium.events import services as events
from podium.events.access import can_act_on
from podium.events.tests.policy_setup import reset_policy
from podium.speakers import selectors, services
from podium.speakers.models import CheckSource
from podium.testing.events import approval, make_request
from podium.testing.factories import make_person_with_role, make_unit
from podium.testing.personas import client_for

pytestmark = pytest.mark.django_db


def _speaker(user, name, **facts):
    return services.create_speaker(
        acting_user=user, facts=services.SpeakerFacts(name=name, **facts)
    )


def _day(value):
    return f"{value.day} {value:%B %Y}"


def _history(personas, faculty, reviewer, speaker, times=3, officer=None):
    """`speaker` spoke here `times` times, and was checked 400 days ago (lapsed)."""
    for n in range(times):
        request = make_request(
            organiser=personas.organiser,
            unit=faculty,
            submit=True,
            title=f"Lecture {n}",
            speakers=[events.SpeakerFacts(name=speaker.name, speaker_id=speaker.pk)],
        )
        decider = next(r for r in (reviewer, officer) if can_act_on(r, request))
        events.decide(acting_user=decider, event_request=request, facts=approval())
    checked_on = timezone.localdate() - timedelta(days=400)
    services.record_check(
        acting_user=reviewer,
        speaker=speaker,
        sources=list(CheckSource.objects.all()[:1]),
        checked_on=checked_on,
        findings="Nothing of concern.",
        recheck_after=checked_on + timedelta(days=365),
    )
    return checked_on


def test_the_facts_name_events_here_the_last_check_and_whether_it_is_current(
    personas, faculty, reviewer
):
    original = _speaker(reviewer, "Muhammad al-Hasan")
    checked_on = _history(personas, faculty, reviewer, original)
    lapsed = checked_on + timedelta(days=365)
    [match] = selectors.did_you_mean(names=["Mohamed Al Hassan"], visible=Q())
    assert match.speaker == original
    assert match.facts == (
        f"Spoke here 3 times; last checked {_day(checked_on)}, re-check due since {_day(lapsed)}"
    )
    today = timezone.localdate()
    services.record_check(
        acting_user=reviewer,
        speaker=original,
        sources=list(CheckSource.objects.all()[:1]),
        checked_on=today,
        findings="Nothing new.",
        recheck_after=today + timedelta(days=30),
    )
    [match] = selectors.did_you_mean(names=["Mohamed Al Hassan"], visible=Q())
    assert match.facts == (
        f"Spoke here 3 times; last checked {_day(today)}, "
        f"current until {_day(today + timedelta(days=30))}"
    )


def test_the_request_form_offers_the_record_with_its_history(personas, faculty, reviewer):
    original = _speaker(reviewer, "Muhammad al-Hasan")
    checked_on = _history(personas, faculty, reviewer, original, times=2)
    event = make_request(organiser=personas.organiser, unit=faculty, title="New talk")
    data = {
        "speakers-TOTAL_FORMS": "1",
        "speakers-INITIAL_FORMS": "0",
        "speakers-MIN_NUM_FORMS": "0",
        "speakers-MAX_NUM_FORMS": "30",
        "speakers-0-role": "speaker",
        "speakers-0-name": "Mohamed Al Hassan",
        "version": "",
    }
    page = client_for(personas.organiser).post(
        reverse("events:request-edit", args=[event.pk, "speakers"]), data
    )
    assert (
        f"record {original.pk}. Spoke here twice; last checked {_day(checked_on)}, "
        "re-check due since"
    ) in page.content.decode()


@pytest.fixture
def duplicated(personas, faculty, reviewer, officer):
    """A submitted request whose speaker is a fresh duplicate of a record with history."""
    original = _speaker(reviewer, "Muhammad al-Hasan", affiliations="University of Northshire")
    checked_on = _history(personas, faculty, reviewer, original, officer=officer)
    fresh = _speaker(personas.organiser, "Mohamed Al Hassan")
    request = make_request(
        organiser=personas.organiser,
        unit=faculty,
        submit=True,
        title="A new talk",
        speakers=[events.SpeakerFacts(name="Mohamed Al Hassan", speaker_id=fresh.pk)],
    )
    return {"original": original, "fresh": fresh, "request": request, "checked_on": checked_on}


def test_the_reviewer_sees_each_speakers_likely_duplicates_with_their_facts_and_a_merge_link(
    reviewer, duplicated
):
    original, fresh = duplicated["original"], duplicated["fresh"]
    url = reverse("events:request-detail", args=[duplicated["request"].pk])
    page = client_for(reviewer).get(url).content.decode()
    assert "Likely duplicates of Mohamed Al Hassan" in page
    assert f"(record {original.pk})" in page
    assert "University of Northshire" in page
    assert f"Spoke here 3 times; last checked {_day(duplicated['checked_on'])}" in page
    # Into the record with the history: the request's fresh record is the duplicate.
    merge = reverse("speakers:speaker-merge", args=[original.pk]) + f"?other={fresh.pk}"
    assert f'href="{merge}"' in page
    # The merge page opens with the duplicate's record number filled in.
    form = client_for(reviewer).get(merge).context["form"]
    assert str(form["other"].value()) == str(fresh.pk)


def test_organisers_do_not_see_the_duplicates_panel(personas, duplicated):
    url = reverse("events:request-detail", args=[duplicated["request"].pk])
    page = client_for(personas.organiser).get(url).content.decode()
    assert "Likely duplicates" not in page
    assert "/merge/" not in page


@pytest.fixture
def su_policy(db):
    reset_policy()  # before any request exists: it replaces the risk levels


def test_a_reviewer_sees_only_duplicates_in_their_scope(su_policy, institution, duplicated):
    """A students' union reviewer sees no record outside their scope, so no panel."""
    union = make_unit(parent=institution, name="Students' Union", kind=UnitKind.STUDENTS_UNION)
    su_reviewer = make_person_with_role(Role.SU_REVIEWER, union, full_name="Sue Union")
    su_organiser = make_person_with_role(Role.ORGANISER, union, full_name="Sol Society")
    fresh = duplicated["fresh"]
    request = make_request(
        organiser=su_organiser,
        unit=union,
        submit=True,
        title="Society talk",
        speakers=[events.SpeakerFacts(name="Mohamed Al Hassan", speaker_id=fresh.pk)],
    )
    page = client_for(su_reviewer).get(reverse("events:request-detail", args=[request.pk]))
    assert page.status_code == 200
    assert "Likely duplicates" not in page.content.decode()


def test_recently_added_shows_each_name_once(personas):
    for _ in range(15):
        _speaker(personas.organiser, "Dr Jane Example")
    _speaker(personas.organiser, "Prof. Karl Fischer")
    page = client_for(personas.organiser).get(reverse("speakers:speaker-list"))
    recent = page.context["recent"]
    assert [r.speaker.name for r in recent] == ["Prof. Karl Fischer", "Dr Jane Example"]
    assert recent[1].records == 15
    text = page.content.decode()
    assert text.count(">Dr Jane Example</a>") == 1
    assert "15 records with this name" in text
