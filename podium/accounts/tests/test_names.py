"""The name Podium greets a person by (issue 14: "Hello, Dr")."""

import pytest

from podium.accounts.models import User


@pytest.mark.parametrize(
    ("full_name", "greeting"),
    [
        ("Priya Natarajan", "Priya"),
        ("Dr Priya Natarajan", "Priya"),
        ("Prof. Helen Carter", "Helen"),
        ("Dame Mary Beard", "Mary"),
        ("The Revd Canon Jo Bloggs", "Jo"),
        ("Lord Doe of Town", "Doe"),
        ("Rev. Canon Jo Bloggs", "Jo"),
        ("Dr Okafor", "Dr Okafor"),  # a title and a surname: the whole name, not "Dr"
        ("Dr", "Dr"),
        ("Madonna", "Madonna"),
        ("", "someone@example.ac.uk"),
    ],
)
def test_a_greeting_uses_the_given_name_and_never_a_title_alone(
    full_name: str, greeting: str
) -> None:
    user = User(email="someone@example.ac.uk", full_name=full_name)
    assert user.get_short_name() == greeting
