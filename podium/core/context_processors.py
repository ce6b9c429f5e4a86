from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from podium.core.navigation import NavItem, navigation_for


def navigation(request: HttpRequest) -> dict[str, object]:
    items: list[NavItem] = navigation_for(request.user) if hasattr(request, "user") else []
    return {
        "nav_items": [(item, item.is_current(request.path)) for item in items],
        "institution_name": settings.PODIUM_INSTITUTION_NAME,
    }
