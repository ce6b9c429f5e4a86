"""The navigation each person sees, from what they may do.

`core` knows no app's pages: each app adds a `NavSection` to `NAVIGATION` in its
`AppConfig.ready()`, and the sections are shown in `order` (see README.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from podium.core.registry import Registry

if TYPE_CHECKING:
    # The placeholders django-stubs refines to settings.AUTH_USER_MODEL: core
    # names the user model without importing the app that defines it.
    from django.contrib.auth.models import _AnyUser, _User


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    count: int | None = None  # shown beside the label, e.g. how many wait
    count_label: str = "waiting"  # read after the count by screen readers

    def is_current(self, path: str) -> bool:
        return path == self.url if self.url == "/" else path.startswith(self.url)


@dataclass(frozen=True)
class NavSection:
    """Items of the main navigation for a signed-in person (often none)."""

    name: str
    order: int
    items: Callable[[_User], list[NavItem]]


NAVIGATION: Registry[NavSection] = Registry("navigation sections")


def navigation_for(user: _AnyUser) -> list[NavItem]:
    if not user.is_authenticated:
        return []
    items: list[NavItem] = []
    for section in NAVIGATION:
        items += section.items(user)
    return items
