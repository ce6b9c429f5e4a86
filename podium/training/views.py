"""Pages for staff training. Thin: check access (`access`), validate the form,
call one service, redirect. Who may do what is decided in `access`."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from podium.accounts import permissions
from podium.accounts.models import OrgUnit
from podium.accounts.roles import Capability
from podium.core.errors import DomainError
from podium.core.files import private_download
from podium.core.forms import submit_form
from podium.core.http import AuthenticatedHttpRequest
from podium.core.pagination import page_query
from podium.core.versioning import version_of
from podium.training import access, exports, forms, selectors, services
from podium.training.models import (
    Course,
    ImportStatus,
    Requirement,
    ReturnCategory,
    StaffGroup,
    TrainingImport,
)
from podium.training.rules import Status


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isascii() and value.isdigit() and len(value) < 19 else None


# --- Dashboard and lists ---------------------------------------------------------


@require_GET
@login_required
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Compliance by unit and staff group, with the people behind each number."""
    permissions.require(request.user, Capability.VIEW_TRAINING)
    course_id = _int(request.GET.get("course"))
    course = Course.objects.filter(pk=course_id).first() if course_id else None
    unit = None
    unit_id = _int(request.GET.get("unit"))  # not a number: ignored, as in the lists
    if unit_id is not None:  # a unit's units below: 404 outside the person's units
        unit = permissions.get_unit_or_404(request.user, Capability.VIEW_TRAINING, unit_id)
    board = selectors.dashboard(
        user=request.user,
        course=course,
        unit=unit,
        after=request.GET.get("after"),
        before=request.GET.get("before"),
    )
    return render(
        request,
        "training/dashboard.html",
        {
            "board": board,
            "course": course,
            "page": board.units_page,
            "page_query": page_query(request),
            "statuses": selectors.COUNTED,
            "manages": permissions.can_institution_wide(request.user, Capability.MANAGE_TRAINING),
        },
    )


def _status_filter(request: AuthenticatedHttpRequest) -> selectors.StatusFilter:
    group = request.GET.get("group", "")
    return selectors.StatusFilter(
        unit=_int(request.GET.get("unit")),
        group=_int(group),
        no_group=group == "none",
        course=_int(request.GET.get("course")),
        status=request.GET.get("status", "") if request.GET.get("status") in Status.values else "",
        below=request.GET.get("below") == "1",
    )


@require_GET
@login_required
def status_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    permissions.require(request.user, Capability.VIEW_TRAINING)
    filters = _status_filter(request)
    page = selectors.status_page(
        user=request.user,
        filters=filters,
        after=request.GET.get("after"),
        before=request.GET.get("before"),
    )
    return render(
        request,
        "training/status_list.html",
        {
            "page": page,
            "filters": filters,
            "page_query": page_query(request),
            "unit": OrgUnit.objects.filter(pk=filters.unit).first() if filters.unit else None,
            "group": StaffGroup.objects.filter(pk=filters.group).first() if filters.group else None,
            "course": Course.objects.filter(pk=filters.course).first() if filters.course else None,
            "status_label": Status(filters.status).label if filters.status else "",
        },
    )


