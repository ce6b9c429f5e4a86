"""Pages for concerns. Thin: check access (`access`), validate the form, call one
service, redirect. A case is 404 for everyone outside the case roles, except a
person holding a live break-glass grant on it, who may read it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from podium.accounts import permissions
from podium.accounts.roles import Capability
from podium.concerns import access, forms, selectors, services
from podium.concerns.models import (
    BreakGlassGrant,
    Case,
    ConcernSettings,
    Ideology,
    Indicator,
    ReportableEvent,
    SubjectIdentity,
    ViewedPart,
)
from podium.core.errors import DomainError
from podium.core.forms import submit_form
from podium.core.http import AuthenticatedHttpRequest

# --- Sharing a concern: anyone signed in -----------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def share(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not access.may_share(request.user):
        # A plain refusal, with whom to tell instead: the institution has not let
        # students share concerns here.
        return render(
            request,
            "concerns/share_closed.html",
            {"settings": ConcernSettings.current()},
            status=403,
        )
    form = forms.ShareForm(request.POST or None)
    response, form = submit_form(
        request,
        form,
        lambda values: services.share_concern(acting_user=request.user, **values),
        success="Thank you: your concern was received.",
        to="concerns:shared",
    )
    if response:
        return response
    return render(
        request,
        "concerns/share.html",
        {"form": form, "settings": ConcernSettings.current()},
        status=400 if form.errors else 200,
    )


@require_GET
@login_required
def shared(request: AuthenticatedHttpRequest) -> HttpResponse:
    """What the person shared: that it was received, and when; nothing more."""
    return render(request, "concerns/shared.html", {"cases": selectors.shared_by(request.user)})


# --- Cases: the case roles ---------------------------------------------------------


@require_GET
@login_required
def case_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require_case_role(request.user)
    filter_name = request.GET.get("show", "open")
    if filter_name not in selectors.CASE_FILTERS:
        filter_name = "open"
    counted_in = selectors.CountedIn.from_query(request.GET)
    page = selectors.case_page(
        filter_name=filter_name,
        counted_in=counted_in,
        after=request.GET.get("after"),
        before=request.GET.get("before"),
    )
    return render(
        request,
        "concerns/case_list.html",
        {
            "page": page,
            "show": filter_name,
            "filters": [(k, label) for k, (label, _) in selectors.CASE_FILTERS.items()],
            "counted_in": counted_in,
            "page_query": counted_in.query if counted_in else f"show={filter_name}",
        },
    )


def _detail(
    request: AuthenticatedHttpRequest,
    case: Case,
    grant: BreakGlassGrant | None,
    *,
    case_form: forms.CaseForm | None = None,
    note_form: forms.NoteForm | None = None,
) -> HttpResponse:
    handles = grant is None
    context: dict[str, Any] = {
        "case": case,
        "grant": grant,
        "handles": handles,
        "indicators": list(case.indicators.all()),
        "notes": list(case.notes.select_related("author")),
        "grants": selectors.grants_of(case),
        "views": selectors.views_of(case),
        "events": list(selectors.events_for_case(case)) if handles else [],
    }
    if handles:
        context["case_form"] = case_form or forms.CaseForm(initial=forms.case_initial(case))
        context["note_form"] = note_form or forms.NoteForm()
    failed = (case_form is not None and case_form.errors) or (
        note_form is not None and note_form.errors
    )
    return render(request, "concerns/case_detail.html", context, status=400 if failed else 200)


@require_GET
@login_required
def case_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    case, grant = access.get_case_or_404(request.user, pk)
    services.log_view(viewer=request.user, case=case, part=ViewedPart.CASE, grant=grant)
    return _detail(request, case, grant)


@require_POST
@login_required
def case_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    access.require_case_role(request.user)
    case, grant = access.get_case_or_404(request.user, pk)
    form = forms.CaseForm(request.POST)
    response, form = submit_form(
        request,
        form,
        lambda values: services.update_case(acting_user=request.user, case=case, **values),
        success="The case was updated.",
        to=reverse("concerns:case-detail", args=[case.pk]),
    )
    return response or _detail(request, case, grant, case_form=form)


@require_POST
@login_required
def note_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    access.require_case_role(request.user)
    case, grant = access.get_case_or_404(request.user, pk)
    form = forms.NoteForm(request.POST)
    response, form = submit_form(
        request,
        form,
        lambda values: services.add_note(acting_user=request.user, case=case, **values),
        success="The note was added.",
        to=reverse("concerns:case-detail", args=[case.pk]) + "#notes",
    )
    return response or _detail(request, case, grant, note_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def identity(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The subject's identity: the case roles only (not break-glass); every opening logged."""
    access.require_case_role(request.user)
    case, _ = access.get_case_or_404(request.user, pk)
    subject = SubjectIdentity.objects.get_or_create(case=case)[0]
    form = forms.IdentityForm(
        request.POST or None,
        initial={
            "full_name": subject.full_name,
            "number": subject.number,
            "contact": subject.contact,
        },
    )
    response, form = submit_form(
        request,
        form,
        lambda values: services.save_identity(acting_user=request.user, case=case, **values),
        success="The subject's identity was saved.",
        to=reverse("concerns:case-detail", args=[case.pk]),
    )
    if response:
        return response
    if request.method == "GET":
        services.log_view(viewer=request.user, case=case, part=ViewedPart.IDENTITY)
    return render(
        request,
        "concerns/identity.html",
        {"case": case, "subject": subject, "form": form},
        status=400 if form.errors else 200,
    )


