"""Helpers every events page shares: the request's version, the units a person
may request events for, the organiser's own request, and the one-form action."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse

from podium.accounts import permissions
from podium.accounts.models import OrgUnit, User
from podium.accounts.roles import Capability
from podium.core.forms import submit_form
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


def _version(event_request: EventRequest) -> str:
    return version_of(event_request, VERSION_FIELDS)


def _requesting_units(user: Any) -> QuerySet[OrgUnit]:
    return permissions.units_where(user, Capability.REQUEST_EVENTS).filter(is_active=True)


def _own_draft(request: AuthenticatedHttpRequest, pk: int) -> EventRequest:
    event_request = access.get_request_or_404(request.user, pk)
    if not access.is_organiser(request.user, event_request):
        raise PermissionDenied
    return event_request


def _detail_url(event_request: EventRequest) -> str:
    return reverse("events:request-detail", args=[event_request.pk])


def _action(
    request: AuthenticatedHttpRequest,
    pk: int,
    form_class: type[Any],
    perform: Callable[[EventRequest, dict[str, Any]], Any],
    *,
    template: str,
    success: str,
    title: str,
    allowed: Callable[[User, EventRequest], bool],
    submit: str = "Continue",
    refusal: Callable[[EventRequest], str | None] | None = None,
) -> HttpResponse:
    """A one-form action on a request: a page with the form (GET), and its POST
    (`core.forms.submit_form`). `allowed` is the `access` predicate saying whether this
    person may take the action at all (403 if not); the service checks it again, and
    the request's state. `refusal`, if given, says why the request's state does not
    allow the action now: the page then shows that instead of the form, and a POST
    changes nothing."""
    event_request = access.get_request_or_404(request.user, pk)
    if not allowed(request.user, event_request):
        raise PermissionDenied
    refused = refusal(event_request) if refusal is not None else None
    if refused is not None:
        return render(
            request, template, {"event": event_request, "title": title, "refusal": refused}
        )
    form = form_class(request.POST or None, initial={"version": _version(event_request)})
    done, form = submit_form(
        request,
        form,
        lambda data: perform(event_request, data),
        success=success,
        to=_detail_url(event_request),
    )
    return done or render(
        request,
        template,
        {"event": event_request, "form": form, "title": title, "submit_label": submit},
    )
