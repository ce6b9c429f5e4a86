"""Deputies: a reviewer's absences and who acts for them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from podium.core.errors import DomainError
from podium.core.http import AuthenticatedHttpRequest
from podium.events import access, forms, services
from podium.events.models import (
    Deputy,
)

# --- Deputies ----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def deputies(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A reviewer's absences and who deputises."""
    if not access.acting_assignments(request.user):
        raise PermissionDenied
    form = forms.DeputyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        deputy = forms.user_by_email(form.cleaned_data["deputy"])
        if deputy is None:
            form.add_error("deputy", "No active person has this e-mail address.")
        else:
            try:
                services.add_deputy(
                    acting_user=request.user,
                    deputy=deputy,
                    starts_on=form.cleaned_data["starts_on"],
                    ends_on=form.cleaned_data["ends_on"],
                )
            except DomainError as error:
                form.add_domain_error(error)
            else:
                messages.success(request, f"{deputy.full_name} will deputise for you.")
                return redirect("events:deputies")
    return render(
        request,
        "events/deputies.html",
        {
            "form": form,
            "today": timezone.localdate(),
            "mine": Deputy.objects.filter(reviewer=request.user).select_related("deputy")[:50],
            "for_others": Deputy.objects.filter(deputy=request.user).select_related("reviewer")[
                :50
            ],
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
