"""Small middleware of Podium's own."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
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
