"""The register's words table (`NameToken`, kept by triggers: tokens.py) equals a
recount of the names' words after every kind of change to a name: added, renamed,
given other names, merged, deleted or anonymised by the retention job, and loaded
in bulk by the seed. On SQLite and PostgreSQL alike."""

from __future__ import annotations

import random
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from podium.accounts.roles import Role
from podium.privacy import services as privacy
from podium.speakers import services, tokens
from podium.speakers.models import NameToken, Speaker, SpeakerName
from podium.speakers.seed import seed_speakers
from podium.testing.factories import make_person_with_role

pytestmark = pytest.mark.django_db


def assert_recounted() -> None:
    expected = tokens.recount(list(SpeakerName.objects.values_list("match_key", flat=True)))
    assert dict(NameToken.objects.values_list("token", "names")) == expected


def add(user, name: str, others: list[str] | None = None) -> Speaker:
    facts = services.SpeakerFacts(name=name, other_names=others or [])
    return services.create_speaker(acting_user=user, facts=facts)


def test_adding_renaming_and_merging_keep_the_words_counted(reviewer):
    one = add(reviewer, "Muhammad al-Hasan", ["Mohamed Hasan Ali"])
    two = add(reviewer, "Mohammed Al Hassan")
    add(reviewer, "Jane Example")
    assert_recounted()
    assert NameToken.objects.get(token="muhammad").names == 3

    services.update_speaker(
        acting_user=reviewer,
        speaker=two,
        facts=services.SpeakerFacts(name="Mohammed Al Hasanov", other_names=["M. Hasanov"]),
    )
    assert_recounted()
    assert NameToken.objects.filter(token="hasanov").exists()

    services.merge_speakers(acting_user=reviewer, survivor=one, merged=two, reason="Same person.")
    assert_recounted()

    services.update_speaker(
        acting_user=reviewer, speaker=one, facts=services.SpeakerFacts(name="Ali", other_names=[])
    )
    assert_recounted()


def test_a_word_leaves_when_the_last_name_holding_it_goes(reviewer):
    speaker = add(reviewer, "Zebedee Quux")
    assert NameToken.objects.filter(token="zebedee").exists()
    services.update_speaker(
        acting_user=reviewer, speaker=speaker, facts=services.SpeakerFacts(name="Jo Quux")
    )
    assert not NameToken.objects.filter(token="zebedee").exists()
    assert NameToken.objects.get(token="quux").names == 1
    assert_recounted()


@pytest.mark.parametrize(
    ("action", "anonymise"), [("delete", []), ("anonymise", ["name", "match_key"])]
)
def test_the_retention_job_deleting_or_anonymising_names_keeps_the_words_counted(
    reviewer, institution, action, anonymise
):
    dpo = make_person_with_role(Role.DATA_PROTECTION_OFFICER, institution, full_name="Rhys Evans")
    old = add(reviewer, "Muhammad al-Hasan", ["Hasan, Muhammad"])
    add(reviewer, "Mohamed Hassan Ali")
    Speaker.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=4000))
    privacy.set_rule(
        acting_user=dpo,
        record_type="speakers.speakername",
        months=120,
        runs_from="speaker__created_at",
        action=action,
        anonymise=anonymise,
    )

    run = privacy.run_retention(acting_user=dpo, dry_run=False)

    assert run.counts["speakers.speakername"]["done"] == 2
    assert_recounted()


def test_a_bulk_seed_and_a_bulk_delete_keep_the_words_counted(reviewer):
    seed_speakers(count=300, rng=random.Random(4))  # noqa: S311 - synthetic data
    assert_recounted()
    SpeakerName.objects.filter(pk__in=SpeakerName.objects.order_by("pk")[:100]).delete()
    assert_recounted()
    SpeakerName.objects.filter(match_key__startswith="a").update(match_key="renamed in bulk")
    assert_recounted()


def test_the_migration_builds_the_table_from_the_names_there(reviewer):
    add(reviewer, "Muhammad al-Hasan", ["Hasan, Muhammad"])
    seed_speakers(count=50, rng=random.Random(5))  # noqa: S311 - synthetic data
    NameToken.objects.all().delete()
    build = tokens.POSTGRESQL_BUILD if connection.vendor == "postgresql" else tokens.SQLITE_BUILD
    with connection.cursor() as cursor:
        for statement in [build] if isinstance(build, str) else build:
            cursor.execute(statement)
    assert_recounted()
