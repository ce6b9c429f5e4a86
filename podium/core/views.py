"""Pages that belong to no one app: accessibility statement, errors. (The home
page is the `home` app's.)"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A readable page when a form is sent without a valid CSRF token (usually an
    old tab, or cookies blocked)."""
    return HttpResponseForbidden(render_to_string("csrf_failure.html", request=request))


def bench_noop(request: HttpRequest) -> HttpResponse:
    """The Django floor for `make bench`: routing and middleware, no work. Only
    mounted when PODIUM_BENCH is on."""
    return HttpResponse(b"ok", content_type="text/plain")
