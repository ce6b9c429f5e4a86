"""Small middleware of Podium's own."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from csp.constants import HEADER
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from podium.core.memo import request_memo


def request_middleware(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Two small rules in one layer, as every layer of middleware is paid on every
    request (docs/performance.md):

    - Refuse a request whose body is larger than PODIUM_MAX_REQUEST_BYTES (413) from
      its Content-Length, before any of it is read: Django's own limit
      (DATA_UPLOAD_MAX_MEMORY_SIZE) leaves out uploaded files, which it spools to
      disk whole. A body without a Content-Length is not read by Django at all. The
      API (`/api/v1/`) refuses smaller bodies itself, in its own JSON error shape
      (`podium.api.urls.bounded`). Placed before any view or
      CsrfViewMiddleware.process_view reads the body.
    - Pages shown to a signed-in person are never stored by a browser or proxy
      (QUALITY.md: `Cache-Control: no-store` when signed in).

    And a page asked for with GET or HEAD is served with the per-request memo open
    (`podium.core.memo`), so figures the navigation and the home page both show are
    counted once."""

    def middleware(request: HttpRequest) -> HttpResponse:
        limit = settings.PODIUM_MAX_REQUEST_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit and not request.path.startswith("/api/v1/"):
            response = render(request, "413.html", {"limit_mb": limit // (1024 * 1024)}, status=413)
        elif request.method in ("GET", "HEAD"):
            with request_memo():
                response = get_response(request)
        else:
            response = get_response(request)
        if request.user.is_authenticated:
            add_never_cache_headers(response)  # no-cache, no-store, must-revalidate, private
        return response

    return middleware


# Per-view CSP changes (django-csp's decorators) set these on a response.
_PER_VIEW_CSP = ("_csp_config", "_csp_update", "_csp_replace", "_csp_exempt")


class ConstantPolicyCSPMiddleware(CSPMiddleware):
    """django-csp, with the header built once. Podium's policy is the same for every
    response (no nonce, no per-view changes), and django-csp builds it again for each
    one, which was about a quarter of the middleware's time (docs/performance.md).
    A response with per-view changes, a request that used a nonce, or a report-only
    policy in the settings goes through django-csp's own path, unchanged."""

    _policy_for: Any = None
    _header = ""

    def _constant_header(self) -> str:
        policy = getattr(settings, "CONTENT_SECURITY_POLICY", None)
        if policy is not self._policy_for:  # settings changed (tests): build again
            self._header = build_policy()
            self._policy_for = policy
        return self._header

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if (
            getattr(request, "_csp_nonce", None) is not None
            or getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
            or (settings.DEBUG and response.status_code in (404, 500))
            or any(hasattr(response, name) for name in _PER_VIEW_CSP)
            or (settings.CONTENT_SECURITY_POLICY or {}).get("EXCLUDE_URL_PREFIXES")
        ):
            return super().process_response(request, response)
        header = self._constant_header()
        if header and HEADER not in response:
            response[HEADER] = header
        # As django-csp does: a nonce asked for after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)  # type: ignore[attr-defined]
        return response
