"""Helpers for tests of Prevent concerns."""

from __future__ import annotations

from podium.concerns.models import Ideology, Indicator

# As the migration adds them; a transactional test's flush removes them.
IDEOLOGIES = ["Islamist", "Extreme right-wing", "Mixed, unclear or unstable", "Other"]
INDICATORS = [
    "Expressing support for violence or terrorism",
    "Sharing extremist material online",
    "Isolation or sudden change in behaviour",
]


def ensure_lists() -> None:
    for order, name in enumerate(IDEOLOGIES):
        Ideology.objects.get_or_create(name=name, defaults={"order": order})
    for name in INDICATORS:
        Indicator.objects.get_or_create(name=name)
