"""The navigation each person sees, from what they may do.

`core` knows no app's pages: each app adds a `NavSection` to `NAVIGATION` in its
`AppConfig.ready()`, and the sections are shown in `order` (see README.md).

An item may name a menu (`NavItem.menu`): the items of one menu, from whichever
apps, are shown together under the menu's name, a disclosure (`<details>`) that
works without JavaScript. The top-level links come first, then the menus in
`MENU_ORDER`; a menu with one item is shown as that item's link.
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
    menu: str = ""  # the menu it sits in (see MENU_ORDER); "" for a top-level link

    def is_current(self, path: str) -> bool:
        return path == self.url if self.url == "/" else path.startswith(self.url)


@dataclass(frozen=True)
class NavSection:
    """Items of the main navigation for a signed-in person (often none)."""

    name: str
    order: int
    items: Callable[[_User], list[NavItem]]


NAVIGATION: Registry[NavSection] = Registry("navigation sections")

# The menus of the main navigation, in the order they are shown: the words people
# look for, not the apps behind them (a menu gathers items of several apps). A menu
# not listed here comes after these, in the order its first item appears.
MENU_ORDER = (
    "Events",
    "Safeguarding",
    "Governance",
    "Data protection",
    "Administration",
)


@dataclass(frozen=True)
class NavMenu:
    """A menu of the main navigation and its items (two or more)."""

    label: str
    items: tuple[NavItem, ...]

    @property
    def count(self) -> int:
        """What waits behind the menu's items, shown on the closed menu."""
        return sum(item.count or 0 for item in self.items)

    def is_current(self, path: str) -> bool:
        return any(item.is_current(path) for item in self.items)


def navigation_for(user: _AnyUser) -> list[NavItem]:
    if not user.is_authenticated:
        return []
    items: list[NavItem] = []
    for section in NAVIGATION:
        items += section.items(user)
    return items


def menus_for(user: _AnyUser) -> list[NavItem | NavMenu]:
    """The main navigation as shown: top-level links, then the menus."""
    top: list[NavItem | NavMenu] = []
    menus: dict[str, list[NavItem]] = {}
    for item in navigation_for(user):
        if item.menu:
            menus.setdefault(item.menu, []).append(item)
        else:
            top.append(item)
    known = {label: i for i, label in enumerate(MENU_ORDER)}
    for label in sorted(menus, key=lambda label: known.get(label, len(known))):
        items = menus[label]
        top.append(items[0] if len(items) == 1 else NavMenu(label, tuple(items)))
    return top
