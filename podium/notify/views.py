"""The inbox page (its URL is `events:inbox`, /events/inbox/, where people have
always found it)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from podium.core.http import AuthenticatedHttpRequest
from podium.notify import selectors, services


@require_GET
@login_required
def inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = selectors.inbox(
        user=request.user, after=request.GET.get("after"), before=request.GET.get("before")
    )
    response = render(request, "notify/inbox.html", {"page": page})
    services.mark_read(user=request.user, messages=page.items)
    return response
