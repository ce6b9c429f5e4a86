"""The request form (step by step), check your answers and submit, and withdraw."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from podium.accounts.forms import EditForm
from podium.core.errors import DomainError
from podium.core.http import AuthenticatedHttpRequest
from podium.events import access, forms, lifecycle, selectors, services
from podium.events.lifecycle import Action
from podium.events.models import (
    EventRequest,
    Status,
)
from podium.events.rules import notice_for
from podium.events.views.base import (
    STEP_NAMES,
    STEPS,
    _action,
    _own_draft,
    _requesting_units,
    _version,
)
from podium.training.selectors import briefing_page_url

# --- The request form --------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    units = _requesting_units(request.user)
    if not units.exists():
        raise PermissionDenied
    form = forms.AboutForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        try:
            event_request = services.create_request(
                acting_user=request.user, unit=form.cleaned_data["unit"], facts=form.facts()
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"Draft {event_request.reference} saved.")
            return redirect("events:request-edit", pk=event_request.pk, step=STEPS[1][0])
    return render(
        request,
        "events/request_step.html",
        {"form": form, "step": STEPS[0], "steps": STEPS, "event": None},
    )


def _step_form(
    step: str, event_request: EventRequest, data: Any, user: Any
) -> tuple[Any, Callable[[], services.RequestFacts]]:
    version = _version(event_request)
    form: Any
    if step == "about":
        form = forms.AboutForm(
            data,
            units=_requesting_units(user),
            initial={
                "title": event_request.title,
                "description": event_request.description,
                "event_type": event_request.event_type_id,
                "unit": event_request.unit_id,
                "organiser_kind": event_request.organiser_kind,
                "external_hirer": event_request.external_hirer,
                "version": version,
            },
        )
        return form, form.facts
    if step == "when-where":
        form = forms.WhenWhereForm(
            data,
            initial={
                "starts_at": event_request.starts_at,
                "ends_at": event_request.ends_at,
                "format": event_request.format,
                "venue_kind": event_request.venue_kind,
                "campus": event_request.campus_id,
                "venue": event_request.venue,
                "affiliated": event_request.affiliated,
                "funded": event_request.funded,
                "branded": event_request.branded,
                "version": version,
            },
        )
        return form, form.facts
    if step == "audience":
        form = forms.AudienceForm(
            data,
            initial={
                "expected_audience": event_request.expected_audience,
                "attendance": event_request.attendance,
                "ticketed": event_request.ticketed,
                "recording": event_request.recording,
                "version": version,
            },
        )
        return form, form.facts
    if step == "screening":
        answers = {a.question_id: a for a in event_request.answers.all()}
        initial: dict[str, Any] = {"version": version}
        for question_id, answer in answers.items():
            initial[f"q{question_id}"] = "yes" if answer.answer else "no"
            initial[f"q{question_id}_details"] = answer.details
        form = forms.ScreeningForm(
            data, questions=list(selectors.active_questions()), initial=initial
        )
        return form, form.facts
    raise Http404


@login_required
@require_http_methods(["GET", "POST"])
def request_edit(request: AuthenticatedHttpRequest, pk: int, step: str) -> HttpResponse:
    """One step of the request form. Saving keeps the draft; changing an approved
    event's material facts sends it back for re-approval (the service decides)."""
    event_request = _own_draft(request, pk)
    if step not in STEP_NAMES:
        raise Http404
    if not lifecycle.allows(event_request.status, Action.EDIT):
        messages.error(request, lifecycle.refusal(event_request.status, Action.EDIT))
        return redirect("events:request-detail", pk=event_request.pk)
    data = request.POST or None
    if step == "speakers":
        return _speakers_step(request, event_request, data)
    form, facts = _step_form(step, event_request, data, request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_request(
                acting_user=request.user,
                event_request=event_request,
                facts=facts(),
                expected_version=form.cleaned_data.get("version") or None,
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            return _after_step(request, event_request, step)
    return render(
        request,
        "events/request_step.html",
        {"form": form, "step": (step, dict(STEPS)[step]), "steps": STEPS, "event": event_request},
    )


def _after_step(
    request: AuthenticatedHttpRequest, event_request: EventRequest, step: str
) -> HttpResponse:
    event_request.refresh_from_db()
    if event_request.status != Status.DRAFT:
        if event_request.status == Status.IN_REVIEW and event_request.reapproval_changes:
            messages.warning(
                request,
                "You changed material facts of the approved event: its approval is suspended "
                "and it has gone back for re-approval.",
            )
        else:
            messages.success(request, "Changes saved.")
        return redirect("events:request-detail", pk=event_request.pk)
    if request.POST.get("then") == "check" or step == STEP_NAMES[-1]:
        return redirect("events:request-check", pk=event_request.pk)
    following = STEP_NAMES[STEP_NAMES.index(step) + 1]
    return redirect("events:request-edit", pk=event_request.pk, step=following)


def _speakers_step(
    request: AuthenticatedHttpRequest, event_request: EventRequest, data: Any
) -> HttpResponse:
    current = [
        {"name": s.name, "affiliation": s.affiliation, "role": s.role, "speaker": s.speaker_id}
        for s in event_request.speakers.all()
    ]
    formset = forms.SpeakerFormSet(data, initial=current, prefix="speakers")
    version_form = EditForm(data, initial={"version": _version(event_request)})
    error = ""
    if request.method == "POST":
        forms.offer_register_matches(formset, request.user)
    if request.method == "POST" and formset.is_valid() and version_form.is_valid():
        speakers = forms.speaker_facts(formset)
        if "add" in request.POST:
            # Keep what was typed and offer more rows.
            rows = [
                {
                    "name": s.name,
                    "affiliation": s.affiliation,
                    "role": s.role,
                    "speaker": s.speaker_id,
                }
                for s in speakers
            ]
            formset = forms.SpeakerFormSet(initial=rows, prefix="speakers")
        elif not speakers:
            error = "Add at least one speaker."
        else:
            try:
                services.update_request(
                    acting_user=request.user,
                    event_request=event_request,
                    facts=services.RequestFacts(speakers=speakers),
                    expected_version=version_form.cleaned_data.get("version") or None,
                )
            except DomainError as refusal:
                error = refusal.message
            else:
                return _after_step(request, event_request, "speakers")
    return render(
        request,
        "events/request_speakers.html",
        {
            "formset": formset,
            "version_form": version_form,
            "error": error,
            "step": ("speakers", "Speakers"),
            "steps": STEPS,
            "event": event_request,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_check(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Check your answers, then submit."""
    event_request = _own_draft(request, pk)
    if event_request.status != Status.DRAFT:
        return redirect("events:request-detail", pk=event_request.pk)
    missing = services.missing_for_submission(event_request)
    notice = (
        notice_for(
            event_type=event_request.event_type,
            unit=event_request.unit,
            starts_at=event_request.starts_at,
        )
        if event_request.starts_at
        else None
    )
    form = forms.SubmitForm(
        request.POST or None,
        initial={"version": _version(event_request)},
        notice=notice,
    )
    if request.method == "POST" and form.is_valid():
        try:
            event_request = services.submit_request(
                acting_user=request.user,
                event_request=event_request,
                late_reason=form.cleaned_data["late_reason"],
                expected_version=form.cleaned_data["version"] or None,
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request,
                f"{event_request.reference} submitted. It is with the "
                f"{event_request.get_waiting_role_display().lower()}; we will e-mail you.",
            )
            return redirect("events:request-detail", pk=event_request.pk)
    return render(
        request,
        "events/request_check.html",
        {
            "event": event_request,
            "form": form,
            "missing": missing,
            "notice": notice,
            "speakers": list(event_request.speakers.all()),
            "answers": list(event_request.answers.all()),
            "steps": STEPS,
            "briefing": services.briefing_refusal(event_request) if not missing else "",
            "briefing_url": briefing_page_url(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        forms.OptionalReasonForm,
        lambda event_request, data: services.withdraw_request(
            acting_user=request.user,
            event_request=event_request,
            reason=data["reason"],
            expected_version=data["version"] or None,
        ),
        template="events/request_action.html",
        success="Request withdrawn.",
        title="Withdraw this request",
        allowed=access.is_organiser,
        submit="Withdraw the request",
    )