@require_GET
@login_required
def status_export(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    """The drill-down list as CSV (streamed) or XLSX."""
    permissions.require(request.user, Capability.VIEW_TRAINING)
    rows = selectors.status_rows(user=request.user, filters=_status_filter(request)).order_by(
        "staff_id", "pk"
    )
    lines = (exports.status_row(row) for row in rows.iterator(chunk_size=2000))
    stamp = timezone.localdate().isoformat()
    response: HttpResponse
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            exports.xlsx_bytes(lines),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="training-status-{stamp}.xlsx"'
        return response
    streaming = StreamingHttpResponse(
        exports.csv_lines(lines), content_type="text/csv; charset=utf-8"
    )
    streaming["Content-Disposition"] = f'attachment; filename="training-status-{stamp}.csv"'
    return streaming


@require_GET
@login_required
def unit_export(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    """The dashboard's whole table by unit (each unit's own staff) as CSV."""
    permissions.require(request.user, Capability.VIEW_TRAINING)
    course_id = _int(request.GET.get("course"))
    course = Course.objects.filter(pk=course_id).first() if course_id else None
    lines = selectors.unit_table(user=request.user, course=course)
    streaming = StreamingHttpResponse(
        exports.csv_lines(lines, headings=exports.UNIT_HEADINGS),
        content_type="text/csv; charset=utf-8",
    )
    stamp = timezone.localdate().isoformat()
    streaming["Content-Disposition"] = f'attachment; filename="training-by-unit-{stamp}.csv"'
    return streaming


@require_GET
@login_required
def staff_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    permissions.require(request.user, Capability.VIEW_TRAINING)
    search = request.GET.get("q", "").strip()[:200]
    include_left = request.GET.get("left") == "1"
    page = selectors.staff_page(
        user=request.user,
        search=search,
        include_left=include_left,
        after=request.GET.get("after"),
        before=request.GET.get("before"),
    )
    return render(
        request,
        "training/staff_list.html",
        {
            "page": page,
            "rows": selectors.staff_rows(page.items),
            "q": search,
            "include_left": include_left,
            "page_query": page_query(request),
        },
    )


@require_GET
@login_required
def staff_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    staff = access.get_staff_or_404(request.user, pk)
    return render(
        request,
        "training/staff_detail.html",
        {
            "staff": staff,
            "statuses": selectors.statuses_of(staff),
            "completions": selectors.completions_of(staff),
            "may_record": permissions.can(request.user, Capability.MANAGE_TRAINING, staff.unit),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def completion_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    staff = access.get_staff_or_404(request.user, pk, Capability.MANAGE_TRAINING)
    form = forms.CompletionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_completion(
                acting_user=request.user,
                staff=staff,
                course=form.cleaned_data["course"],
                completed_on=form.cleaned_data["completed_on"],
                evidence=form.cleaned_data.get("evidence") or None,
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request, f"Recorded {form.cleaned_data['course']} for {staff.full_name}."
            )
            return redirect("training:staff-detail", pk=staff.pk)
    return render(request, "training/completion_form.html", {"staff": staff, "form": form})


@require_GET
@login_required
def evidence_download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """Evidence only to those who may see the person; always as an attachment."""
    completion = access.get_completion_or_404(request.user, pk)
    if not completion.evidence:
        raise Http404
    return private_download(completion.evidence, completion.evidence_name or "evidence")


# --- Imports -----------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def import_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require_administrator(request.user)
    form = forms.UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.upload_import(
                acting_user=request.user,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
                full_file=form.cleaned_data["full_file"],
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            return redirect("training:import-detail", pk=batch.pk)
    recent = TrainingImport.objects.select_related("uploaded_by")[:20]
    return render(request, "training/import_list.html", {"form": form, "recent": recent})


@login_required
@require_http_methods(["GET", "POST"])
def import_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Choose columns (then start), watch progress, or read the result."""
    access.require_administrator(request.user)
    batch = get_object_or_404(TrainingImport, pk=pk)
    form = None
    if batch.status == ImportStatus.UPLOADED:
        form = forms.MappingForm(
            request.POST or None, kind=batch.kind, headers=batch.headers, initial=batch.mapping
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.start_import(
                    acting_user=request.user,
                    batch=batch,
                    mapping={k: v for k, v in form.cleaned_data.items() if v},
                )
            except DomainError as error:
                form.add_domain_error(error)
            else:
                return redirect("training:import-detail", pk=batch.pk)
    elif request.method == "POST":
        messages.error(request, "This import has already been started.")
        return redirect("training:import-detail", pk=batch.pk)
    return render(request, "training/import_detail.html", {"batch": batch, "form": form})


# --- Courses, requirements, staff groups -------------------------------------------


def _edit(
    request: AuthenticatedHttpRequest,
    *,
    form_class: Any,
    instance: Any,
    save: Callable[[Any, dict[str, Any], str | None], Any],
    fields: list[str],
    versioned: tuple[str, ...],
    template: str,
    success: str,
    context: dict[str, Any],
) -> HttpResponse:
    def current(data: Any) -> Any:
        if instance is None:
            return form_class(data)
        initial = {name: getattr(instance, name) for name in fields}
        initial["version"] = version_of(instance, list(versioned))
        return form_class(data, initial=initial)

    def perform(data: dict[str, Any]) -> Any:
        values = dict(data)
        version = values.pop("version", "") or None
        return save(instance, values, version)

    done, form = submit_form(
        request,
        current(request.POST or None),
        perform,
        success="Saved.",
        to=success,
        current=current,
        instance=instance or Course(),
    )
    return done or render(request, template, {"form": form, "instance": instance, **context})


COURSE_FORM_FIELDS = [
    "name",
    "code",
    "provider",
    "category",
    "validity_months",
    "required_to_decide",
    "is_active",
]
REQUIREMENT_FORM_FIELDS = [
    "course",
    "group",
    "role",
    "due_within_days",
    "renew_every_months",
    "window_days",
]


@login_required
@require_http_methods(["GET", "POST"])
def course_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require_administrator(request.user)
    return _edit(
        request,
        form_class=forms.CourseForm,
        instance=None,
        save=lambda course, values, version: services.save_course(
            acting_user=request.user, course=course, expected_version=version, **values
        ),
        fields=COURSE_FORM_FIELDS,
        versioned=services.COURSE_FIELDS,
        template="training/courses.html",
        success="training:course-list",
        context={"courses": Course.objects.all()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def course_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    access.require_administrator(request.user)
    return _edit(
        request,
        form_class=forms.CourseForm,
        instance=get_object_or_404(Course, pk=pk),
        save=lambda course, values, version: services.save_course(
            acting_user=request.user, course=course, expected_version=version, **values
        ),
        fields=COURSE_FORM_FIELDS,
        versioned=services.COURSE_FIELDS,
        template="training/edit.html",
        success="training:course-list",
        context={"what": "course"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def requirement_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require_administrator(request.user)
    return _edit(
        request,
        form_class=forms.RequirementForm,
        instance=None,
        save=lambda requirement, values, version: services.save_requirement(
            acting_user=request.user, requirement=requirement, expected_version=version, **values
        ),
        fields=REQUIREMENT_FORM_FIELDS,
        versioned=services.REQUIREMENT_FIELDS,
        template="training/requirements.html",
        success="training:requirement-list",
        context={"requirements": Requirement.objects.select_related("course", "group")},
    )


@login_required
@require_http_methods(["GET", "POST"])
def requirement_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    access.require_administrator(request.user)
    return _edit(
        request,
        form_class=forms.RequirementForm,
        instance=get_object_or_404(Requirement, pk=pk),
        save=lambda requirement, values, version: services.save_requirement(
            acting_user=request.user, requirement=requirement, expected_version=version, **values
        ),
        fields=REQUIREMENT_FORM_FIELDS,
        versioned=services.REQUIREMENT_FIELDS,
        template="training/edit.html",
        success="training:requirement-list",
        context={"what": "requirement"},
    )


@require_POST
@login_required
def requirement_delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    access.require_administrator(request.user)
    requirement = get_object_or_404(Requirement, pk=pk)
    services.delete_requirement(acting_user=request.user, requirement=requirement)
    messages.success(request, "Requirement removed.")
    return redirect("training:requirement-list")


@login_required
@require_http_methods(["GET", "POST"])
def group_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require_administrator(request.user)
    return _edit(
        request,
        form_class=forms.StaffGroupForm,
        instance=None,
        save=lambda group, values, version: services.save_group(
            acting_user=request.user, group=group, expected_version=version, **values
        ),
        fields=["name", "is_active"],
        versioned=services.GROUP_FIELDS,
        template="training/groups.html",
        success="training:group-list",
        context={"groups": StaffGroup.objects.all()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def group_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    access.require_administrator(request.user)
    return _edit(
        request,
        form_class=forms.StaffGroupForm,
        instance=get_object_or_404(StaffGroup, pk=pk),
        save=lambda group, values, version: services.save_group(
            acting_user=request.user, group=group, expected_version=version, **values
        ),
        fields=["name", "is_active"],
        versioned=services.GROUP_FIELDS,
        template="training/edit.html",
        success="training:group-list",
        context={"what": "staff group"},
    )


# --- The regulator's numbers ---------------------------------------------------------


@require_GET
@login_required
def returns(request: AuthenticatedHttpRequest) -> HttpResponse:
    permissions.require(request.user, Capability.VIEW_TRAINING)
    current = selectors.current_academic_year()
    year = _int(request.GET.get("year")) or current
    if not 1990 <= year <= current + 1:
        year = current
    counts = selectors.yearly_counts(user=request.user, year=year)
    return render(
        request,
        "training/returns.html",
        {
            "year": year,
            "years": range(current, current - 10, -1),
            "rows": [(c.value, c.label, counts[c.value]) for c in ReturnCategory],
        },
    )


@require_GET
@login_required
def returns_detail(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The completions behind one of the yearly numbers."""
    permissions.require(request.user, Capability.VIEW_TRAINING)
    year = _int(request.GET.get("year")) or selectors.current_academic_year()
    category = request.GET.get("category", ReturnCategory.INDUCTION)
    if category not in ReturnCategory.values or not 1990 <= year <= 2200:
        raise Http404
    page = selectors.year_completions(
        user=request.user,
        year=year,
        category=category,
        after=request.GET.get("after"),
        before=request.GET.get("before"),
    )
    return render(
        request,
        "training/returns_detail.html",
        {"page": page, "year": year, "category": ReturnCategory(category).label},
    )
