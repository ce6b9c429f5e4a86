"""Pages for event requests. Thin: find the request the person may see
(`access.get_request_or_404`), validate the form, call the service, redirect.
Who may do what is decided in `access` and the services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from podium.accounts import permissions
from podium.accounts.forms import EditForm
from podium.accounts.models import OrgUnit
from podium.accounts.roles import Capability
from podium.core.errors import DomainError
from podium.core.http import AuthenticatedHttpRequest
from podium.core.versioning import version_of
from podium.events import access, forms, selectors, services
from podium.events.models import (
    Condition,
    Deputy,
    EventRequest,
    Status,
)
from podium.events.rules import notice_for
from podium.events.services import VERSION_FIELDS
from podium.speakers import selectors as speaker_selectors

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


# --- Lists -------------------------------------------------------------------------


@require_GET
@login_required
def request_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The organiser's requests, every state; reviewers can switch to all in scope."""
    scope = request.GET.get("scope", "mine")
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    reviewer = bool(access.acting_assignments(request.user)) or any(
        permissions.has_capability(request.user, c) for c in access.SEEING
    )
    cursor = {"after": request.GET.get("after"), "before": request.GET.get("before")}
    if scope == "all" and reviewer:
        page = selectors.requests_in_scope(user=request.user, status=status, **cursor)
    else:
        scope = "mine"
        page = selectors.my_requests(user=request.user, status=status, **cursor)
    return render(
        request,
        "events/request_list.html",
        {
            "page": page,
            "scope": scope,
            "status": status,
            "statuses": Status.choices,
            "is_reviewer": reviewer,
            "can_request": _requesting_units(request.user).exists(),
        },
    )


