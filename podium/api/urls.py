"""`/api/tokens/…` (pages, session and CSRF as everywhere) and how `/api/v1/…` is
mounted (the API: bearer tokens only, which is why it alone is exempt from CSRF).
The API itself is assembled in `config/api.py`; `config/urls.py` mounts it with
`mounted(api)`."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from io import BytesIO
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, path
from django.views.decorators.http import require_GET
from ninja import NinjaAPI

from podium.api import services, views
from podium.api.kit import BODY_LIMIT_KEY, body_limit, errors_response

app_name = "api"


def attributed(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Note every request a token authenticated on that token's `last_used_at`
    (at most once a minute; `services.note_token_use`), whatever the answer."""

    @wraps(view)  # keeps django-ninja's csrf_exempt flag
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        token = getattr(request, "api_token", None)
        if token is not None:
            services.note_token_use(token=token)
        return response

    return wrapper


def bounded(view: Callable[..., HttpResponse], documented: int) -> Callable[..., HttpResponse]:
    """Refuse a body over the limit (Django's DATA_UPLOAD_MAX_MEMORY_SIZE, or the
    larger one an operation `documented`) with the API's JSON error, 413, before it
    is read; Django's own check would answer an HTML 400. A body over Django's limit
    but within the documented one is read here, where its size is known to be allowed."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        limit = max(documented, body_limit())
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads no body then
        if length > limit:
            return errors_response(
                413, [(None, f"The request body is larger than {limit:,} bytes.")]
            )
        if length > body_limit():
            # HttpRequest.body enforces the site-wide limit; this operation allows more.
            request._body = request.read(length)
            request._stream = BytesIO(request._body)  # as HttpRequest.body does
        return view(request, *args, **kwargs)

    return wrapper


def _body_limits(api: NinjaAPI) -> dict[str, int]:
    """URL name -> the largest body its operations document (`kit.large_body`)."""
    limits: dict[str, int] = {}
    for _prefix, router in api._routers:  # django-ninja keeps them here
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                extra = operation.openapi_extra or {}
                if BODY_LIMIT_KEY in extra and operation.url_name:
                    limits[operation.url_name] = max(
                        limits.get(operation.url_name, 0), int(extra[BODY_LIMIT_KEY])
                    )
    return limits


def mounted(api: NinjaAPI) -> tuple[list[URLPattern | URLResolver], str, str]:
    """`api`'s URL patterns, each attributed to its token and with bounded bodies."""
    patterns, app, namespace = api.urls
    limits = _body_limits(api)
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
            documented = limits.get(pattern.name or "", 0)
            pattern.callback = attributed(bounded(pattern.callback, documented))
            unique.append(pattern)
    return unique, app, namespace


urlpatterns = [
    path("tokens/", views.token_list, name="token-list"),
    path("tokens/new/", views.token_create, name="token-create"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token-revoke"),
    path("v1/docs/", views.docs, name="docs"),
]
