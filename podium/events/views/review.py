"""Review: ask and answer, notes, escalation, fast-tracking."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods, require_POST

from podium.core.errors import DomainError
from podium.core.http import AuthenticatedHttpRequest
from podium.events import access, forms, services
from podium.events.views.base import _action


@login_required
@require_http_methods(["GET", "POST"])
def request_ask(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        forms.QuestionForm,
        lambda event_request, data: services.request_information(
            acting_user=request.user,
            event_request=event_request,
            question=data["question"],
            expected_version=data["version"] or None,
        ),
        template="events/request_action.html",
        success="Question sent to the organiser. The review clock is paused.",
        title="Ask the organiser for information",
        allowed=access.can_act_on,
        submit="Send the question",
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        forms.AnswerForm,
        lambda event_request, data: services.answer_information(
            acting_user=request.user,
            event_request=event_request,
            answer=data["answer"],
            expected_version=data["version"] or None,
        ),
        template="events/request_action.html",
        success="Answer sent. The review has restarted.",
        title="Answer the reviewer's question",
        allowed=access.is_organiser,
        submit="Send your answer",
    )


@login_required
@require_POST
def request_note(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event_request = access.get_request_or_404(request.user, pk)
    if not access.is_reviewer_of(request.user, event_request):
        raise PermissionDenied
    form = forms.NoteForm(request.POST)
    if form.is_valid():
        try:
            services.add_note(
                acting_user=request.user,
                event_request=event_request,
                text=form.cleaned_data["text"],
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Note added.")
    else:
        messages.error(request, "Enter the note.")
    return redirect("events:request-detail", pk=event_request.pk)


@login_required
@require_http_methods(["GET", "POST"])
def request_escalate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        forms.ReasonForm,
        lambda event_request, data: services.escalate(
            acting_user=request.user,
            event_request=event_request,
            reason=data["reason"],
            expected_version=data["version"] or None,
        ),
        template="events/request_action.html",
        success="Escalated to the next review step.",
        title="Escalate this request",
        allowed=access.can_act_on,
        submit="Escalate",
    )


@login_required
@require_POST
def request_fast_track(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event_request = access.get_request_or_404(request.user, pk)
    if not access.can_act_on(request.user, event_request):
        raise PermissionDenied
    try:
        services.fast_track(
            acting_user=request.user,
            event_request=event_request,
            expected_version=request.POST.get("version") or None,
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Fast-tracked: the review is now due before the event.")
    return redirect("events:request-detail", pk=event_request.pk)