@require_GET
@login_required
def queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Waiting for me: oldest first, with the due date."""
    if not access.acting_assignments(request.user):
        raise PermissionDenied
    page = selectors.review_queue(
        user=request.user, after=request.GET.get("after"), before=request.GET.get("before")
    )
    return render(
        request,
        "events/queue.html",
        {
            "page": page,
            "paused": selectors.awaiting_organisers(user=request.user),
            "refusal": services.decision_refusal(request.user),
        },
    )


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
            event = services.create_request(
                acting_user=request.user, unit=form.cleaned_data["unit"], facts=form.facts()
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"Draft {event.reference} saved.")
            return redirect("events:request-edit", pk=event.pk, step=STEPS[1][0])
    return render(
        request,
        "events/request_step.html",
        {"form": form, "step": STEPS[0], "steps": STEPS, "event": None},
    )


def _step_form(
    step: str, event: EventRequest, data: Any, user: Any
) -> tuple[Any, Callable[[], services.RequestFacts]]:
    version = _version(event)
    form: Any
    if step == "about":
        form = forms.AboutForm(
            data,
            units=_requesting_units(user),
            initial={
                "title": event.title,
                "description": event.description,
                "event_type": event.event_type_id,
                "unit": event.unit_id,
                "organiser_kind": event.organiser_kind,
                "external_hirer": event.external_hirer,
                "version": version,
            },
        )
        return form, form.facts
    if step == "when-where":
        form = forms.WhenWhereForm(
            data,
            initial={
                "starts_at": event.starts_at,
                "ends_at": event.ends_at,
                "format": event.format,
                "venue_kind": event.venue_kind,
                "campus": event.campus_id,
                "venue": event.venue,
                "affiliated": event.affiliated,
                "funded": event.funded,
                "branded": event.branded,
                "version": version,
            },
        )
        return form, form.facts
    if step == "audience":
        form = forms.AudienceForm(
            data,
            initial={
                "expected_audience": event.expected_audience,
                "attendance": event.attendance,
                "ticketed": event.ticketed,
                "recording": event.recording,
                "version": version,
            },
        )
        return form, form.facts
    if step == "screening":
        answers = {a.question_id: a for a in event.answers.all()}
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
    event = _own_draft(request, pk)
    if step not in STEP_NAMES:
        raise Http404
    if event.status not in services.EDITABLE_STATUSES:
        messages.error(
            request, f"A request that is {event.get_status_display().lower()} cannot be changed."
        )
        return redirect("events:request-detail", pk=event.pk)
    data = request.POST or None
    if step == "speakers":
        return _speakers_step(request, event, data)
    form, facts = _step_form(step, event, data, request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_request(
                acting_user=request.user,
                request=event,
                facts=facts(),
                expected_version=form.cleaned_data.get("version") or None,
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            return _after_step(request, event, step)
    return render(
        request,
        "events/request_step.html",
        {"form": form, "step": (step, dict(STEPS)[step]), "steps": STEPS, "event": event},
    )


def _after_step(request: AuthenticatedHttpRequest, event: EventRequest, step: str) -> HttpResponse:
    event.refresh_from_db()
    if event.status != Status.DRAFT:
        if event.status == Status.IN_REVIEW and event.reapproval_changes:
            messages.warning(
                request,
                "You changed material facts of the approved event: its approval is suspended "
                "and it has gone back for re-approval.",
            )
        else:
            messages.success(request, "Changes saved.")
        return redirect("events:request-detail", pk=event.pk)
    if request.POST.get("then") == "check" or step == STEP_NAMES[-1]:
        return redirect("events:request-check", pk=event.pk)
    following = STEP_NAMES[STEP_NAMES.index(step) + 1]
    return redirect("events:request-edit", pk=event.pk, step=following)


def _speakers_step(
    request: AuthenticatedHttpRequest, event: EventRequest, data: Any
) -> HttpResponse:
    current = [
        {"name": s.name, "affiliation": s.affiliation, "role": s.role, "speaker": s.speaker_id}
        for s in event.speakers.all()
    ]
    formset = forms.SpeakerFormSet(data, initial=current, prefix="speakers")
    version_form = EditForm(data, initial={"version": _version(event)})
    error = ""
    if request.method == "POST":
        forms.offer_register_matches(formset)
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
        elif forms.unanswered_matches(formset):
            pass
        else:
            try:
                services.update_request(
                    acting_user=request.user,
                    request=event,
                    facts=services.RequestFacts(speakers=speakers),
                    expected_version=version_form.cleaned_data.get("version") or None,
                )
            except DomainError as refusal:
                error = refusal.message
            else:
                return _after_step(request, event, "speakers")
    return render(
        request,
        "events/request_speakers.html",
        {
            "formset": formset,
            "version_form": version_form,
            "error": error,
            "step": ("speakers", "Speakers"),
            "steps": STEPS,
            "event": event,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_check(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Check your answers, then submit."""
    event = _own_draft(request, pk)
    if event.status != Status.DRAFT:
        return redirect("events:request-detail", pk=event.pk)
    missing = services.missing_for_submission(event)
    notice = (
        notice_for(event_type=event.event_type, unit=event.unit, starts_at=event.starts_at)
        if event.starts_at
        else None
    )
    form = forms.SubmitForm(request.POST or None, initial={"version": _version(event)})
    if request.method == "POST" and form.is_valid():
        try:
            event = services.submit_request(
                acting_user=request.user,
                request=event,
                late_reason=form.cleaned_data["late_reason"],
                expected_version=form.cleaned_data["version"] or None,
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request,
                f"{event.reference} submitted. It is with the "
                f"{event.get_waiting_role_display().lower()}; we will e-mail you.",
            )
            return redirect("events:request-detail", pk=event.pk)
    return render(
        request,
        "events/request_check.html",
        {
            "event": event,
            "form": form,
            "missing": missing,
            "notice": notice,
            "speakers": list(event.speakers.all()),
            "answers": list(event.answers.all()),
            "steps": STEPS,
        },
    )


# --- The request page --------------------------------------------------------------


