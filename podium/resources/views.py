"""The library's pages. Thin: check access, validate the form, call one service,
redirect; reads through `selectors`.

- Everyone signed in: the library of what their roles may read.
- Anyone, signed in or not: the public resources and their pages (404 otherwise).
- Administrators of the whole institution (`resources.manage`): add, edit, upload
  versions, retire and restore.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from podium.core.errors import DomainError
from podium.core.files import private_download
from podium.core.forms import submit_form
from podium.core.http import AuthenticatedHttpRequest
from podium.core.versioning import version_of
from podium.resources import access, forms, selectors, services
from podium.resources.models import Kind, Resource


def _download(resource: Resource, number: Any = None) -> HttpResponseBase:
    version = (
        selectors.current_version(resource)
        if number is None
        else selectors.get_version_or_404(resource, number)
    )
    if version is None:
        raise Http404
    return private_download(version.file, version.file_name)


# --- Reading ------------------------------------------------------------------------


@require_GET
@login_required
def library(request: AuthenticatedHttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    page = selectors.library(
        user=request.user,
        kind=kind,
        after=request.GET.get("after"),
        before=request.GET.get("before"),
    )
    return render(
        request,
        "resources/library.html",
        {
            "page": page,
            "kind": kind if kind in Kind.values else "",
            "kinds": Kind.choices,
            "page_query": f"kind={kind}" if kind in Kind.values else "",
            "manages": access.manages(request.user),
        },
    )


@require_GET
def download(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The current version of a document: anyone for a public one; otherwise the
    roles it is for (sign in first)."""
    if not request.user.is_authenticated:
        try:
            resource = selectors.get_public_or_404(pk)
        except Http404:
            return redirect_to_login(request.get_full_path())
    else:
        resource = selectors.get_readable_or_404(request.user, pk)
    return _download(resource)


@require_GET
def public_list(request: HttpRequest) -> HttpResponse:
    page = selectors.public_library(
        after=request.GET.get("after"), before=request.GET.get("before")
    )
    return render(request, "resources/public_list.html", {"page": page})


@require_GET
def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render(
        request, "resources/public_detail.html", {"resource": selectors.get_public_or_404(pk)}
    )


# --- Keeping the library (administrators) ---------------------------------------------


@require_GET
@login_required
def manage(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require_manager(request.user)
    show = "retired" if request.GET.get("show") == "retired" else ""
    page = selectors.managed(
        show=show, after=request.GET.get("after"), before=request.GET.get("before")
    )
    return render(
        request,
        "resources/manage.html",
        {
            "page": page,
            "show": show,
            "page_query": "show=retired" if show else "",
            "kinds": Kind.choices,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def add(request: AuthenticatedHttpRequest, kind: str) -> HttpResponse:
    access.require_manager(request.user)
    if kind not in Kind.values:
        raise Http404
    form = forms.ResourceForm(request.POST or None, request.FILES or None, kind=kind)
    done, form = submit_form(
        request,
        form,
        lambda data: services.add_resource(
            acting_user=request.user,
            kind=kind,
            facts=form.facts(),
            document=data.get("document"),
        ),
        success=lambda resource: f"Added {resource.title} to the library.",
        to=lambda resource: reverse("resources:edit", args=[resource.pk]),
    )
    return done or render(
        request,
        "resources/resource_form.html",
        {"form": form, "kind": Kind(kind), "resource": None},
        status=400 if form.errors else 200,
    )


def _edit_form(resource: Resource, data: Any) -> forms.ResourceForm:
    places, roles = selectors.tags(resource)
    initial = forms.initial_for(resource, places, roles)
    initial["version"] = version_of(resource, list(services.RESOURCE_FIELDS))
    return forms.ResourceForm(data, initial=initial, kind=resource.kind, adding=False)


def _edit_page(
    request: AuthenticatedHttpRequest,
    resource: Resource,
    form: forms.ResourceForm,
    version_form: forms.VersionForm | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "resources/resource_form.html",
        {
            "form": form,
            "kind": Kind(resource.kind),
            "resource": resource,
            "versions": selectors.versions(resource) if resource.kind == Kind.DOCUMENT else [],
            "version_form": version_form or forms.VersionForm(),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    access.require_manager(request.user)
    resource = selectors.get_for_manager_or_404(pk)
    form = _edit_form(resource, request.POST or None)
    done, form = submit_form(
        request,
        form,
        lambda data: services.change_resource(
            acting_user=request.user,
            resource=resource,
            facts=form.facts(),
            expected_version=data.get("version") or None,
        ),
        success=lambda r: f"Saved {r.title}.",
        to=lambda r: reverse("resources:edit", args=[r.pk]),
        current=lambda data: _edit_form(resource, data),
        instance=resource,
    )
    return done or _edit_page(request, resource, form, status=400 if form.errors else 200)


@require_POST
@login_required
def version_upload(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    access.require_manager(request.user)
    resource = selectors.get_for_manager_or_404(pk)
    version_form = forms.VersionForm(request.POST, request.FILES)
    if version_form.is_valid():
        try:
            number = services.upload_version(
                acting_user=request.user,
                resource=resource,
                document=version_form.cleaned_data["document"],
            )
        except DomainError as error:
            version_form.add_domain_error(error)
        else:
            messages.success(request, f"Version {number} uploaded; the earlier ones are kept.")
            return redirect("resources:edit", pk=resource.pk)
    return _edit_page(
        request, resource, _edit_form(resource, None), version_form=version_form, status=400
    )


@require_GET
@login_required
def version_download(request: AuthenticatedHttpRequest, pk: int, number: int) -> HttpResponseBase:
    access.require_manager(request.user)
    return _download(selectors.get_for_manager_or_404(pk), number)


def _act(request: AuthenticatedHttpRequest, pk: int, act: Any, done: str) -> HttpResponse:
    access.require_manager(request.user)
    resource = selectors.get_for_manager_or_404(pk)
    try:
        act(acting_user=request.user, resource=resource)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, done.format(title=resource.title))
    return redirect("resources:edit", pk=resource.pk)


@require_POST
@login_required
def retire(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        services.retire_resource,
        "Retired {title}: it is no longer shown, and its record is kept.",
    )


@require_POST
@login_required
def restore(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, services.restore_resource, "Restored {title} to the library.")
