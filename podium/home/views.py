"""The home page: what waits for the signed-in person, from every app's panels."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from podium.core.http import AuthenticatedHttpRequest
from podium.core.navigation import NAVIGATION, NavItem, NavSection
from podium.home.selectors import panels_html


@require_GET
@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """What is waiting for the signed-in person ("Waiting for you", every app's
    lines in panel order), the cards with the figures their roles answer for, then
    each app's own sections (e.g. "Your roles")."""
    return render(request, "home/home.html", {"panels": panels_html(request.user)})


def _home_navigation(user: object) -> list[NavItem]:
    return [NavItem("Home", reverse("core:home"))]


def register() -> None:
    """The first item of the main navigation (called from `HomeConfig.ready()`)."""
    NAVIGATION.add(NavSection("home", 0, _home_navigation))
