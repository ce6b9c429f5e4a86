"""Name matching: the match key and the similarity score (pure functions), and the
search over the database (SQLite and PostgreSQL alike)."""

from __future__ import annotations

import pytest
from django.db.models import Q

from podium.speakers import selectors, services
from podium.speakers.matching import LIKELY, match_key, similarity

EVERY_SPEAKER = Q()  # no one's register filter: every speaker

SAME_PERSON = [
    ("Muhammad al-Hasan", "Mohamed Al Hassan"),
    ("Muhammad al-Hasan", "mohammed AL-HASAN"),
    ("Muhammad al-Hasan", "Hasan, Muhammad"),  # word order and punctuation
    ("Muhammad al-Hasan", "Muhammad Alhasan"),  # particle written joined
    ("Yusuf Islam", "Yousef Islam"),
    ("Yusuf Islam", "Islam Youssef"),
    ("José Martínez", "Jose Martinez"),  # accents
    ("Siobhán O'Brien", "Siobhan OBrien"),
    ("Jonathan Haidt", "Jonathon Haidt"),  # a small typo
    ("Sergey Brin", "Sergei Brin"),
]
DIFFERENT_PEOPLE = [
    ("Muhammad al-Hasan", "Muhammad Ali"),
    ("Yusuf Islam", "Hamid Islam"),
    ("Jane Example", "John Sample"),
    ("Ahmad Khan", "Aisha Begum"),
]


@pytest.mark.parametrize(("one", "other"), SAME_PERSON)
def test_spellings_of_the_same_name_are_likely_matches(one, other):
    assert similarity(match_key(one), match_key(other)) >= LIKELY


@pytest.mark.parametrize(("one", "other"), DIFFERENT_PEOPLE)
def test_different_names_are_not_likely_matches(one, other):
    assert similarity(match_key(one), match_key(other)) < LIKELY


def test_match_key_folds_case_accents_particles_variants_and_order():
    assert match_key("Mohamed Al-Hassan") == "hasan muhammad"
    assert match_key("Dr. Zoë  van der Berg") == "berg zoe"


def test_match_key_of_only_particles_keeps_them():
    assert match_key("Al") == "al"


def _add(user, name, **facts):
    return services.create_speaker(
        acting_user=user, facts=services.SpeakerFacts(name=name, **facts)
    )


@pytest.mark.django_db
def test_search_ranks_the_closest_name_first(personas):
    target = _add(personas.organiser, "Muhammad al-Hasan")
    _add(personas.organiser, "Muhammad Hasanov")
    _add(personas.organiser, "Jane Example")
    results = selectors.search(visible=EVERY_SPEAKER, query="Mohamed Al Hassan")
    assert results[0].speaker == target
    assert results[0].score == 1.0
    assert "Jane Example" not in [m.speaker.name for m in results]


@pytest.mark.django_db
def test_search_finds_a_speaker_by_an_other_name_and_by_part_of_the_name(personas):
    speaker = _add(personas.organiser, "Cat Stevens", other_names=["Yusuf Islam"])
    assert [m.speaker for m in selectors.search(visible=EVERY_SPEAKER, query="yousef islam")] == [
        speaker
    ]
    assert selectors.search(visible=EVERY_SPEAKER, query="Stevens")[0].speaker == speaker


@pytest.mark.django_db
def test_search_tolerates_a_typo(personas):
    speaker = _add(personas.organiser, "Chimamanda Ngozi Adichie")
    assert selectors.search(visible=EVERY_SPEAKER, query="Chimamanda Adichei")[0].speaker == speaker


@pytest.mark.django_db
def test_likely_duplicates_leave_out_merged_records_and_the_record_itself(personas, institution):
    from podium.accounts.roles import Role
    from podium.testing.factories import make_person_with_role

    reviewer = make_person_with_role(Role.PREVENT_LEAD, institution)
    one = _add(reviewer, "Muhammad al-Hasan")
    two = _add(reviewer, "Mohammed Al Hasan")
    assert [
        m.speaker
        for m in selectors.likely_duplicates(visible=EVERY_SPEAKER, name=one.name, exclude=[one.pk])
    ] == [two]
    services.merge_speakers(acting_user=reviewer, survivor=one, merged=two, reason="Same person.")
    assert selectors.likely_duplicates(visible=EVERY_SPEAKER, name=one.name, exclude=[one.pk]) == []
