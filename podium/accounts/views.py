"""The administrators' pages for units, people and roles.

Views are thin: check access through `permissions`, parse the form, call one
service, redirect with a message.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from podium.accounts import permissions, selectors, services
from podium.accounts.audit_log import selectors as audit_selectors
from podium.accounts.forms import (
    GrantRoleForm,
    MfaPolicyForm,
    OidcProviderForm,
    PersonForm,
    SamlProviderForm,
    UnitForm,
)
from podium.accounts.models import RoleAssignment, User, normalise_email
from podium.accounts.roles import Capability, Role
from podium.core.errors import DomainError
from podium.core.forms import form_after_refusal, initial_from
from podium.core.http import AuthenticatedHttpRequest
from podium.core.versioning import version_of

# --- Units ---------------------------------------------------------------------


# How many units below a unit its page lists before linking to the units tree.
CHILDREN_SHOWN = 20


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isascii() and value.isdigit() and len(value) < 19 else None


def _require_unit_viewer(request: HttpRequest) -> None:
    if not (
        permissions.has_capability(request.user, Capability.MANAGE_UNITS)
        or permissions.has_capability(request.user, Capability.VIEW_PEOPLE)
    ):
        raise PermissionDenied


@require_GET
@login_required
def unit_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The units tree a level at a time: the top of the person's scope, or the units
    directly below `?parent=` (50 to a page)."""
    _require_unit_viewer(request)
    parent = None
    parent_id = _int(request.GET.get("parent"))  # not a number: ignored
    if parent_id is not None:
        parent = get_object_or_404(selectors.visible_units(viewer=request.user), pk=parent_id)
    page = selectors.unit_tree_page(
        viewer=request.user,
        parent=parent,
        after=request.GET.get("after"),
        before=request.GET.get("before"),
    )
    return render(
        request,
        "accounts/unit_list.html",
        {
            "units": page.items,
            "page": page,
            "parent": parent,
            "ancestors": selectors.visible_ancestors(viewer=request.user, unit=parent),
            "page_query": urlencode({"parent": parent.pk}) if parent else "",
            "can_add": permissions.has_capability(request.user, Capability.MANAGE_UNITS),
        },
    )