# --- Break-glass ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def break_glass(request: AuthenticatedHttpRequest) -> HttpResponse:
    permissions.require(request.user, Capability.BREAK_GLASS_CONCERNS)
    form = forms.BreakGlassForm(request.POST or None)
    response, form = submit_form(
        request,
        form,
        lambda values: services.break_glass(acting_user=request.user, **values),
        success=lambda grant: (
            f"Access granted until {timezone.localtime(grant.expires_at):%H:%M on %-d %B}. "
            "The Prevent lead has been told."
        ),
        to=lambda grant: reverse("concerns:case-detail", args=[grant.case_id]),
    )
    if response:
        return response
    return render(
        request, "concerns/break_glass.html", {"form": form}, status=400 if form.errors else 200
    )


@require_GET
@login_required
def break_glass_uses(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every break-glass grant, for the case roles to review after the fact; the
    grants name cases, so outside the case roles the page does not exist (404)."""
    access.require_case_role(request.user)
    page = selectors.break_glass_page(
        after=request.GET.get("after"), before=request.GET.get("before")
    )
    return render(request, "concerns/break_glass_uses.html", {"page": page})


# --- Counts --------------------------------------------------------------------------


@require_GET
@login_required
def counts(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The yearly counts: suppressed for anyone outside the case roles (auditors)."""
    permissions.require(request.user, Capability.VIEW_CONCERN_COUNTS)
    years = selectors.years_with_cases()
    raw = request.GET.get("year", "")
    # Any academic year since 2000 may be asked for; the list offers those with cases.
    asked = int(raw) if raw.isascii() and raw.isdigit() and len(raw) == 4 else None
    year = asked if asked is not None and 2000 <= asked <= years[0] else years[0]
    if year not in years:
        years = sorted({*years, year}, reverse=True)
    result = selectors.yearly_counts(year=year, suppress=not access.is_case_role(request.user))
    return render(request, "concerns/counts.html", {"counts": result, "years": years})


# --- Reportable events -------------------------------------------------------------


def _event_values(values: dict[str, Any]) -> dict[str, Any]:
    return {k: ("" if v is None and k == "regulator" else v) for k, v in values.items()}


@login_required
@require_http_methods(["GET", "POST"])
def event_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require_events(request.user)
    linkable = access.is_case_role(request.user)
    form = forms.EventForm(
        request.POST or None,
        linkable=linkable,
        initial={"regulator": ""},
    )
    response, form = submit_form(
        request,
        form,
        lambda values: services.save_event(
            acting_user=request.user, event=None, **_event_values(values)
        ),
        success="The event was recorded.",
        to="concerns:event-list",
    )
    if response:
        return response
    page = selectors.event_page(after=request.GET.get("after"), before=request.GET.get("before"))
    return render(
        request,
        "concerns/event_list.html",
        {"page": page, "form": form, "overdue": selectors.unreported_events()},
        status=400 if form.errors else 200,
    )


def _event_initial(event: ReportableEvent) -> dict[str, Any]:
    initial = {name: getattr(event, name) for name in services.EVENT_FIELDS}
    initial["event_reference"] = event.event_request.reference if event.event_request else ""
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = access.get_event_or_404(request.user, pk)
    linkable = access.is_case_role(request.user)
    form = forms.EventForm(request.POST or None, linkable=linkable, initial=_event_initial(event))
    response, form = submit_form(
        request,
        form,
        lambda values: services.save_event(
            acting_user=request.user, event=event, **_event_values(values)
        ),
        success="The event was saved.",
        to="concerns:event-list",
    )
    if response:
        return response
    return _event_page(request, event, form=form)


def _event_page(
    request: AuthenticatedHttpRequest,
    event: ReportableEvent,
    *,
    form: forms.EventForm | None = None,
    action_form: forms.FollowUpForm | None = None,
) -> HttpResponse:
    if form is None:
        form = forms.EventForm(
            linkable=access.is_case_role(request.user), initial=_event_initial(event)
        )
    failed = bool(form.errors) or (action_form is not None and bool(action_form.errors))
    return render(
        request,
        "concerns/event_edit.html",
        {
            "event": event,
            "form": form,
            "action_form": action_form or forms.FollowUpForm(),
            "actions": selectors.follow_ups_of(event),
            "today": timezone.localdate(),
        },
        status=400 if failed else 200,
    )


@require_POST
@login_required
def action_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event = access.get_event_or_404(request.user, pk)
    action_form = forms.FollowUpForm(request.POST)
    response, action_form = submit_form(
        request,
        action_form,
        lambda values: services.add_follow_up(acting_user=request.user, event=event, **values),
        success="The follow-up action was added.",
        to=reverse("concerns:event-edit", args=[event.pk]) + "#actions",
    )
    return response or _event_page(request, event, action_form=action_form)


@require_POST
@login_required
def action_done(request: AuthenticatedHttpRequest, pk: int, action_pk: int) -> HttpResponse:
    event = access.get_event_or_404(request.user, pk)
    follow_up = access.get_follow_up_or_404(request.user, event, action_pk)
    try:
        services.complete_follow_up(acting_user=request.user, follow_up=follow_up)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "The follow-up action was marked done.")
    return redirect(reverse("concerns:event-edit", args=[event.pk]) + "#actions")


# --- Settings ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def settings_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    permissions.require_institution_wide(request.user, Capability.CONFIGURE_CONCERNS)
    current = ConcernSettings.current()
    initial = {name: getattr(current, name) for name in services.SETTINGS_FIELDS} | {
        "ideologies": "\n".join(i.name for i in Ideology.objects.filter(is_active=True)),
        "indicators": "\n".join(i.name for i in Indicator.objects.filter(is_active=True)),
    }
    form = forms.SettingsForm(request.POST or None, initial=initial)
    response, form = submit_form(
        request,
        form,
        lambda values: services.save_settings(acting_user=request.user, **values),
        success="The concern settings were saved.",
        to="concerns:settings",
    )
    if response:
        return response
    return render(
        request, "concerns/settings.html", {"form": form}, status=400 if form.errors else 200
    )
