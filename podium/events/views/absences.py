"""Deputies: a reviewer's absences and who acts for them."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from podium.core.errors import DomainError
from podium.core.forms import submit_form
from podium.core.http import AuthenticatedHttpRequest
from podium.events import access, forms, selectors, services
from podium.events.models import (
    Deputy,
)

# --- Deputies ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def deputies(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A reviewer's absences and who deputises."""
    if not access.names_deputies(request.user):
        raise PermissionDenied

    def add(data: dict[str, Any]) -> Deputy:
        deputy = forms.user_by_email(data["deputy"])
        if deputy is None:
            raise DomainError("No active person has this e-mail address.", field="deputy")
        return services.add_deputy(
            acting_user=request.user,
            deputy=deputy,
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
        )

    done, form = submit_form(
        request,
        forms.DeputyForm(request.POST or None),
        add,
        success=lambda entry: f"{entry.deputy.full_name} will deputise for you.",
        to="events:deputies",
    )
    if done:
        return done
    return render(
        request,
        "events/deputies.html",
        {
            "form": form,
            "today": timezone.localdate(),
            "mine": selectors.deputies_named_by(user=request.user),
            "for_others": selectors.deputising_for(user=request.user),
        },
    )


@login_required
@require_POST
def deputy_end(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(Deputy, pk=pk, reviewer=request.user)
    try:
        services.end_deputy(acting_user=request.user, entry=entry)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Absence ended.")
    return redirect("events:deputies")
