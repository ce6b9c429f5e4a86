from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from podium.accounts.demo import PERSONAS
from podium.accounts.models import OrgUnit, RoleAssignment, User
from podium.training.briefings.demo import STUDENTS

# Besides one person per role, the demo has the student organisers of the briefing.
BRIEFING_STUDENTS = {local for local, *_ in STUDENTS}


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_demo_creates_one_person_per_role_and_prints_how_to_sign_in(db):
    output = run("demo", "--password", "demo-pass-123")
    assert "admin@example.ac.uk" in output
    assert "Password: demo-pass-123" in output
    assert User.objects.count() == len(PERSONAS) + len(BRIEFING_STUDENTS)
    assert OrgUnit.objects.get(parent=None).name == "University of Exampleshire"
    assert User.objects.get(email="prevent.lead@example.ac.uk").check_password("demo-pass-123")


def test_demo_is_idempotent(db):
    run("demo", "--password", "first-pass-123")
    counts = (User.objects.count(), OrgUnit.objects.count(), RoleAssignment.objects.count())
    run("demo", "--password", "second-pass-123")
    assert (User.objects.count(), OrgUnit.objects.count(), RoleAssignment.objects.count()) == counts
    assert User.objects.get(email="admin@example.ac.uk").check_password("second-pass-123")


def test_demo_addresses_are_the_ones_later_work_relies_on(db):
    run("demo", "--password", "demo-pass-123")
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


def test_demo_generates_a_password_when_none_is_given(db, monkeypatch):
    monkeypatch.delenv("PODIUM_DEMO_PASSWORD", raising=False)
    output = run("demo", "--password", "")
    password = output.rsplit("Password: ", 1)[1].strip()
    assert len(password) >= 12
    assert User.objects.get(email="admin@example.ac.uk").check_password(password)


def test_seed_adds_people_who_cannot_sign_in(db):
    run("demo", "--password", "demo-pass-123")
    before = User.objects.count()
    assert "Seeded 120 people." in run("seed", "--scale", "120")
    assert User.objects.count() == before + 120
    seeded = User.objects.filter(email__endswith="@seed.example.ac.uk")
    assert not any(person.has_usable_password() for person in seeded[:5])
    assert RoleAssignment.objects.filter(user__in=seeded).count() == 120
    from podium.audit.verify import verify_chain

    assert verify_chain().intact  # seeded entries chain like any others


def test_create_administrator_on_a_new_installation(db, monkeypatch):
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO("a strong first passphrase\n"))
    output = run(
        "create-administrator",
        "--email",
        "Root@Uni.ac.uk",
        "--name",
        "Ro Ot",
        "--institution",
        "University of Newtown",
        "--password-stdin",
    )
    assert (
        output.strip()
        == "root@uni.ac.uk is now Administrator for University of Newtown. Sign in at /accounts/sign-in/."
    )
    user = User.objects.get(email="root@uni.ac.uk")
    assert user.check_password("a strong first passphrase")
    assert RoleAssignment.objects.get(user=user).unit.name == "University of Newtown"


def test_create_administrator_refuses_a_weak_password(db, monkeypatch):
    import io

    import pytest
    from django.core.management.base import CommandError

    monkeypatch.setattr("sys.stdin", io.StringIO("password\n"))
    with pytest.raises(CommandError, match="This password is too short"):
        run(
            "create-administrator",
            "--email",
            "a@uni.ac.uk",
            "--name",
            "A",
            "--institution",
            "U",
            "--password-stdin",
        )
    assert not User.objects.exists()
    assert not OrgUnit.objects.exists()


def test_the_demo_log_is_pruned_behind_an_anchor_and_verifies_from_it(db):
    from podium.audit.models import AuditAnchor, AuditEntry
    from podium.audit.tests.test_chain import verify_output

    output = run("demo", "--password", "demo-pass-123")
    anchor = AuditAnchor.objects.get()
    assert f"The audit log's entries up to {anchor.sequence} were pruned" in output
    assert not AuditEntry.objects.filter(sequence__lte=anchor.sequence).exists()
    assert not AuditEntry.objects.filter(action="privacy.demo.earlier_entry").exists()
    code, verified = verify_output()
    assert code == 0, verified
    assert f"The entries up to {anchor.sequence} were pruned on" in verified
    run("demo", "--password", "demo-pass-123")  # again: nothing more to prune
    assert AuditAnchor.objects.count() == 1
    assert verify_output()[0] == 0
