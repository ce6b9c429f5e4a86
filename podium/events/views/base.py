"""Helpers every events page shares: the request's version, the units a person
may request events for, the organiser's own request, and the one-form action."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render

from podium.accounts import permissions
from podium.accounts.models import OrgUnit
from podium.accounts.roles import Capability
from podium.core.errors import DomainError
from podium.core.http import AuthenticatedHttpRequest
from podium.core.versioning import version_of
from podium.events import access
from podium.events.models import (
    EventRequest,
)
from podium.events.services import VERSION_FIELDS

STEPS = [
    ("about", "About the event"),
    ("when-where", "When and where"),
    ("audience", "Audience"),
    ("speakers", "Speakers"),
    ("screening", "Screening questions"),
]
STEP_NAMES = [name for name, _ in STEPS]


def _version(request: EventRequest) -> str:
    return version_of(request, VERSION_FIELDS)


def _requesting_units(user: Any) -> QuerySet[OrgUnit]:
    return permissions.units_where(user, Capability.REQUEST_EVENTS).filter(is_active=True)


def _own_draft(request: AuthenticatedHttpRequest, pk: int) -> EventRequest:
    event = access.get_request_or_404(request.user, pk)
    if event.organiser_id != request.user.pk:
        raise PermissionDenied
    return event


def _action(
    request: AuthenticatedHttpRequest,
    pk: int,
    form_class: type[Any],
    perform: Callable[[EventRequest, dict[str, Any]], Any],
    *,
    template: str,
    success: str,
    title: str,
    allowed: Callable[[EventRequest], bool],
    submit: str = "Continue",
) -> HttpResponse:
    """A one-form action on a request: a page with the form (GET), and its POST.
    `allowed` says whether this person may take the action at all (403 if not);
    the service still checks the request's state."""
    event = access.get_request_or_404(request.user, pk)
    if not allowed(event):
        raise PermissionDenied
    form = form_class(request.POST or None, initial={"version": _version(event)})
    if request.method == "POST" and form.is_valid():
        try:
            perform(event, form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, success)
            return redirect("events:request-detail", pk=event.pk)
    return render(
        request, template, {"event": event, "form": form, "title": title, "submit_label": submit}
    )
