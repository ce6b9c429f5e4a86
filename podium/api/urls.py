"""`/api/tokens/…` (pages, session and CSRF as everywhere) and `/api/v1/…` (the
API: bearer tokens only, which is why it alone is exempt from CSRF)."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, path
from django.views.decorators.http import require_GET

from podium.api import services, views
from podium.api.v1 import api

app_name = "api"


def attributed(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Attribute every request a token authenticated to that token: one audit
    entry (method, path, status) and `last_used_at`, whatever the answer."""

    @wraps(view)  # keeps django-ninja's csrf_exempt flag
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        token = getattr(request, "api_token", None)
        if token is not None:
            services.note_token_use(
                token=token,
                method=request.method or "",
                path=request.path,
                status=response.status_code,
            )
        return response

    return wrapper


def _v1_patterns() -> tuple[list[URLPattern | URLResolver], str, str]:
    patterns, app, namespace = api.urls
    unique: list[URLPattern | URLResolver] = []
    seen = set()
    for pattern in patterns:
        # django-ninja adds one pattern per operation; GET and POST on one path
        # share a view and a name, so one pattern per path is enough.
        if isinstance(pattern, URLPattern) and (str(pattern.pattern), pattern.name) not in seen:
            seen.add((str(pattern.pattern), pattern.name))
            if pattern.name in {"openapi-json", "api-root"}:
                # Plain views that would answer any method; they only read.
                pattern.callback = require_GET(pattern.callback)
            pattern.callback = attributed(pattern.callback)
            unique.append(pattern)
    return unique, app, namespace


urlpatterns = [
    path("tokens/", views.token_list, name="token-list"),
    path("tokens/new/", views.token_create, name="token-create"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token-revoke"),
    path("v1/docs/", views.docs, name="docs"),
]

# Mounted by config/urls.py beside this module's own patterns, under its own namespace.
v1_urls = _v1_patterns()
