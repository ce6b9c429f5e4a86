"""Small helpers for the words pages show."""

from __future__ import annotations


def plural(count: int, word: str, many: str = "") -> str:
    """ "1 request", "3 requests"; `many` for a word that does not just add "s"
    ("breaches")."""
    return f"{count} {word if count == 1 else (many or word + 's')}"