@require_GET
@login_required
def unit_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    _require_unit_viewer(request)
    unit = get_object_or_404(
        selectors.visible_units(viewer=request.user).select_related("parent"), pk=pk
    )
    can_manage_roles = permissions.can(request.user, Capability.MANAGE_ROLES, unit)
    return render(
        request,
        "accounts/unit_detail.html",
        {
            "unit": unit,
            "holders": selectors.unit_role_holders(unit=unit),
            # The first few; all of them, a page at a time, on the units tree.
            "children": list(unit.children.order_by("name")[: CHILDREN_SHOWN + 1]),
            "children_shown": CHILDREN_SHOWN,
            "can_edit": permissions.can(request.user, Capability.MANAGE_UNITS, unit),
            "can_manage_roles": can_manage_roles,
            # Everything done in this unit: the unit's own changes and its roles.
            "history": audit_selectors.history_for(
                viewer=request.user, target=unit, also=Q(unit=unit)
            ),
            "history_target": audit_selectors.target_key(unit),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def unit_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    permissions.require(request.user, Capability.MANAGE_UNITS)
    parents = selectors.parent_choices(viewer=request.user)
    initial = {"parent": request.GET.get("parent")} if request.GET.get("parent") else {}
    form = UnitForm(request.POST or None, parents=parents, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.create_unit(
                acting_user=request.user,
                name=form.cleaned_data["name"],
                kind=form.cleaned_data["kind"],
                parent=form.cleaned_data["parent"],
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"{unit} added.")
            return redirect("accounts:unit-detail", pk=unit.pk)
    return render(request, "accounts/unit_form.html", {"form": form, "unit": None})


@login_required
@require_http_methods(["GET", "POST"])
def unit_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    unit = permissions.get_unit_or_404(request.user, Capability.MANAGE_UNITS, pk)
    editing_root = unit.parent_id is None
    parents = selectors.parent_choices(viewer=request.user).exclude(path__startswith=unit.path)

    def current_form(data: Mapping[str, Any] | None = None) -> UnitForm:
        initial = initial_from(unit, ["name", "kind", "parent", "is_active"])
        initial["version"] = version_of(unit, services.UNIT_EDITED_FIELDS)
        return UnitForm(data, parents=parents, editing_root=editing_root, initial=initial)

    form = current_form(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            unit = services.update_unit(
                acting_user=request.user,
                unit=unit,
                name=form.cleaned_data["name"],
                kind=form.cleaned_data["kind"],
                parent=None if editing_root else form.cleaned_data["parent"],
                is_active=form.cleaned_data["is_active"],
                expected_version=form.cleaned_data["version"] or None,
            )
        except DomainError as error:
            form = form_after_refusal(form, error, current=current_form, instance=unit)
        else:
            messages.success(request, f"{unit} saved.")
            return redirect("accounts:unit-detail", pk=unit.pk)
    return render(request, "accounts/unit_form.html", {"form": form, "unit": unit})


@login_required
@require_http_methods(["GET", "POST"])
def unit_grant_role(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    unit = permissions.get_unit_or_404(request.user, Capability.MANAGE_ROLES, pk)
    form = GrantRoleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = User.objects.filter(email=normalise_email(form.cleaned_data["email"])).first()
        if person is None:
            form.add_error(
                "email",
                "No one with this e-mail address has a Podium account. "
                "An administrator adds people under People.",
            )
        else:
            try:
                assignment = services.grant_role(
                    acting_user=request.user,
                    user=person,
                    role=form.cleaned_data["role"],
                    unit=unit,
                    include_descendants=form.cleaned_data["include_descendants"],
                )
            except DomainError as error:
                form.add_domain_error(error)
            else:
                messages.success(request, f"{person} is now {assignment}.")
                return redirect("accounts:unit-detail", pk=unit.pk)
    return render(request, "accounts/role_grant.html", {"form": form, "unit": unit})


@login_required
@require_POST
def role_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    permissions.require(request.user, Capability.MANAGE_ROLES)
    assignment = get_object_or_404(
        RoleAssignment.objects.current()
        .filter(permissions.unit_scope(request.user, Capability.MANAGE_ROLES, prefix="unit__"))
        .select_related("user", "unit"),
        pk=pk,
    )
    try:
        services.revoke_role(acting_user=request.user, assignment=assignment)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            f"{assignment.user} is no longer {Role(assignment.role).label} for {assignment.unit}.",
        )
    return redirect("accounts:unit-detail", pk=assignment.unit_id)


# --- People --------------------------------------------------------------------


# How far back the people page lists grants of deciding roles.
RECENT_GRANT_DAYS = 30


def _person_or_404(pk: int) -> User:
    try:
        return User.objects.get(pk=pk)
    except User.DoesNotExist:
        raise Http404 from None


@require_GET
@login_required
def user_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    permissions.require_institution_wide(request.user, Capability.VIEW_PEOPLE)
    # NUL cannot be stored or searched for in PostgreSQL, and no name contains one.
    search = request.GET.get("q", "").replace("\x00", "").strip()[:200]
    page = selectors.people_page(
        search=search, after=request.GET.get("after"), before=request.GET.get("before")
    )
    return render(
        request,
        "accounts/user_list.html",
        {
            "page": page,
            "rows": selectors.people_rows(page.items),
            "search": search,
            "page_query": urlencode({"q": search}) if search else "",
            "can_add": permissions.can_institution_wide(request.user, Capability.MANAGE_USERS),
            "deciding_grants": selectors.recent_deciding_grants(days=RECENT_GRANT_DAYS),
            "recent_grant_days": RECENT_GRANT_DAYS,
        },
    )


@require_GET
@login_required
def user_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    permissions.require_institution_wide(request.user, Capability.VIEW_PEOPLE)
    person = _person_or_404(pk)
    role_history = list(selectors.person_role_history(person=person))
    revocable = {
        a.pk
        for a in role_history
        if a.is_current and permissions.can(request.user, Capability.MANAGE_ROLES, a.unit)
    }
    return render(
        request,
        "accounts/user_detail.html",
        {
            "person": person,
            "role_history": role_history,
            "revocable": revocable,
            "can_manage": permissions.can_institution_wide(request.user, Capability.MANAGE_USERS),
            "history": audit_selectors.history_for(
                viewer=request.user,
                target=person,
                also=Q(
                    target_type="accounts.roleassignment",
                    target_id__in=[str(a.pk) for a in role_history],
                ),
            ),
            "history_target": audit_selectors.target_key(person),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def user_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    permissions.require_institution_wide(request.user, Capability.MANAGE_USERS)
    form = PersonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.create_user(
                acting_user=request.user,
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                request=request,
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(
                request, f"{person} added. They have been e-mailed a link to choose a password."
            )
            return redirect("accounts:user-detail", pk=person.pk)
    return render(request, "accounts/user_form.html", {"form": form, "person": None})


@login_required
@require_http_methods(["GET", "POST"])
def user_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    permissions.require_institution_wide(request.user, Capability.MANAGE_USERS)
    person = _person_or_404(pk)

    def current_form(data: Mapping[str, Any] | None = None) -> PersonForm:
        initial = initial_from(person, ["full_name", "email"])
        initial["version"] = version_of(person, services.USER_EDITED_FIELDS)
        return PersonForm(data, initial=initial)

    form = current_form(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = services.update_user(
                acting_user=request.user,
                user=person,
                email=form.cleaned_data["email"],
                full_name=form.cleaned_data["full_name"],
                expected_version=form.cleaned_data["version"] or None,
            )
        except DomainError as error:
            form = form_after_refusal(form, error, current=current_form, instance=person)
        else:
            messages.success(request, f"{person} saved.")
            return redirect("accounts:user-detail", pk=person.pk)
    return render(request, "accounts/user_form.html", {"form": form, "person": person})


@login_required
@require_POST
def user_deactivate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    permissions.require_institution_wide(request.user, Capability.MANAGE_USERS)
    person = _person_or_404(pk)
    try:
        services.deactivate_user(acting_user=request.user, user=person)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{person} can no longer sign in.")
    return redirect("accounts:user-detail", pk=person.pk)


@login_required
@require_POST
def user_reactivate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    permissions.require_institution_wide(request.user, Capability.MANAGE_USERS)
    person = _person_or_404(pk)
    try:
        services.reactivate_user(acting_user=request.user, user=person)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{person} can sign in again.")
    return redirect("accounts:user-detail", pk=person.pk)


# --- Sign-in rules and sessions ----------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def security_settings(request: AuthenticatedHttpRequest) -> HttpResponse:
    permissions.require_institution_wide(request.user, Capability.MANAGE_SECURITY)
    form = MfaPolicyForm(
        request.POST or None, initial={"roles": sorted(selectors.mfa_required_roles())}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_mfa_required_roles(
                acting_user=request.user, roles=set(form.cleaned_data["roles"])
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, "Sign-in rules saved.")
            return redirect("accounts:security-settings")
    return render(request, "accounts/security_settings.html", {"form": form})


@login_required
@require_POST
def session_keepalive(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The "Stay signed in" button: the request itself renews the idle limit."""
    return HttpResponse(status=204)


# --- Single sign-on providers ---------------------------------------------------------


@require_GET
@login_required
def sso_provider_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    permissions.require_institution_wide(request.user, Capability.MANAGE_SECURITY)
    return render(
        request,
        "accounts/sso_provider_list.html",
        {"providers": selectors.oidc_providers(), "saml_providers": selectors.saml_providers()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def sso_provider_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _sso_provider_form(request, app=None)


@login_required
@require_http_methods(["GET", "POST"])
def sso_provider_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    permissions.require_institution_wide(request.user, Capability.MANAGE_SECURITY)
    app = get_object_or_404(selectors.oidc_providers(), pk=pk)
    return _sso_provider_form(request, app=app)


def _sso_provider_form(request: AuthenticatedHttpRequest, *, app: Any) -> HttpResponse:
    permissions.require_institution_wide(request.user, Capability.MANAGE_SECURITY)
    initial = {}
    if app is not None:
        initial = {
            "name": app.name,
            "provider_id": app.provider_id,
            "server_url": app.settings.get("server_url", ""),
            "client_id": app.client_id,
            "trust_email": bool(app.settings.get("trust_email")),
        }
    form = OidcProviderForm(request.POST or None, initial=initial)
    if app is not None:
        form.fields["provider_id"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_oidc_provider(
                acting_user=request.user,
                app=app,
                name=form.cleaned_data["name"],
                provider_id=form.cleaned_data["provider_id"],
                server_url=form.cleaned_data["server_url"],
                client_id=form.cleaned_data["client_id"],
                secret=form.cleaned_data["secret"],
                trust_email=form.cleaned_data["trust_email"],
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"{saved.name} saved.")
            return redirect("accounts:sso-provider-list")
    callback = None
    if app is not None:
        callback = request.build_absolute_uri(
            reverse("openid_connect_callback", kwargs={"provider_id": app.provider_id})
        )
    return render(
        request,
        "accounts/sso_provider_form.html",
        {"form": form, "app": app, "callback": callback},
    )


@login_required
@require_http_methods(["GET", "POST"])
def saml_provider_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _saml_provider_form(request, app=None)


@login_required
@require_http_methods(["GET", "POST"])
def saml_provider_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    permissions.require_institution_wide(request.user, Capability.MANAGE_SECURITY)
    app = get_object_or_404(selectors.saml_providers(), pk=pk)
    return _saml_provider_form(request, app=app)


def _saml_provider_form(request: AuthenticatedHttpRequest, *, app: Any) -> HttpResponse:
    permissions.require_institution_wide(request.user, Capability.MANAGE_SECURITY)
    initial = {}
    if app is not None:
        idp = app.settings.get("idp", {})
        initial = {
            "name": app.name,
            "organisation": app.client_id,
            "entity_id": idp.get("entity_id", ""),
            "sso_url": idp.get("sso_url", ""),
            "certificate": idp.get("x509cert", ""),
            "trust_email": bool(app.settings.get("trust_email")),
        }
    form = SamlProviderForm(request.POST or None, initial=initial)
    if app is not None:
        form.fields["organisation"].disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_saml_provider(
                acting_user=request.user,
                app=app,
                name=form.cleaned_data["name"],
                organisation=form.cleaned_data["organisation"],
                entity_id=form.cleaned_data["entity_id"],
                sso_url=form.cleaned_data["sso_url"],
                certificate=form.cleaned_data["certificate"],
                trust_email=form.cleaned_data["trust_email"],
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"{saved.name} saved.")
            return redirect("accounts:sso-provider-list")
    urls = None
    if app is not None:
        slug = {"organization_slug": app.client_id}
        urls = {
            "metadata": request.build_absolute_uri(reverse("saml_metadata", kwargs=slug)),
            "acs": request.build_absolute_uri(reverse("saml_acs", kwargs=slug)),
        }
    return render(
        request, "accounts/saml_provider_form.html", {"form": form, "app": app, "urls": urls}
    )
