"""`podium demo` and `podium seed`. The demo is run once for the module (it is the
suite's costliest command): each test reads what it made, or runs it again, inside
its own savepoint (podium/testing/module_rows.py), so every test starts from the
demo's rows exactly as that one run left them."""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO

import pytest
from django.core.management import call_command

from podium.accounts.demo import PERSONAS
from podium.accounts.models import OrgUnit, RoleAssignment, User
from podium.testing.module_rows import kept_for_the_module
from podium.training.briefings.demo import STUDENTS

# Besides one person per role, the demo has the student organisers of the briefing.
BRIEFING_STUDENTS = {local for local, *_ in STUDENTS}


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.fixture(scope="module")
def _first_run(django_db_setup, django_db_blocker) -> Iterator[str]:
    with kept_for_the_module(django_db_blocker):
        with django_db_blocker.unblock():
            output = run("demo", "--password", "demo-pass-123")
        yield output


@pytest.fixture
def first_run(_first_run: str, db) -> str:
    """What the module's one `podium demo --password demo-pass-123` printed."""
    return _first_run


def test_demo_creates_one_person_per_role_and_prints_how_to_sign_in(first_run):
    assert "admin@example.ac.uk" in first_run
    assert "Password: demo-pass-123" in first_run
    assert User.objects.count() == len(PERSONAS) + len(BRIEFING_STUDENTS)
    assert OrgUnit.objects.get(parent=None).name == "University of Exampleshire"
    assert User.objects.get(email="prevent.lead@example.ac.uk").check_password("demo-pass-123")


def test_demo_is_idempotent(first_run):
    counts = (User.objects.count(), OrgUnit.objects.count(), RoleAssignment.objects.count())
    run("demo", "--password", "second-pass-123")
    assert (User.objects.count(), OrgUnit.objects.count(), RoleAssignment.objects.count()) == counts
    assert User.objects.get(email="admin@example.ac.uk").check_password("second-pass-123")


def test_demo_addresses_are_the_ones_later_work_relies_on(first_run):
    expected = {
        "admin",
        "organiser",
        "student.organiser",
        "su.events",
        "events.officer",
        "prevent.lead",
        "free.speech",
        "security",
        "panel",
        "appeals",
        "safeguarding",
        "dpo",
        "research",
        "training",
        "manager",
        "governor",
        "auditor",
        *BRIEFING_STUDENTS,
    }
    assert {
        email.split("@")[0] for email in User.objects.values_list("email", flat=True)
    } == expected


def test_demo_generates_a_password_when_none_is_given(first_run, monkeypatch):
    monkeypatch.delenv("PODIUM_DEMO_PASSWORD", raising=False)
    output = run("demo", "--password", "")
    password = output.rsplit("Password: ", 1)[1].strip()
    assert len(password) >= 12
    assert password != "demo-pass-123"
    assert User.objects.get(email="admin@example.ac.uk").check_password(password)


def test_seed_adds_people_who_cannot_sign_in(first_run):
    before = User.objects.count()
    assert "Seeded 120 people." in run("seed", "--scale", "120")
    assert User.objects.count() == before + 120
    seeded = User.objects.filter(email__endswith="@seed.example.ac.uk")
    assert not any(person.has_usable_password() for person in seeded[:5])
    assert RoleAssignment.objects.filter(user__in=seeded).count() == 120
    from podium.audit.verify import verify_chain

    assert verify_chain().intact  # seeded entries chain like any others


def test_the_demo_log_is_pruned_behind_an_anchor_and_verifies_from_it(first_run):
    from podium.audit.models import AuditAnchor, AuditEntry
    from podium.audit.tests.test_chain import verify_output

    anchor = AuditAnchor.objects.get()
    assert f"The audit log's entries up to {anchor.sequence} were pruned" in first_run
    assert not AuditEntry.objects.filter(sequence__lte=anchor.sequence).exists()
    assert not AuditEntry.objects.filter(action="privacy.demo.earlier_entry").exists()
    code, verified = verify_output()
    assert code == 0, verified
    assert f"The entries up to {anchor.sequence} were pruned on" in verified
    run("demo", "--password", "demo-pass-123")  # again: nothing more to prune
    assert AuditAnchor.objects.count() == 1
    assert verify_output()[0] == 0
