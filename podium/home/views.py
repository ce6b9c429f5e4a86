"""The home page: what waits for the signed-in person, from every app's panels."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import get_template
from django.urls import reverse
from django.utils.safestring import SafeString
from django.views.decorators.http import require_GET

from podium.core.http import AuthenticatedHttpRequest
from podium.core.navigation import NAVIGATION, NavItem, NavSection
from podium.core.registry import HOME_PANELS, HomeCard, Waiting


@require_GET
@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """What is waiting for the signed-in person ("Waiting for you", every app's
    lines in panel order), the cards with the figures their roles answer for, then
    each app's own sections (e.g. "Your roles")."""
    waiting: list[Waiting] = []
    cards: list[HomeCard] = []
    sections: list[SafeString] = []
    for panel in HOME_PANELS:
        if panel.waiting is not None:
            waiting += panel.waiting(request.user)
        if panel.cards is not None:
            cards += panel.cards(request.user)
        if panel.template:
            context = dict(panel.context(request.user)) if panel.context is not None else {}
            sections.append(
                SafeString(get_template(panel.template).render({"user": request.user, **context}))
            )
    return render(
        request, "home/home.html", {"waiting": waiting, "cards": cards, "sections": sections}
    )


def _home_navigation(user: object) -> list[NavItem]:
    return [NavItem("Home", reverse("core:home"))]


def register() -> None:
    """The first item of the main navigation (called from `HomeConfig.ready()`)."""
    NAVIGATION.add(NavSection("home", 0, _home_navigation))
