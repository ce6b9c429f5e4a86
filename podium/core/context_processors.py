from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from podium.core.navigation import NavItem, NavMenu, menus_for


def navigation(request: HttpRequest) -> dict[str, object]:
    """`nav_entries`: (entry, is it current, the menu's items with theirs or None)."""
    entries: list[NavItem | NavMenu] = menus_for(request.user) if hasattr(request, "user") else []
    path = request.path
    return {
        "nav_entries": [
            (
                entry,
                entry.is_current(path),
                [(item, item.is_current(path)) for item in entry.items]
                if isinstance(entry, NavMenu)
                else None,
            )
            for entry in entries
        ],
        "institution_name": settings.PODIUM_INSTITUTION_NAME,
    }
