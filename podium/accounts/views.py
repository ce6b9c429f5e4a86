"""Sign-in, and the administrators' pages for units, people and roles.

Views are thin: check access through `permissions`, parse the form, call one
service, redirect with a message.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils.http import urlencode
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from podium.accounts import permissions, selectors, services
from podium.accounts.forms import GrantRoleForm, PersonForm, SignInForm, UnitForm
from podium.accounts.models import RoleAssignment, User, normalise_email
from podium.accounts.roles import Capability, Role
from podium.audit import selectors as audit_selectors
from podium.core.errors import DomainError
from podium.core.forms import form_after_refusal, initial_from
from podium.core.http import AuthenticatedHttpRequest
from podium.core.versioning import version_of

# --- Signing in and out --------------------------------------------------------

sign_in = auth_views.LoginView.as_view(
    template_name="accounts/sign_in.html",
    authentication_form=SignInForm,
    redirect_authenticated_user=True,
)
sign_out = auth_views.LogoutView.as_view()


class PasswordResetView(auth_views.PasswordResetView):
    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        services.note_password_reset_requested(email=form.cleaned_data["email"])
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form: SetPasswordForm) -> HttpResponse:  # type: ignore[type-arg]
        # Django's own view saves the form; ours goes through the service, which audits.
        services.set_password(
            acting_user=None,
            user=form.user,
            password=form.cleaned_data["new_password1"],
            reason="reset",
        )
        del self.request.session[INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(self.get_success_url())


password_reset = PasswordResetView.as_view(
    template_name="accounts/password_reset.html",
    email_template_name="accounts/email/password_reset.txt",
    subject_template_name="accounts/email/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password-reset-done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html"
)
password_reset_confirm = PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html",
    success_url=reverse_lazy("accounts:password-reset-complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)


# --- Units ---------------------------------------------------------------------


def _require_unit_viewer(request: HttpRequest) -> None:
    if not (
        permissions.has_capability(request.user, Capability.MANAGE_UNITS)
        or permissions.has_capability(request.user, Capability.VIEW_PEOPLE)
    ):
        raise PermissionDenied


@require_GET
@login_required
def unit_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_unit_viewer(request)
    return render(
        request,
        "accounts/unit_list.html",
        {
            "units": selectors.visible_units(viewer=request.user),
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
            "children": unit.children.order_by("name"),
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
            "search": search,
            "page_query": urlencode({"q": search}) if search else "",
            "can_add": permissions.can_institution_wide(request.user, Capability.MANAGE_USERS),
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
