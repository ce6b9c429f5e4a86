from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest


def session_limits(request: HttpRequest) -> dict[str, object]:
    """The session limits, for the pages that state them and the idle warning."""
    return {
        "idle_seconds": settings.PODIUM_SESSION_IDLE_SECONDS,
        "idle_minutes": settings.PODIUM_SESSION_IDLE_SECONDS // 60,
        "absolute_hours": settings.PODIUM_SESSION_ABSOLUTE_SECONDS // 3600,
        "warning_seconds": settings.PODIUM_SESSION_WARNING_SECONDS,
    }
