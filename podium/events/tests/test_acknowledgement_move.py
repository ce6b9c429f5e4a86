"""The acknowledgement model moved from the speaker register to events by state-only
migrations: the table and every row stay, backwards and forwards."""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from podium.events.speakers import acknowledgements
from podium.events.speakers.models import Acknowledgement
from podium.speakers import services as register
from podium.testing.events import make_request

BEFORE = [
    ("events", "0005_eventspeaker_speaker"),
    ("speakers", "0002_trigram_index_and_sources"),
]


def _rows() -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, request_id, speaker_id, email, status FROM speakers_acknowledgement"
        )
        return sorted(cursor.fetchall())


@pytest.mark.django_db(transaction=True)
def test_acknowledgement_rows_survive_the_move_both_ways(personas, faculty):
    register.publish_code_of_conduct(acting_user=personas.admin, text="Be civil.")
    request = make_request(organiser=personas.organiser, unit=faculty)
    speaker = request.speakers.get().speaker
    assert speaker is not None
    ack = acknowledgements.send_acknowledgement(
        acting_user=personas.organiser,
        event_request=request,
        speaker=speaker,
        email="jane@example.org",
    )
    ContentType.objects.get_for_model(Acknowledgement)
    rows = _rows()
    assert len(rows) == 1

    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    assert _rows() == rows
    state = executor.loader.project_state(BEFORE).apps
    assert state.get_model("speakers", "Acknowledgement").objects.get().email == "jane@example.org"
    assert ContentType.objects.filter(app_label="speakers", model="acknowledgement").exists()

    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert _rows() == rows
    assert Acknowledgement.objects.get() == ack
    assert ContentType.objects.filter(app_label="events", model="acknowledgement").exists()
    assert not ContentType.objects.filter(app_label="speakers", model="acknowledgement").exists()
