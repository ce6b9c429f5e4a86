"""Pages that belong to no one app: home, accessibility statement, errors."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from podium.accounts import selectors as accounts_selectors
from podium.events import selectors as events_selectors


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    """What is waiting for the signed-in person. Each app adds its queue here as
    it arrives; until then the page says plainly that nothing waits."""
    return render(
        request,
        "core/home.html",
        {
            "role_summary": accounts_selectors.role_summary(user=request.user),
            "events": events_selectors.home_summary(user=request.user),
        },
    )


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
