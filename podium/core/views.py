"""Pages that belong to no one app: accessibility statement, errors. (The home
page is the `home` app's.)"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseForbidden
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.views.decorators.http import require_GET, require_safe


@require_GET
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "core/accessibility.html")


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """Clients that ask for /favicon.ico whatever the page names (feed readers, link
    checkers) are sent to the icon rather than a 404."""
    return redirect(static("podium/img/favicon.svg"), permanent=True)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A readable page when a form is sent without a valid CSRF token (usually an
    old tab, or cookies blocked)."""
    return HttpResponseForbidden(render_to_string("csrf_failure.html", request=request))


def bench_noop(request: HttpRequest) -> HttpResponse:
    """The Django floor for `make bench`: routing and middleware, no work. Only
    mounted when PODIUM_BENCH is on."""
    return HttpResponse(b"ok", content_type="text/plain")


def bench_page(request: HttpRequest) -> HttpResponse:
    """The signed-in floor for `make bench` and `bench/floor.py`: the base template
    with nothing in it (session, user, roles, navigation, context processors). Only
    mounted when PODIUM_BENCH is on."""
    return render(request, "core/bench_page.html")
