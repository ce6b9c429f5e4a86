"""Pages for the Prevent risk assessment and action plan. Thin: check access
(`access`), validate the form, call one service, redirect."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from podium.core.errors import DomainError
from podium.core.forms import GoverningBodySignOffForm, PodiumForm, initial_from, submit_form
from podium.core.http import AuthenticatedHttpRequest
from podium.governance import access, forms, selectors, services
from podium.governance.models import (
    AssessmentVersion,
    CodeVersion,
    Complaint,
    Rag,
    RagBand,
    RiskEntry,
    RiskTopic,
    Scheme,
)


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isascii() and value.isdigit() and len(value) < 19 else None


def _version_context(version: AssessmentVersion) -> dict[str, Any]:
    compared = selectors.previous_signed(version)
    rows = selectors.entries(version)
    return {
        "version": version,
        "rows": rows,
        "compared": compared,
        "changes": selectors.diff(compared, version),
        "today": timezone.localdate(),
    }


@require_GET
@login_required
def assessment(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The version being prepared (if any) with what changed since the last signed
    one; the last signed version; the history of versions."""
    access.require_view(request.user)
    open_version = selectors.open_version()
    shown = open_version or selectors.last_signed()
    context: dict[str, Any] = _version_context(shown) if shown else {"rows": []}
    context.update(
        {
            "open_version": open_version,
            "last_signed": selectors.last_signed(),
            "versions": selectors.versions(),
            "stale": selectors.assessment_is_stale(),
            "overdue": selectors.overdue_count(),
            "manages": access.can_manage(request.user),
            "signs": access.can_sign(request.user),
        }
    )
    return render(request, "governance/assessment.html", context)


@require_GET
@login_required
def version_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    access.require_view(request.user)
    version = get_object_or_404(AssessmentVersion, pk=pk)
    context = _version_context(version)
    context.update(
        {"manages": access.can_manage(request.user), "signs": access.can_sign(request.user)}
    )
    return render(request, "governance/version_detail.html", context)


def _post_action(
    request: AuthenticatedHttpRequest, perform: Callable[[], Any], success: str, to: str
) -> HttpResponse:
    try:
        perform()
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect(to)


