from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from podium.core.navigation import navigation_html


def navigation(request: HttpRequest) -> dict[str, object]:
    """`navigation`: the main navigation's markup for the person on this page (drawn
    only when a template shows it; kept across requests, `navigation_html`)."""
    user = getattr(request, "user", None)
    return {
        "navigation": SimpleLazyObject(lambda: navigation_html(user, request.path))
        if user is not None
        else "",
        "institution_name": settings.PODIUM_INSTITUTION_NAME,
    }
