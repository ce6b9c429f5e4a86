from datetime import date

import pytest
import time_machine

from podium.audit.models import AuditEntry
from podium.testing.api import ApiClient, token_for
from podium.testing.training import complete, make_course, make_group, make_requirement, make_staff
from podium.training.models import Completion

TODAY = date(2026, 3, 2)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def world(personas, faculty):
    group = make_group("Security")
    course = make_course("Prevent awareness", code="HO-AWARE")
    make_requirement(course, group)
    sam = make_staff("S1", faculty, name="Sam Guard", group=group)
    complete(sam, course, date(2025, 1, 6))
    make_staff("S2", faculty, name="Pat Porter", group=group)
    return {"course": course, "sam": sam}


def test_staff_and_their_status(personas, world):
    api = ApiClient(token_for(personas.auditor))
    listing = api.get("/api/v1/training/staff").json()
    assert [s["staff_number"] for s in listing["items"]] == ["S2", "S1"]
    sam = api.get(f"/api/v1/training/staff/{world['sam'].pk}").json()
    assert sam["statuses"] == [
        {
            "course": "Prevent awareness",
            "course_code": "HO-AWARE",
            "status": "compliant",
            "last_completed_on": "2025-01-06",
            "due_on": "2027-01-06",
        }
    ]


def test_one_completion(personas, world):
    api = ApiClient(token_for(personas.admin))
    answer = api.post(
        "/api/v1/training/completions",
        {"staff_number": "S2", "course": "ho-aware", "completed_on": "02/03/2026"},
    )
    assert answer.status_code == 201, answer.content
    assert answer.json()["completed_on"] == "2026-03-02"
    again = api.post(
        "/api/v1/training/completions",
        {"staff_number": "S2", "course": "HO-AWARE", "completed_on": "2026-03-02"},
    )
    assert again.status_code == 400
    assert again.json()["errors"] == [
        {"field": "completed_on", "message": "This completion is already recorded for that day."}
    ]


def test_bulk_completions_are_all_or_nothing_with_every_error(personas, world):
    api = ApiClient(token_for(personas.admin))
    rows = [
        {"staff_number": "S2", "course": "HO-AWARE", "completed_on": "2026-01-05"},
        {"staff_number": "S9", "course": "HO-AWARE", "completed_on": "2026-01-05"},
        {"staff_number": "S2", "course": "HO-AWARE", "completed_on": "2027-01-05"},
        {"staff_number": "S1", "course": "HO-AWARE", "completed_on": "2025-01-06"},
    ]
    answer = api.post("/api/v1/training/completions/bulk", {"rows": rows})
    assert answer.status_code == 400
    assert answer.json()["errors"] == [
        {"field": "rows.1.staff_number", "message": "Unknown staff number “S9”."},
        {"field": "rows.2.completed_on", "message": "The completion date is in the future."},
        {"field": "rows.3.completed_on", "message": "Duplicate: already recorded."},
    ]
    assert Completion.objects.count() == 1
    answer = api.post("/api/v1/training/completions/bulk", {"rows": rows[:1]})
    assert answer.status_code == 201
    assert answer.json() == {"rows": 1, "created": 1}
    entry = AuditEntry.objects.filter(action="training.completions.recorded").get()
    assert entry.data == {"rows": 1, "created": 1, "source": "api"}


def test_nul_characters_are_answered_not_crashed(personas, world):
    api = ApiClient(token_for(personas.admin))
    assert api.get("/api/v1/training/staff", {"q": "S\x001"}).status_code == 200
    answer = api.post(
        "/api/v1/training/completions",
        {"staff_number": "S\x001", "course": "HO-AWARE", "completed_on": "2026-01-05"},
    )
    assert answer.status_code == 400
