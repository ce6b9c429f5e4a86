"""Decisions and appeals: the decision page, lodging an appeal, deciding it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from podium.core.errors import DomainError
from podium.core.http import AuthenticatedHttpRequest
from podium.events import access, extensions, forms, lifecycle, route, selectors, services
from podium.events.lifecycle import Action
from podium.events.models import Recommendation
from podium.events.speakers import selectors as speaker_selectors
from podium.events.views.base import _action, _version


@login_required
@require_http_methods(["GET", "POST"])
def request_appeal(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        forms.AppealForm,
        lambda event_request, data: services.lodge_appeal(
            acting_user=request.user,
            event_request=event_request,
            grounds=data["grounds"],
            expected_version=data["version"] or None,
        ),
        template="events/request_action.html",
        success="Appeal lodged. Someone who did not take the decision will decide it.",
        title="Appeal the decision",
        allowed=access.is_organiser,
        submit="Lodge the appeal",
    )


# --- Decisions ---------------------------------------------------------------------


def _decision_page(request: AuthenticatedHttpRequest, pk: int, *, appeal: bool) -> HttpResponse:
    event_request = access.get_request_or_404(request.user, pk)
    view = selectors.request_view(user=request.user, request=event_request)
    allowed = (
        view.may_decide_appeal
        if appeal
        else view.can_act and lifecycle.allows(event_request.status, Action.DECIDE)
    )
    if not allowed:
        raise PermissionDenied
    data = request.POST or None
    form_class = forms.AppealDecisionForm if appeal else forms.DecisionForm
    form = form_class(data, initial={"version": _version(event_request)})
    # Conditions recommended at earlier steps are the final decider's suggestions.
    suggested = [] if appeal else route.suggested_conditions(event_request)
    conditions = forms.ConditionFormSet(data, prefix="conditions", initial=suggested or None)
    passes_to = None if appeal else services.sign_off_after(event_request)
    refusal = services.decision_refusal(request.user)
    if request.method == "POST" and form.is_valid() and conditions.is_valid():
        chosen = [c for c in (f.condition() for f in conditions.forms) if c is not None]
        outcome: object = None
        try:
            if appeal:
                facts = form.facts(chosen) if form.cleaned_data["upheld"] == "upheld" else None
                services.decide_appeal(
                    acting_user=request.user,
                    event_request=event_request,
                    upheld=facts is not None,
                    facts=facts
                    or services.DecisionFacts(outcome="", rationale=form.cleaned_data["rationale"]),
                    expected_version=form.cleaned_data["version"] or None,
                )
            else:
                outcome = services.decide(
                    acting_user=request.user,
                    event_request=event_request,
                    facts=form.facts(chosen),
                    expected_version=form.cleaned_data["version"] or None,
                )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request,
                "Recommendation recorded. The request has moved on to the next step, "
                "whose reviewers have been told."
                if isinstance(outcome, Recommendation)
                else "Decision recorded. The organiser has been told.",
            )
            return redirect("events:request-detail", pk=event_request.pk)
    return render(
        request,
        "events/decision_form.html",
        {
            "event": event_request,
            "view": view,
            "form": form,
            "conditions": conditions,
            "appeal": appeal,
            "refusal": refusal,
            # What apps above events say about security costs (governance: the code's criteria).
            "security_cost_sections": [
                section
                for section in (make() for make in extensions.security_cost_guidance)
                if section is not None
            ],
            "passes_to": passes_to,
            "suggested": suggested,
            # The speaker register (podium.speakers): why approval must wait, if it must.
            "acknowledgement_refusal": ""
            if appeal
            else speaker_selectors.acknowledgement_refusal(event_request),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _decision_page(request, pk, appeal=False)


@login_required
@require_http_methods(["GET", "POST"])
def request_appeal_decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _decision_page(request, pk, appeal=True)
