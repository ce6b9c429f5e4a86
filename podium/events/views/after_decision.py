"""After the decision: cancellation, conditions, the post-event report, incidents."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from podium.core.errors import DomainError
from podium.core.forms import submit_form
from podium.core.http import AuthenticatedHttpRequest
from podium.events import access, forms, lifecycle, services
from podium.events.models import (
    Condition,
)
from podium.events.views.base import _action, _detail_url


@login_required
@require_http_methods(["GET", "POST"])
def request_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        forms.ReasonForm,
        lambda event_request, data: services.cancel_event(
            acting_user=request.user,
            event_request=event_request,
            reason=data["reason"],
            expected_version=data["version"] or None,
        ),
        template="events/request_action.html",
        success="Event cancelled. The organiser and security have been told.",
        title="Cancel this event",
        allowed=access.may_cancel,
        submit="Cancel the event",
        refusal=lifecycle.cancel_refusal,
    )


# --- After the decision ------------------------------------------------------------


def _condition_or_404(request: AuthenticatedHttpRequest, pk: int) -> Condition:
    condition = get_object_or_404(Condition.objects.select_related("decision"), pk=pk)
    access.get_request_or_404(request.user, condition.decision.request_id)
    return condition


@login_required
@require_POST
def condition_confirm(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    condition = _condition_or_404(request, pk)
    if not access.may_confirm_conditions(request.user, condition.decision.request):
        raise PermissionDenied
    form = forms.ConfirmConditionForm(request.POST)
    form.is_valid()
    try:
        services.confirm_condition(
            acting_user=request.user, condition=condition, note=form.cleaned_data.get("note", "")
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Confirmed in place: {condition.text}.")
    return redirect("events:request-detail", pk=condition.decision.request_id)


@login_required
@require_http_methods(["GET", "POST"])
def condition_review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    condition = _condition_or_404(request, pk)
    event_request = condition.decision.request
    if not access.is_reviewer_of(request.user, event_request):
        raise PermissionDenied
    done, form = submit_form(
        request,
        forms.ReviewConditionForm(request.POST or None),
        lambda data: services.review_condition(
            acting_user=request.user,
            condition=condition,
            review=data["review"],
            note=data["note"],
        ),
        success="Condition reviewed.",
        to=_detail_url(event_request),
    )
    return done or render(
        request,
        "events/request_action.html",
        {
            "event": event_request,
            "form": form,
            "title": f"Review the condition: {condition.text}",
            "submit_label": "Save the review",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_report(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        forms.PostEventReportForm,
        lambda event_request, data: services.report_after_event(
            acting_user=request.user,
            event_request=event_request,
            went_ahead=data["went_ahead"] == "yes",
            attendance=data["attendance"],
            conditions_met=data["conditions_met"],
            incidents=data["incidents"],
            notes=data["notes"],
        ),
        template="events/request_action.html",
        success="Post-event report saved. Thank you.",
        title="Report on the event",
        allowed=access.is_organiser,
        submit="Send the report",
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_incident(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        forms.IncidentForm,
        lambda event_request, data: services.record_incident(
            acting_user=request.user,
            event_request=event_request,
            occurred_at=data["occurred_at"],
            severity=data["severity"],
            description=data["description"],
        ),
        template="events/request_action.html",
        success="Incident recorded.",
        title="Log an incident",
        allowed=access.may_record_incident,
        submit="Log the incident",
    )