@require_GET
@login_required
def request_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = access.get_request_or_404(request.user, pk)
    view = selectors.request_view(user=request.user, request=event)
    version = _version(event)
    context: dict[str, Any] = {"view": view, "event": event, "version": version}
    if view.can_act and event.status == Status.IN_REVIEW:
        context["refusal"] = services.decision_refusal(request.user)
        context["question_form"] = forms.QuestionForm(initial={"version": version})
        context["escalate_form"] = forms.ReasonForm(initial={"version": version})
    if view.is_reviewer:
        context["note_form"] = forms.NoteForm()
    # The speaker register (podium.speakers): history summaries and acknowledgements.
    context["register"] = speaker_selectors.request_speakers(event, view.speakers)
    context["may_send_acknowledgement"] = view.is_organiser or view.is_reviewer
    if view.can_act and event.status == Status.IN_REVIEW:
        context["acknowledgement_refusal"] = speaker_selectors.acknowledgement_refusal(event)
    if view.is_organiser and event.status == Status.INFORMATION_REQUESTED:
        context["answer_form"] = forms.AnswerForm(initial={"version": version})
    return render(request, "events/request_detail.html", context)


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


@login_required
@require_http_methods(["GET", "POST"])
def request_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        forms.OptionalReasonForm,
        lambda event, data: services.withdraw_request(
            acting_user=request.user,
            request=event,
            reason=data["reason"],
            expected_version=data["version"] or None,
        ),
        template="events/request_action.html",
        success="Request withdrawn.",
        title="Withdraw this request",
        allowed=lambda event: event.organiser_id == request.user.pk,
        submit="Withdraw the request",
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_ask(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        forms.QuestionForm,
        lambda event, data: services.request_information(
            acting_user=request.user,
            request=event,
            question=data["question"],
            expected_version=data["version"] or None,
        ),
        template="events/request_action.html",
        success="Question sent to the organiser. The review clock is paused.",
        title="Ask the organiser for information",
        allowed=lambda event: access.can_act_on(request.user, event),
        submit="Send the question",
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        forms.AnswerForm,
        lambda event, data: services.answer_information(
            acting_user=request.user,
            request=event,
            answer=data["answer"],
            expected_version=data["version"] or None,
        ),
        template="events/request_action.html",
        success="Answer sent. The review has restarted.",
        title="Answer the reviewer's question",
        allowed=lambda event: event.organiser_id == request.user.pk,
        submit="Send your answer",
    )


