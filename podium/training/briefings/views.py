"""Pages for the student event-organiser briefing. Thin: check the capability,
validate the form, call one service, redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods

from podium.accounts import permissions
from podium.accounts.roles import Capability
from podium.core.errors import DomainError
from podium.core.http import AuthenticatedHttpRequest
from podium.core.pagination import page_query
from podium.training.briefings import forms, selectors, services


def _next(request: AuthenticatedHttpRequest) -> str:
    """Where to go after confirming: a page on this site (the request being
    submitted), or the briefing page."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


@login_required
@require_http_methods(["GET", "POST"])
def briefing(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Read the current version and confirm it (anyone signed in may)."""
    version = selectors.current_version()
    form = forms.ConfirmForm(
        request.POST or None, initial={"version": version.number if version else None}
    )
    if request.method == "POST" and form.is_valid():
        try:
            completion = services.confirm_briefing(
                acting_user=request.user, version_number=form.cleaned_data["version"]
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request,
                f"Briefing confirmed. It is in date until {completion.valid_until.day} "
                f"{completion.valid_until:%B %Y}.",
            )
            return redirect(_next(request) or "training:briefing")
    return render(
        request,
        "training/briefing/briefing.html",
        {
            "version": version,
            "form": form,
            "latest": selectors.latest_completion(request.user),
            "in_date": selectors.briefing_in_date(request.user),
            "next": _next(request),
            "may_view": permissions.has_capability(request.user, Capability.VIEW_BRIEFINGS),
        },
    )


@require_GET
@login_required
def organiser_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Which student organisers are briefed, in the viewer's societies and union."""
    permissions.require(request.user, Capability.VIEW_BRIEFINGS)
    status = request.GET.get("status", "")
    if status not in dict(selectors.BriefingFilter.CHOICES):
        status = ""
    page = selectors.organiser_page(
        viewer=request.user,
        status=status,
        after=request.GET.get("after"),
        before=request.GET.get("before"),
    )
    return render(
        request,
        "training/briefing/organisers.html",
        {
            "page": page,
            "status": status,
            "choices": selectors.BriefingFilter.CHOICES,
            "page_query": page_query(request),
            "version": selectors.current_version(),
            "window": selectors.remind_days(),
            "today": timezone.localdate(),
            "may_manage": permissions.has_capability(request.user, Capability.MANAGE_BRIEFINGS),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def attendance_record(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Record that a named student organiser attended a briefing session."""
    permissions.require(request.user, Capability.MANAGE_BRIEFINGS)
    form = forms.AttendanceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            completion = services.record_attendance(
                acting_user=request.user,
                student_email=form.cleaned_data["student_email"],
                attended_on=form.cleaned_data["attended_on"],
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request,
                f"Recorded the session for {completion.student}. Their briefing is in date "
                f"until {completion.valid_until.day} {completion.valid_until:%B %Y}.",
            )
            return redirect("training:briefing-organisers")
    return render(request, "training/briefing/attendance_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def version_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every published version (kept unchanged), and the form to publish a new one."""
    permissions.require(request.user, Capability.MANAGE_BRIEFINGS)
    current = selectors.current_version()
    initial = (
        {
            "title": current.title,
            "body": current.body,
            "valid_for_months": current.valid_for_months,
            "remind_days_before": current.remind_days_before,
        }
        if current
        else {}
    )
    form = forms.VersionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.publish_version(acting_user=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"Published version {version.number} of the briefing.")
            return redirect("training:briefing-versions")
    return render(
        request,
        "training/briefing/versions.html",
        {"form": form, "versions": list(selectors.all_versions()[:50])},
    )
