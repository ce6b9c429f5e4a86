"""The inbox page (its URL is `events:inbox`, /events/inbox/, where people have
always found it) and its one action, "Mark these as read" (`events:inbox-read`)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from podium.core.http import AuthenticatedHttpRequest
from podium.notify import selectors, services


@require_GET
@login_required
def inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A page of the person's messages. Seeing them changes nothing: they are
    marked read only by the explicit POST below."""
    after, before = request.GET.get("after"), request.GET.get("before")
    page = selectors.inbox(user=request.user, after=after, before=before)
    unread = [m.pk for m in page.items if m.read_at is None]
    return render(
        request,
        "notify/inbox.html",
        {"page": page, "unread": unread, "after": after or "", "before": before or ""},
    )


@require_POST
@login_required
def inbox_read(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Mark the messages the person was shown read (their own only), then back to
    the same page of the inbox."""
    ids = [int(value) for value in request.POST.getlist("message") if value.isdigit()]
    if services.mark_read(user=request.user, message_ids=ids):
        messages.success(request, "Marked as read.")
    cursor = {
        key: request.POST[key] for key in ("after", "before") if request.POST.get(key, "").strip()
    }
    url = reverse("events:inbox")
    return HttpResponseRedirect(f"{url}?{urlencode(cursor)}" if cursor else url)