@require_POST
@login_required
def version_start(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require_manage(request.user)
    return _post_action(
        request,
        lambda: services.start_version(acting_user=request.user),
        "New draft started from the last signed version.",
        reverse("governance:assessment"),
    )


@require_POST
@login_required
def version_submit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    access.require_manage(request.user)
    version = get_object_or_404(AssessmentVersion, pk=pk)
    return _post_action(
        request,
        lambda: services.submit_version(acting_user=request.user, version=version),
        "Sent to the governing body for sign-off.",
        reverse("governance:version-detail", args=[version.pk]),
    )


@require_POST
@login_required
def version_return(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    if not (access.can_manage(request.user) or access.can_sign(request.user)):
        access.require_manage(request.user)
    version = get_object_or_404(AssessmentVersion, pk=pk)
    return _post_action(
        request,
        lambda: services.return_version(acting_user=request.user, version=version),
        "Returned to draft.",
        reverse("governance:version-detail", args=[version.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def version_sign(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    access.require_sign(request.user)
    version = get_object_or_404(AssessmentVersion, pk=pk)
    form = GoverningBodySignOffForm(
        request.POST or None,
        initial={"signer_name": request.user.full_name, "signed_on": timezone.localdate()},
    )
    response, form = submit_form(
        request,
        form,
        lambda values: services.sign_off(acting_user=request.user, version=version, **values),
        success=f"Version {version.number} signed off.",
        to=reverse("governance:version-detail", args=[version.pk]),
    )
    if response:
        return response
    context = _version_context(version)
    context["form"] = form
    return render(request, "governance/version_sign.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def risk_add(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    access.require_manage(request.user)
    version = get_object_or_404(AssessmentVersion, pk=pk)
    form = forms.RiskForm(request.POST or None)
    response, form = submit_form(
        request,
        form,
        lambda values: services.save_risk(acting_user=request.user, version=version, **values),
        success=lambda entry: f"{entry.risk} added.",
        to=reverse("governance:version-detail", args=[version.pk]),
    )
    if response:
        return response
    return render(
        request, "governance/risk_form.html", {"form": form, "version": version, "entry": None}
    )


@login_required
@require_http_methods(["GET", "POST"])
def risk_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    access.require_manage(request.user)
    entry = get_object_or_404(RiskEntry.objects.select_related("version", "risk"), pk=pk)
    form = forms.RiskForm(request.POST or None, initial=initial_from(entry, services.RISK_FIELDS))
    response, form = submit_form(
        request,
        form,
        lambda values: services.save_risk(
            acting_user=request.user, version=entry.version, entry=entry, **values
        ),
        success=f"{entry.risk} saved.",
        to=reverse("governance:version-detail", args=[entry.version_id]),
    )
    if response:
        return response
    return render(
        request,
        "governance/risk_form.html",
        {"form": form, "version": entry.version, "entry": entry},
    )


@require_POST
@login_required
def risk_remove(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    access.require_manage(request.user)
    entry = get_object_or_404(RiskEntry.objects.select_related("version", "risk"), pk=pk)
    return _post_action(
        request,
        lambda: services.remove_risk(acting_user=request.user, entry=entry),
        f"{entry.risk} removed from this version.",
        reverse("governance:version-detail", args=[entry.version_id]),
    )


# --- The action plan --------------------------------------------------------------


@require_GET
@login_required
def action_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require_view(request.user)
    status = request.GET.get("status", "")
    if status not in dict(selectors.STATUS_FILTERS):
        status = ""
    risk = _int(request.GET.get("risk"))
    filters = selectors.ActionFilter(status=status, risk=risk)
    query = "&".join(
        part
        for part in (f"status={status}" if status else "", f"risk={risk}" if risk else "")
        if part
    )
    page = selectors.actions_page(
        filters=filters, after=request.GET.get("after"), before=request.GET.get("before")
    )
    return render(
        request,
        "governance/actions.html",
        {
            "page": page,
            "status": status,
            "statuses": selectors.STATUS_FILTERS,
            "page_query": query,
            "risk": risk,
            "today": timezone.localdate(),
            "manages": access.can_manage(request.user),
            "mine": False,
        },
    )


@require_GET
@login_required
def my_actions(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Anyone signed in: the actions they own (owners need not read the assessment)."""
    page = selectors.actions_page(
        filters=selectors.ActionFilter(owner=request.user.pk),
        after=request.GET.get("after"),
        before=request.GET.get("before"),
    )
    return render(
        request,
        "governance/actions.html",
        {
            "page": page,
            "page_query": "",
            "today": timezone.localdate(),
            "manages": False,
            "mine": True,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require_manage(request.user)
    initial = {"risk": _int(request.GET.get("risk"))}
    form = forms.ActionForm(request.POST or None, initial=initial)
    response, form = submit_form(
        request,
        form,
        lambda values: services.save_action(acting_user=request.user, **values),
        success="Action added.",
        to="governance:action-list",
    )
    if response:
        return response
    return render(request, "governance/action_form.html", {"form": form, "item": None})


@login_required
@require_http_methods(["GET", "POST"])
def action_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    item = access.get_action_or_404(request.user, pk)
    manages = access.can_manage(request.user)
    if not manages and item.owner_id != request.user.pk:
        access.require_manage(request.user)
    form = forms.ActionForm(
        request.POST or None,
        initial=initial_from(item, services.ACTION_FIELDS),
        owner_only=not manages,
    )

    def perform(values: dict[str, Any]) -> Any:
        kept = {
            name: getattr(item, name)
            for name in ("risk", "category", "action", "owner", "deadline")
        }
        return services.save_action(acting_user=request.user, item=item, **{**kept, **values})

    response, form = submit_form(
        request,
        form,
        perform,
        success="Action saved.",
        to="governance:action-list" if manages else "governance:my-actions",
    )
    if response:
        return response
    return render(
        request,
        "governance/action_form.html",
        {"form": form, "item": item, "today": timezone.localdate()},
    )


# --- Administrator data -----------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def topic_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require_configure(request.user)
    form = forms.TopicForm(request.POST or None)
    response, form = submit_form(
        request,
        form,
        lambda values: services.save_topic(acting_user=request.user, **values),
        success="Topic added.",
        to="governance:topic-list",
    )
    if response:
        return response
    return render(
        request, "governance/topics.html", {"form": form, "topics": RiskTopic.objects.all()}
    )


@login_required
@require_http_methods(["GET", "POST"])
def topic_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    access.require_configure(request.user)
    topic = get_object_or_404(RiskTopic, pk=pk)
    form = forms.TopicForm(request.POST or None, initial=initial_from(topic, ["name", "is_active"]))
    response, form = submit_form(
        request,
        form,
        lambda values: services.save_topic(acting_user=request.user, topic=topic, **values),
        success="Topic saved.",
        to="governance:topic-list",
    )
    if response:
        return response
    return render(request, "governance/topic_edit.html", {"form": form, "topic": topic})


@login_required
@require_http_methods(["GET", "POST"])
def bands(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require_configure(request.user)
    current = {band.rating: band.min_score for band in RagBand.objects.all()}
    form = forms.BandsForm(
        request.POST or None,
        initial={"amber_from": current.get(Rag.AMBER), "red_from": current.get(Rag.RED)},
    )
    response, form = submit_form(
        request,
        form,
        lambda values: services.save_bands(acting_user=request.user, **values),
        success="RAG bands saved.",
        to="governance:bands",
    )
    if response:
        return response
    return render(request, "governance/bands.html", {"form": form, "bands": selectors.bands()})


# --- Free-speech complaints ---------------------------------------------------------


@require_GET
@login_required
def complaint_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require_view_complaints(request.user)
    stage = request.GET.get("stage", "")
    if stage not in dict(selectors.COMPLAINT_FILTERS):
        stage = ""
    page = selectors.complaints_page(
        filters=selectors.ComplaintFilter(stage=stage),
        after=request.GET.get("after"),
        before=request.GET.get("before"),
    )
    today = timezone.localdate()
    return render(
        request,
        "governance/complaints.html",
        {
            "rows": [(c, selectors.clocks(c, today)) for c in page.items],
            "page": page,
            "stage": stage,
            "stages": selectors.COMPLAINT_FILTERS,
            "page_query": f"stage={stage}" if stage else "",
            "manages": access.can_manage_complaints(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def complaint_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require_manage_complaints(request.user)
    form = forms.ComplaintForm(request.POST or None)
    response, form = submit_form(
        request,
        form,
        lambda values: services.record_complaint(acting_user=request.user, **values),
        success=lambda c: f"{c} recorded: the 30-day clock is running.",
        to=lambda c: reverse("governance:complaint-detail", args=[c.pk]),
    )
    if response:
        return response
    return render(request, "governance/complaint_form.html", {"form": form})


def _complaint_page(
    request: AuthenticatedHttpRequest, complaint: Complaint, **forms_given: Any
) -> HttpResponse:
    today = timezone.localdate()
    context: dict[str, Any] = {
        "complaint": complaint,
        "clocks": selectors.clocks(complaint, today),
        "scheme": Scheme(services.scheme_for(complaint.complainant_kind)).label,
        "manages": access.can_manage_complaints(request.user),
        "response_form": forms.ResponseForm(initial={"responded_on": today}),
        "escalation_form": forms.EscalationForm(initial={"escalated_on": today}),
        "closure_form": forms.ClosureForm(initial={"closed_on": today}),
    }
    context.update(forms_given)
    return render(request, "governance/complaint_detail.html", context)


def _complaint(pk: int) -> Complaint:
    return get_object_or_404(
        Complaint.objects.select_related("owner", "event_request", "speaker"), pk=pk
    )


@require_GET
@login_required
def complaint_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    access.require_view_complaints(request.user)
    return _complaint_page(request, _complaint(pk))


def _complaint_step(
    request: AuthenticatedHttpRequest,
    pk: int,
    form_class: type[PodiumForm],
    name: str,
    perform: Callable[..., Any],
    success: str,
) -> HttpResponse:
    access.require_manage_complaints(request.user)
    complaint = _complaint(pk)
    form = form_class(request.POST)
    response, form = submit_form(
        request,
        form,
        lambda values: perform(acting_user=request.user, complaint=complaint, **values),
        success=success,
        to=reverse("governance:complaint-detail", args=[complaint.pk]),
    )
    if response:
        return response
    complaint.refresh_from_db()
    return _complaint_page(request, complaint, **{name: form})


@require_POST
@login_required
def complaint_respond(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _complaint_step(
        request,
        pk,
        forms.ResponseForm,
        "response_form",
        services.record_response,
        "Response recorded.",
    )


@require_POST
@login_required
def complaint_escalate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _complaint_step(
        request,
        pk,
        forms.EscalationForm,
        "escalation_form",
        services.escalate_complaint,
        "Escalation recorded.",
    )


@require_POST
@login_required
def complaint_close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _complaint_step(
        request,
        pk,
        forms.ClosureForm,
        "closure_form",
        services.close_complaint,
        "Complaint closed.",
    )


# --- The code of practice -----------------------------------------------------------


def _code_version_or_404(request: HttpRequest, pk: int) -> CodeVersion:
    """A published version for anyone; a draft for those who prepare the code."""
    version = get_object_or_404(CodeVersion, pk=pk)
    if not version.is_published and not access.can_manage_code(request.user):
        raise Http404
    return version


@require_GET
def code(request: HttpRequest) -> HttpResponse:
    """The code in force, readable without signing in; its versions."""
    current = selectors.code_in_force()
    return render(
        request,
        "governance/code.html",
        {
            "version": current,
            "sections": selectors.code_sections(current) if current else [],
            "versions": [v for v in selectors.code_versions() if v.is_published],
            "draft": selectors.code_draft() if access.can_manage_code(request.user) else None,
            "manages": access.can_manage_code(request.user),
        },
    )


@require_GET
def code_version(request: HttpRequest, pk: int) -> HttpResponse:
    version = _code_version_or_404(request, pk)
    current = selectors.code_in_force()
    return render(
        request,
        "governance/code_version.html",
        {
            "version": version,
            "sections": selectors.code_sections(version),
            "in_force": current is not None and current.pk == version.pk,
            "manages": access.can_manage_code(request.user),
        },
    )


@require_POST
@login_required
def code_start(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require_manage_code(request.user)
    try:
        version = services.start_code_version(acting_user=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("governance:code")
    messages.success(request, f"Version {version.number} of the code started.")
    return redirect("governance:code-edit", pk=version.pk)


@login_required
@require_http_methods(["GET", "POST"])
def code_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    access.require_manage_code(request.user)
    version = get_object_or_404(CodeVersion, pk=pk)
    initial = {s.kind: s.text for s in version.sections.all()}
    form = forms.CodeForm(request.POST or None, initial=initial)
    response, form = submit_form(
        request,
        form,
        lambda values: services.save_code_sections(
            acting_user=request.user, version=version, texts=values
        ),
        success="Code saved.",
        to=reverse("governance:code-version", args=[version.pk]),
    )
    if response:
        return response
    return render(request, "governance/code_edit.html", {"form": form, "version": version})


@require_POST
@login_required
def code_publish(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    access.require_manage_code(request.user)
    version = get_object_or_404(CodeVersion, pk=pk)
    return _post_action(
        request,
        lambda: services.publish_code(acting_user=request.user, version=version),
        f"Version {version.number} of the code is published and in force.",
        reverse("governance:code-version", args=[version.pk]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def notice_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require_manage_code(request.user)
    form = forms.NoticeForm(request.POST or None, initial={"sent_on": timezone.localdate()})
    response, form = submit_form(
        request,
        form,
        lambda values: services.record_notice(acting_user=request.user, **values),
        success="Notice to students recorded.",
        to="governance:notice-list",
    )
    if response:
        return response
    return render(
        request,
        "governance/notices.html",
        {
            "form": form,
            "page": selectors.notices_page(
                after=request.GET.get("after"), before=request.GET.get("before")
            ),
            "page_query": "",
            "due": selectors.notice_due(),
        },
    )
