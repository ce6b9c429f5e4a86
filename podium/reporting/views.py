"""Pages of the return and the transparency report (thin: parse, call, render).
Who reaches each page and why: README.md."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from podium.accounts import permissions
from podium.accounts.roles import Capability
from podium.core import academic_year
from podium.core.forms import GoverningBodySignOffForm, submit_form
from podium.core.http import AuthenticatedHttpRequest
from podium.reporting import exports, forms, selectors, services
from podium.reporting.models import ReportingSettings


def _year(request: HttpRequest, default: int) -> int:
    raw = request.GET.get("year", "")
    if not raw:
        return default
    if not (raw.isascii() and raw.isdigit() and len(raw) == 4) or not 2000 <= int(raw) <= 2200:
        raise Http404
    return int(raw)


@require_GET
@login_required
def return_detail(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The return for a year, for the team: unsuppressed (case counts follow the
    concerns app's rule), each number a link to its records where the viewer may
    open them, and the differences since the sign-off."""
    permissions.require_institution_wide(request.user, Capability.VIEW_RETURN)
    year = _year(request, selectors.latest_complete_year())
    report = selectors.the_return(year=year, user=request.user)
    sign_off = selectors.sign_off_of(year)
    return render(
        request,
        "reporting/return_detail.html",
        {
            "report": report,
            "cells": selectors.team_cells(report, user=request.user),
            "years": selectors.years_offered(),
            "sign_off": sign_off,
            "differences": (
                selectors.differences(report, sign_off, user=request.user) if sign_off else []
            ),
            "can_sign": permissions.can_institution_wide(request.user, Capability.SIGN_OFF_RETURN),
            "signable": year <= selectors.latest_complete_year(),
        },
    )


@require_GET
@login_required
def return_pack(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The governing-body pack: the return suppressed, no links, for printing."""
    permissions.require_institution_wide(request.user, Capability.VIEW_RETURN)
    year = _year(request, selectors.latest_complete_year())
    report = selectors.the_return(year=year, user=request.user)
    sign_off = selectors.sign_off_of(year)
    return render(
        request,
        "reporting/return_pack.html",
        {
            "report": report,
            "cells": selectors.displayed(report, suppress=True),
            "threshold": report.threshold,
            "sign_off": sign_off,
            "changed": selectors.changed_since(report, sign_off),
        },
    )


@require_GET
@login_required
def return_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The return as CSV or XLSX (`?format=xlsx`), suppressed."""
    permissions.require_institution_wide(request.user, Capability.VIEW_RETURN)
    year = _year(request, selectors.latest_complete_year())
    report = selectors.the_return(year=year, user=request.user)
    rows = selectors.export_rows(report)
    title = f"{report.title} {report.label} (numbers below {report.threshold} withheld)"
    name = f"prevent-return-{year}-{str(year + 1)[-2:]}"
    response: HttpResponse
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            exports.xlsx_bytes(title, rows),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    response = HttpResponse(exports.csv_text(title, rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def return_sign_off(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A governing body member signs the year's return off: the figures freeze."""
    permissions.require_institution_wide(request.user, Capability.SIGN_OFF_RETURN)
    year = _year(request, selectors.latest_complete_year())
    form = GoverningBodySignOffForm(
        request.POST or None,
        initial={"signer_name": request.user.full_name, "signed_on": timezone.localdate()},
    )
    detail = f"{reverse('reporting:return-detail')}?year={year}"
    response, form = submit_form(
        request,
        form,
        lambda values: services.sign_off_return(acting_user=request.user, year=year, **values),
        success=f"The {academic_year.label(year)} return is signed off.",
        to=detail,
    )
    if response:
        return response
    report = selectors.the_return(year=year, user=request.user)
    return render(
        request,
        "reporting/return_sign_off.html",
        {
            "report": report,
            # What the signer may see on screen: the case counts follow the
            # concerns app's rule here as on the return (the snapshot keeps them all).
            "cells": selectors.team_cells(report, user=request.user),
            "form": form,
            "sign_off": selectors.sign_off_of(year),
            "signable": year <= selectors.latest_complete_year(),
            "detail": detail,
        },
    )


@require_GET
@login_required
def definitions(request: AuthenticatedHttpRequest) -> HttpResponse:
    """How each number is counted, so two people get the same answer."""
    permissions.require_institution_wide(request.user, Capability.VIEW_RETURN)
    return render(request, "reporting/definitions.html", {"threshold": selectors.threshold()})


@login_required
@require_http_methods(["GET", "POST"])
def return_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    permissions.require_institution_wide(request.user, Capability.PUBLISH_TRANSPARENCY)
    row = ReportingSettings.current()
    form = forms.SettingsForm(
        request.POST or None,
        initial={
            "suppression_threshold": row.suppression_threshold,
            "jurisdiction": row.jurisdiction,
        },
    )
    response, form = submit_form(
        request,
        form,
        lambda values: services.save_settings(acting_user=request.user, **values),
        success="Reporting settings saved.",
        to="reporting:return-settings",
    )
    return response or render(request, "reporting/settings.html", {"form": form})


# --- The transparency report -----------------------------------------------------------


@require_GET
def transparency_list(request: HttpRequest) -> HttpResponse:
    """Public: the published reports (no sign-in)."""
    return render(
        request,
        "reporting/transparency_list.html",
        {
            "reports": selectors.published_reports(),
            "can_publish": permissions.can_institution_wide(
                request.user, Capability.PUBLISH_TRANSPARENCY
            ),
        },
    )


@require_GET
def transparency_detail(request: HttpRequest, year: int) -> HttpResponse:
    """Public once published; 404 before, to everyone (the draft is on the publish page)."""
    report = selectors.published_report(year)
    if report is None:
        raise Http404
    return render(
        request,
        "reporting/transparency_detail.html",
        {
            "year_label": academic_year.label(year),
            "report": report,
            "lines": selectors.transparency_lines(report.figures),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def transparency_publish(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The draft report for a year (suppressed, as it would be published) and the
    button to publish it."""
    permissions.require_institution_wide(request.user, Capability.PUBLISH_TRANSPARENCY)
    year = _year(request, selectors.latest_complete_year())
    form = forms.PublishForm(request.POST if request.method == "POST" else None)
    response, form = submit_form(
        request,
        form,
        lambda values: services.publish_transparency_report(acting_user=request.user, year=year),
        success=f"The {academic_year.label(year)} transparency report is published.",
        to=reverse("reporting:transparency-detail", args=[year]),
    )
    if response:
        return response
    draft = selectors.transparency_figures(year=year)
    return render(
        request,
        "reporting/transparency_publish.html",
        {
            "year": year,
            "year_label": academic_year.label(year),
            "form": form,
            "lines": selectors.transparency_lines(draft),
            "published": selectors.published_report(year),
            "publishable": year <= selectors.latest_complete_year(),
            "years": selectors.years_offered(),
        },
    )
