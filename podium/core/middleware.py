"""Small middleware of Podium's own."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers


def private_cache_middleware(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Pages shown to a signed-in person are never stored by a browser or proxy
    (QUALITY.md: `Cache-Control: no-store` when signed in)."""

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        if request.user.is_authenticated:
            add_never_cache_headers(response)  # no-cache, no-store, must-revalidate, private
        return response

    return middleware


def request_size_middleware(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Refuse a request whose body is larger than PODIUM_MAX_REQUEST_BYTES (413) from
    its Content-Length, before any of it is read: Django's own limit
    (DATA_UPLOAD_MAX_MEMORY_SIZE) leaves out uploaded files, which it spools to disk
    whole. A body without a Content-Length is not read by Django at all. The API
    (`/api/v1/`) refuses smaller bodies itself, in its own JSON error shape
    (`podium.api.urls.bounded`)."""

    def middleware(request: HttpRequest) -> HttpResponse:
        limit = settings.PODIUM_MAX_REQUEST_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit and not request.path.startswith("/api/v1/"):
            return render(request, "413.html", {"limit_mb": limit // (1024 * 1024)}, status=413)
        return get_response(request)

    return middleware
