"""Pages for subject access requests: the data protection officer's (the auditor
reads the log, a request and its export review, and changes nothing). Thin: check
the capability, validate the form, call one service, redirect."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from podium.accounts import permissions
from podium.accounts.roles import Capability
from podium.core.errors import DomainError
from podium.core.forms import PodiumForm, submit_form
from podium.core.http import AuthenticatedHttpRequest
from podium.subject_access import exporting, forms, selectors, services
from podium.subject_access.models import Status, SubjectAccessRequest


def _may_manage(request: AuthenticatedHttpRequest) -> bool:
    return permissions.can_institution_wide(request.user, Capability.MANAGE_SUBJECT_ACCESS)


def _get(
    request: AuthenticatedHttpRequest, pk: int, capability: Capability
) -> SubjectAccessRequest:
    permissions.require_institution_wide(request.user, capability)
    sar = selectors.get_request(pk)
    if sar is None:
        raise Http404
    return sar


@require_GET
@login_required
def request_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    permissions.require_institution_wide(request.user, Capability.VIEW_SUBJECT_ACCESS)
    open_only = request.GET.get("show") != "all"
    page = selectors.request_log(
        open_only=open_only, after=request.GET.get("after"), before=request.GET.get("before")
    )
    return render(
        request,
        "subject_access/list.html",
        {
            "page": page,
            "open_only": open_only,
            "today": timezone.localdate(),
            "counts": selectors.counts(),
            "manages": _may_manage(request),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def request_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    permissions.require_institution_wide(request.user, Capability.MANAGE_SUBJECT_ACCESS)
    form = forms.RequestForm(request.POST or None, initial={"received_on": timezone.localdate()})
    done, form = submit_form(
        request,
        form,
        lambda data: services.log_request(acting_user=request.user, **data),
        success=lambda sar: f"Logged {sar.reference}. It is due on {sar.due_on:%d %B %Y}.",
        to=lambda sar: reverse("subject_access:detail", args=[sar.pk]),
    )
    return done or render(request, "subject_access/create.html", {"form": form})


def _detail(
    request: AuthenticatedHttpRequest, sar: SubjectAccessRequest, **bound: PodiumForm
) -> HttpResponse:
    page_forms: dict[str, PodiumForm] = {
        "identity_form": forms.IdentityForm(),
        "stop_form": forms.StopClockForm(),
        "extend_form": forms.ExtendForm(),
        **bound,
    }
    return render(
        request,
        "subject_access/detail.html",
        {
            "sar": sar,
            "days_left": selectors.days_left(sar),
            "days_overdue": -selectors.days_left(sar),
            "candidates": list(sar.candidates.all()),
            "manages": _may_manage(request) and sar.status != Status.RELEASED,
            "has_errors": any(form.errors for form in bound.values()),
            **page_forms,
        },
        status=400 if any(form.errors for form in bound.values()) else 200,
    )


@require_GET
@login_required
def request_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    sar = _get(request, pk, Capability.VIEW_SUBJECT_ACCESS)
    return _detail(request, sar)


def _act(
    request: AuthenticatedHttpRequest,
    pk: int,
    form_class: type[PodiumForm],
    form_name: str,
    perform: Any,
    success: str,
    page: str = "detail",
) -> HttpResponse:
    sar = _get(request, pk, Capability.MANAGE_SUBJECT_ACCESS)
    form = form_class(request.POST)
    if form.is_valid():
        try:
            perform(sar, form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, success)
            return redirect(f"subject_access:{page}", pk=sar.pk)
    sar = selectors.get_request(sar.pk) or sar
    if page == "export":
        return _export_page(request, sar, **{form_name: form})
    return _detail(request, sar, **{form_name: form})


@require_POST
@login_required
def identity(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        forms.IdentityForm,
        "identity_form",
        lambda sar, data: services.check_identity(
            acting_user=request.user, sar=sar, method=data["method"]
        ),
        "Identity checked.",
    )


@require_POST
@login_required
def stop_clock(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        forms.StopClockForm,
        "stop_form",
        lambda sar, data: services.stop_clock(
            acting_user=request.user, sar=sar, stop_reason=data["stop_reason"]
        ),
        "Clock stopped. Restart it when the requester answers.",
    )


@require_POST
@login_required
def restart_clock(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        PodiumForm,
        "restart_form",
        lambda sar, data: services.restart_clock(acting_user=request.user, sar=sar),
        "Clock restarted: the due date moved by the days it was stopped.",
    )


@require_POST
@login_required
def extend(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        forms.ExtendForm,
        "extend_form",
        lambda sar, data: services.extend(acting_user=request.user, sar=sar, reason=data["reason"]),
        "Extended by two months. Tell the requester, with the reason.",
    )


@require_POST
@login_required
def search(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        PodiumForm,
        "search_form",
        lambda sar, data: services.run_search(acting_user=request.user, sar=sar),
        "Searched every record that holds personal data. Decide each result below.",
    )


@require_POST
@login_required
def decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        forms.DecideForm,
        "decide_form",
        lambda sar, data: services.decide_candidate(
            acting_user=request.user,
            sar=sar,
            candidate_id=data["candidate"],
            confirmed=data["confirmed"],
        ),
        "Decision recorded.",
    )


# --- The export ---------------------------------------------------------------------


def _export_page(
    request: AuthenticatedHttpRequest, sar: SubjectAccessRequest, **bound: PodiumForm
) -> HttpResponse:
    export = exporting.build(sar)
    errors = any(form.errors for form in bound.values())
    return render(
        request,
        "subject_access/export.html",
        {
            "sar": sar,
            "export": export,
            "withholdings": list(sar.withholdings.all()),
            "manages": _may_manage(request) and sar.status != Status.RELEASED,
            "downloads": _may_manage(request) and sar.status in (Status.REVIEWED, Status.RELEASED),
            "exemptions": forms.WithholdForm().fields["exemption"].choices,  # type: ignore[attr-defined]
            "has_errors": errors,
            **bound,
        },
        status=400 if errors else 200,
    )


@require_GET
@login_required
def export_review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    sar = _get(request, pk, Capability.VIEW_SUBJECT_ACCESS)
    return _export_page(request, sar)


@require_POST
@login_required
def withhold(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        forms.WithholdForm,
        "withhold_form",
        lambda sar, data: services.withhold(acting_user=request.user, sar=sar, **data),
        "Withheld. The export notes the exemption and the reason.",
        page="export",
    )


@require_POST
@login_required
def remove_withholding(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        forms.RemoveWithholdingForm,
        "remove_form",
        lambda sar, data: services.remove_withholding(
            acting_user=request.user, sar=sar, withholding_id=data["withholding"]
        ),
        "Put back into the export.",
        page="export",
    )


@require_POST
@login_required
def review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        PodiumForm,
        "review_form",
        lambda sar, data: services.mark_reviewed(acting_user=request.user, sar=sar),
        "Reviewed. Release it when you are ready to send it.",
        page="export",
    )


@require_POST
@login_required
def release(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        PodiumForm,
        "release_form",
        lambda sar, data: services.release(acting_user=request.user, sar=sar),
        "Released. Send the requester the document and the bundle.",
        page="export",
    )


def _downloadable(request: AuthenticatedHttpRequest, pk: int) -> SubjectAccessRequest:
    sar = _get(request, pk, Capability.MANAGE_SUBJECT_ACCESS)
    if sar.status not in (Status.REVIEWED, Status.RELEASED):
        raise Http404
    return sar


@require_GET
@login_required
def document(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The human-readable export, for print: only once the DPO has reviewed it."""
    sar = _downloadable(request, pk)
    return render(
        request,
        "subject_access/document.html",
        {"sar": sar, "export": exporting.build(sar), "today": timezone.localdate()},
    )


@require_GET
@login_required
def bundle(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The machine-readable export: a zip of JSON files, one per record type."""
    sar = _downloadable(request, pk)
    body = exporting.bundle(sar, exporting.build(sar))
    response = HttpResponse(body, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{sar.reference}.zip"'
    return response
