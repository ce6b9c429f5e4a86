"""`podium create-administrator` on a new installation (`podium demo` and `podium seed`:
test_demo_command.py)."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from podium.accounts.models import OrgUnit, RoleAssignment, User


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


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