@login_required
@require_POST
def request_note(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = access.get_request_or_404(request.user, pk)
    if not access.is_reviewer_of(request.user, event):
        raise PermissionDenied
    form = forms.NoteForm(request.POST)
    if form.is_valid():
        try:
            services.add_note(
                acting_user=request.user, request=event, text=form.cleaned_data["text"]
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Note added.")
    else:
        messages.error(request, "Enter the note.")
    return redirect("events:request-detail", pk=event.pk)


@login_required
@require_http_methods(["GET", "POST"])
def request_escalate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        forms.ReasonForm,
        lambda event, data: services.escalate(
            acting_user=request.user,
            request=event,
            reason=data["reason"],
            expected_version=data["version"] or None,
        ),
        template="events/request_action.html",
        success="Escalated to the next review step.",
        title="Escalate this request",
        allowed=lambda event: access.can_act_on(request.user, event),
        submit="Escalate",
    )


@login_required
@require_POST
def request_fast_track(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = access.get_request_or_404(request.user, pk)
    if not access.can_act_on(request.user, event):
        raise PermissionDenied
    try:
        services.fast_track(
            acting_user=request.user,
            request=event,
            expected_version=request.POST.get("version") or None,
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "Fast-tracked: the review is now due before the event.")
    return redirect("events:request-detail", pk=event.pk)


@login_required
@require_http_methods(["GET", "POST"])
def request_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        forms.ReasonForm,
        lambda event, data: services.cancel_event(
            acting_user=request.user,
            request=event,
            reason=data["reason"],
            expected_version=data["version"] or None,
        ),
        template="events/request_action.html",
        success="Event cancelled. The organiser and security have been told.",
        title="Cancel this event",
        allowed=lambda event: (
            event.organiser_id == request.user.pk or access.is_reviewer_of(request.user, event)
        ),
        submit="Cancel the event",
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_appeal(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        forms.AppealForm,
        lambda event, data: services.lodge_appeal(
            acting_user=request.user,
            request=event,
            grounds=data["grounds"],
            expected_version=data["version"] or None,
        ),
        template="events/request_action.html",
        success="Appeal lodged. Someone who did not take the decision will decide it.",
        title="Appeal the decision",
        allowed=lambda event: event.organiser_id == request.user.pk,
        submit="Lodge the appeal",
    )


# --- Decisions ---------------------------------------------------------------------


def _decision_page(request: AuthenticatedHttpRequest, pk: int, *, appeal: bool) -> HttpResponse:
    event = access.get_request_or_404(request.user, pk)
    view = selectors.request_view(user=request.user, request=event)
    allowed = (
        view.may_decide_appeal if appeal else view.can_act and event.status == Status.IN_REVIEW
    )
    if not allowed:
        raise PermissionDenied
    data = request.POST or None
    form_class = forms.AppealDecisionForm if appeal else forms.DecisionForm
    form = form_class(data, initial={"version": _version(event)})
    conditions = forms.ConditionFormSet(data, prefix="conditions")
    refusal = services.decision_refusal(request.user)
    if request.method == "POST" and form.is_valid() and conditions.is_valid():
        chosen = [c for c in (f.condition() for f in conditions.forms) if c is not None]
        try:
            if appeal:
                facts = form.facts(chosen) if form.cleaned_data["upheld"] == "upheld" else None
                services.decide_appeal(
                    acting_user=request.user,
                    request=event,
                    upheld=facts is not None,
                    facts=facts
                    or services.DecisionFacts(outcome="", rationale=form.cleaned_data["rationale"]),
                    expected_version=form.cleaned_data["version"] or None,
                )
            else:
                services.decide(
                    acting_user=request.user,
                    request=event,
                    facts=form.facts(chosen),
                    expected_version=form.cleaned_data["version"] or None,
                )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, "Decision recorded. The organiser has been told.")
            return redirect("events:request-detail", pk=event.pk)
    return render(
        request,
        "events/decision_form.html",
        {
            "event": event,
            "view": view,
            "form": form,
            "conditions": conditions,
            "appeal": appeal,
            "refusal": refusal,
            # The speaker register (podium.speakers): why approval must wait, if it must.
            "acknowledgement_refusal": ""
            if appeal
            else speaker_selectors.acknowledgement_refusal(event),
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


# --- After the decision ------------------------------------------------------------


def _condition_or_404(request: AuthenticatedHttpRequest, pk: int) -> Condition:
    condition = get_object_or_404(Condition.objects.select_related("decision"), pk=pk)
    access.get_request_or_404(request.user, condition.decision.request_id)
    return condition


@login_required
@require_POST
def condition_confirm(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    condition = _condition_or_404(request, pk)
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
    event = condition.decision.request
    if not access.is_reviewer_of(request.user, event):
        raise PermissionDenied
    form = forms.ReviewConditionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_condition(
                acting_user=request.user,
                condition=condition,
                review=form.cleaned_data["review"],
                note=form.cleaned_data["note"],
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, "Condition reviewed.")
            return redirect("events:request-detail", pk=event.pk)
    return render(
        request,
        "events/request_action.html",
        {
            "event": event,
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
        lambda event, data: services.report_after_event(
            acting_user=request.user,
            request=event,
            went_ahead=data["went_ahead"] == "yes",
            attendance=data["attendance"],
            conditions_met=data["conditions_met"],
            incidents=data["incidents"],
            notes=data["notes"],
        ),
        template="events/request_action.html",
        success="Post-event report saved. Thank you.",
        title="Report on the event",
        allowed=lambda event: event.organiser_id == request.user.pk,
        submit="Send the report",
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_incident(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _action(
        request,
        pk,
        forms.IncidentForm,
        lambda event, data: services.record_incident(
            acting_user=request.user,
            request=event,
            occurred_at=data["occurred_at"],
            severity=data["severity"],
            description=data["description"],
        ),
        template="events/request_action.html",
        success="Incident recorded.",
        title="Log an incident",
        allowed=lambda event: access.may_record_incident(request.user, event),
        submit="Log the incident",
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
