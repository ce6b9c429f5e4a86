"""Data protection pages. Thin: check the capability, validate the form, call one
service, redirect. The DPO (`privacy.manage`) changes; the auditor
(`privacy.view`) reads; everyone else is refused (403)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from podium.accounts import permissions
from podium.accounts.roles import Capability
from podium.core.errors import DomainError
from podium.core.forms import submit_form
from podium.core.http import AuthenticatedHttpRequest
from podium.core.pagination import page_query
from podium.privacy import forms, selectors, services, tasks
from podium.privacy.models import Breach, LegalHold, RetentionRun


def _manages(request: AuthenticatedHttpRequest) -> bool:
    return permissions.has_capability(request.user, Capability.MANAGE_PRIVACY)


@require_GET
@login_required
def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    permissions.require(request.user, Capability.VIEW_PRIVACY)
    return render(
        request,
        "privacy/overview.html",
        {"summary": selectors.summary(), "manages": _manages(request)},
    )


# --- The retention schedule -----------------------------------------------------------


@require_GET
@login_required
def schedule(request: AuthenticatedHttpRequest) -> HttpResponse:
    permissions.require(request.user, Capability.VIEW_PRIVACY)
    return render(
        request,
        "privacy/schedule.html",
        {"rows": selectors.schedule(), "manages": _manages(request)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def rule_edit(request: AuthenticatedHttpRequest, record_type: str) -> HttpResponse:
    permissions.require(request.user, Capability.MANAGE_PRIVACY)
    row = selectors.schedule_row(record_type)
    if row is None:
        raise Http404
    rule = row.rule
    initial = (
        {
            "months": rule.months,
            "runs_from": rule.runs_from,
            "action": rule.action,
            "anonymise": list(rule.anonymise),
        }
        if rule
        else {}
    )
    form = forms.RuleForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        record_type=row.record_type,
    )
    response, form = submit_form(
        request,
        form,
        lambda values: services.set_rule(
            acting_user=request.user, record_type=record_type, **values
        ),
        success="Retention rule saved.",
        to="privacy:schedule",
    )
    return response or render(request, "privacy/rule_form.html", {"row": row, "form": form})


@require_POST
@login_required
def rule_reset(request: AuthenticatedHttpRequest, record_type: str) -> HttpResponse:
    permissions.require(request.user, Capability.MANAGE_PRIVACY)
    if selectors.schedule_row(record_type) is None:
        raise Http404
    try:
        services.reset_rule(acting_user=request.user, record_type=record_type)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "The rule is back to its declared default.")
    return redirect("privacy:schedule")


# --- Runs ------------------------------------------------------------------------------


@require_POST
@login_required
def dry_run(request: AuthenticatedHttpRequest) -> HttpResponse:
    permissions.require(request.user, Capability.MANAGE_PRIVACY)
    run = services.run_retention(acting_user=request.user, dry_run=True)
    messages.success(request, "Dry run finished: nothing was changed.")
    return redirect("privacy:run-detail", run.pk)


@require_POST
@login_required
def run_now(request: AuthenticatedHttpRequest) -> HttpResponse:
    permissions.require(request.user, Capability.MANAGE_PRIVACY)
    # On the worker: at national scale a run outlasts a web request.
    tasks.apply_retention_for.enqueue(user_id=request.user.pk)
    messages.success(
        request,
        "The retention run has started. It is listed here, with its counts, when it finishes.",
    )
    return redirect("privacy:run-list")


@require_GET
@login_required
def run_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    permissions.require(request.user, Capability.VIEW_PRIVACY)
    page = selectors.runs_page(after=request.GET.get("after"), before=request.GET.get("before"))
    return render(
        request,
        "privacy/run_list.html",
        {"page": page, "page_query": page_query(request), "manages": _manages(request)},
    )


@require_GET
@login_required
def run_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    permissions.require(request.user, Capability.VIEW_PRIVACY)
    run = get_object_or_404(RetentionRun.objects.select_related("started_by"), pk=pk)
    return render(
        request,
        "privacy/run_detail.html",
        {"run": run, "rows": selectors.run_rows(run), "manages": _manages(request)},
    )


# --- Legal holds ---------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def hold_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    permissions.require(request.user, Capability.VIEW_PRIVACY)
    manages = _manages(request)
    if request.method == "POST" and not manages:
        permissions.require(request.user, Capability.MANAGE_PRIVACY)
    form = forms.HoldForm(request.POST if request.method == "POST" else None)
    response, form = submit_form(
        request,
        form,
        lambda values: services.place_hold(acting_user=request.user, **values),
        success="Legal hold placed: retention will keep the record until it is lifted.",
        to=lambda hold: reverse("privacy:hold-detail", args=[hold.pk]),
    )
    if response:
        return response
    lifted = request.GET.get("lifted") == "1"
    page = selectors.holds_page(
        in_force=not lifted, after=request.GET.get("after"), before=request.GET.get("before")
    )
    return render(
        request,
        "privacy/hold_list.html",
        {
            "page": page,
            "page_query": page_query(request),
            "lifted": lifted,
            "form": form,
            "manages": manages,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def hold_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    permissions.require(request.user, Capability.VIEW_PRIVACY)
    hold = get_object_or_404(LegalHold.objects.select_related("placed_by", "lifted_by"), pk=pk)
    manages = _manages(request)
    if request.method == "POST" and not manages:
        permissions.require(request.user, Capability.MANAGE_PRIVACY)
    form = forms.LiftForm(request.POST if request.method == "POST" else None)
    response, form = submit_form(
        request,
        form,
        lambda values: services.lift_hold(acting_user=request.user, hold=hold, **values),
        success="Hold lifted.",
        to=reverse("privacy:hold-detail", args=[hold.pk]),
    )
    return response or render(
        request,
        "privacy/hold_detail.html",
        {
            "hold": hold,
            "held": selectors.held_record(hold),
            "form": form,
            "manages": manages,
        },
    )


# --- Breaches ------------------------------------------------------------------------


@require_GET
@login_required
def breach_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    permissions.require(request.user, Capability.VIEW_PRIVACY)
    page = selectors.breaches_page(after=request.GET.get("after"), before=request.GET.get("before"))
    return render(
        request,
        "privacy/breach_list.html",
        {
            "page": page,
            "page_query": page_query(request),
            "now": timezone.now(),
            "manages": _manages(request),
        },
    )


def _breach_form(
    request: AuthenticatedHttpRequest, breach: Breach | None
) -> tuple[HttpResponse | None, forms.BreachForm]:
    initial: dict[str, Any] = forms.BreachForm.initial_from(breach) if breach else {}
    form = forms.BreachForm(request.POST if request.method == "POST" else None, initial=initial)
    if breach is None:
        return submit_form(
            request,
            form,
            lambda values: services.record_breach(acting_user=request.user, **values),
            success="Breach recorded: the 72-hour clock runs from its discovery.",
            to=lambda created: reverse("privacy:breach-detail", args=[created.pk]),
        )
    return submit_form(
        request,
        form,
        lambda values: services.update_breach(acting_user=request.user, breach=breach, **values),
        success="Breach record saved.",
        to=reverse("privacy:breach-detail", args=[breach.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def breach_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    permissions.require(request.user, Capability.MANAGE_PRIVACY)
    response, form = _breach_form(request, None)
    return response or render(request, "privacy/breach_form.html", {"form": form, "breach": None})


@require_GET
@login_required
def breach_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    permissions.require(request.user, Capability.VIEW_PRIVACY)
    breach = get_object_or_404(Breach.objects.select_related("recorded_by"), pk=pk)
    return render(
        request,
        "privacy/breach_detail.html",
        {"breach": breach, "now": timezone.now(), "manages": _manages(request)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def breach_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    permissions.require(request.user, Capability.MANAGE_PRIVACY)
    breach = get_object_or_404(Breach, pk=pk)
    response, form = _breach_form(request, breach)
    return response or render(request, "privacy/breach_form.html", {"form": form, "breach": breach})


# --- The record of processing --------------------------------------------------------


@require_GET
@login_required
def record_of_processing(request: AuthenticatedHttpRequest) -> HttpResponse:
    permissions.require(request.user, Capability.VIEW_PRIVACY)
    return render(
        request,
        "privacy/ropa.html",
        {**selectors.record_of_processing(), "generated_at": timezone.now()},
    )
