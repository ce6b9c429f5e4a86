"""Pages for the research register. Thin: check access (`access`), validate the
form, call one service, redirect."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from podium.accounts import permissions
from podium.accounts.roles import Capability
from podium.core.errors import DomainError
from podium.core.http import AuthenticatedHttpRequest
from podium.research import access, forms, selectors, services
from podium.research.models import MaterialKind, Registration, State, StorageLocation

NOT_ETHICS = (
    "Registration records that the university knows about this research and where its "
    "material is held. It is not an ethics review: the project needs its own ethics "
    "approval."
)


@require_GET
@login_required
def registration_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    show = request.GET.get("show", "")
    if show not in selectors.SHOWS:
        show = "all"
    state = request.GET.get("state", "")
    page = selectors.registration_page(
        user=request.user,
        show=show,
        state=state if state in State.values else "",
        after=request.GET.get("after"),
        before=request.GET.get("before"),
    )
    return render(
        request,
        "research/list.html",
        {
            "page": page,
            "show": show,
            "shows": selectors.SHOWS,
            "state": state,
            "states": State.choices,
            "not_ethics": NOT_ETHICS,
            "may_lookup": permissions.has_capability(request.user, Capability.LOOKUP_RESEARCH),
            "oversees": permissions.has_capability(request.user, Capability.OVERSEE_RESEARCH),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def registration_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = forms.RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            registration = services.register(
                acting_user=request.user,
                facts=services.RegistrationFacts(
                    title=data["title"],
                    researcher_kind=data["researcher_kind"],
                    researcher_number=data["researcher_number"],
                    supervisor=data["supervisor"],
                    unit=data["unit"],
                    ethics_reference=data["ethics_reference"],
                    material_kinds=list(data["material_kinds"]),
                    storage_location=data["storage_location"],
                    storage_attested=data["storage_attested"],
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                ),
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"Registered {registration.reference}: it awaits approval.")
            return redirect("research:detail", pk=registration.pk)
    return render(request, "research/form.html", {"form": form, "not_ethics": NOT_ETHICS})


@require_GET
@login_required
def registration_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    registration = access.get_registration_or_404(request.user, pk)
    return _detail(request, registration)


def _detail(
    request: AuthenticatedHttpRequest,
    registration: Registration,
    *,
    decline_form: forms.DeclineForm | None = None,
    renew_form: forms.RenewForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    may_decide = registration.state == State.SUBMITTED and user.pk != registration.researcher_id
    as_supervisor = may_decide and access.may_approve_as_supervisor(user, registration)
    as_approver = may_decide and access.may_approve_as_approver(user, registration)
    waiting_for_me = (as_supervisor and registration.supervisor_approved_at is None) or (
        as_approver and registration.approved_at is None
    )
    return render(
        request,
        "research/detail.html",
        {
            "registration": registration,
            "not_ethics": NOT_ETHICS,
            "may_decide": waiting_for_me,
            "may_decline": as_supervisor or as_approver,
            "may_close": services.may_close(user, registration),
            "may_renew": services.may_renew(user, registration),
            "decline_form": decline_form or forms.DeclineForm(),
            "renew_form": renew_form or forms.RenewForm(),
        },
        status=status,
    )


def _act(request: AuthenticatedHttpRequest, pk: int, action: str) -> HttpResponse:
    registration = access.get_registration_or_404(request.user, pk)
    decline_form = renew_form = None
    try:
        if action == "approve":
            registration = services.approve(acting_user=request.user, registration=registration)
            messages.success(request, f"Approved {registration.reference}.")
        elif action == "close":
            registration = services.close(acting_user=request.user, registration=registration)
            messages.success(request, f"Closed {registration.reference}.")
        elif action == "decline":
            decline_form = forms.DeclineForm(request.POST)
            if not decline_form.is_valid():
                return _detail(request, registration, decline_form=decline_form, status=400)
            services.decline(
                acting_user=request.user,
                registration=registration,
                reason=decline_form.cleaned_data["reason"],
            )
            messages.success(request, f"Declined {registration.reference}.")
        else:
            renew_form = forms.RenewForm(request.POST)
            if not renew_form.is_valid():
                return _detail(request, registration, renew_form=renew_form, status=400)
            services.renew(
                acting_user=request.user,
                registration=registration,
                ends_on=renew_form.cleaned_data["ends_on"],
            )
            messages.success(request, f"Renewal of {registration.reference} awaits approval.")
    except DomainError as error:
        if decline_form is not None:
            decline_form.add_domain_error(error)
            return _detail(request, registration, decline_form=decline_form, status=400)
        if renew_form is not None:
            renew_form.add_domain_error(error)
            return _detail(request, registration, renew_form=renew_form, status=400)
        messages.error(request, error.message)
    return redirect("research:detail", pk=registration.pk)


@require_POST
@login_required
def registration_approve(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "approve")


@require_POST
@login_required
def registration_decline(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "decline")


@require_POST
@login_required
def registration_close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "close")


@require_POST
@login_required
def registration_renew(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "renew")


# --- The rapid-response lookup -------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def lookup(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A name or number and a reason; the person's registrations on one page. The
    result is shown in answer to the POST (never at a URL that could be re-opened
    without a reason)."""
    permissions.require(request.user, Capability.LOOKUP_RESEARCH)
    form = forms.LookupForm(request.POST or None)
    result = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                result = services.lookup(
                    acting_user=request.user,
                    query=form.cleaned_data["query"],
                    purpose=form.cleaned_data["purpose"],
                    reason=form.cleaned_data["reason"],
                )
            except DomainError as error:
                form.add_domain_error(error)
                status = 400
        else:
            status = 400
    return render(
        request,
        "research/lookup.html",
        {"form": form, "result": result, "not_ethics": NOT_ETHICS},
        status=status,
    )


@require_GET
@login_required
def lookup_log(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = selectors.lookup_page(
        user=request.user, after=request.GET.get("after"), before=request.GET.get("before")
    )
    return render(request, "research/lookup_log.html", {"page": page})


# --- The administrator's lists ---------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def lists(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Kinds of material and approved storage locations."""
    permissions.require_institution_wide(request.user, Capability.CONFIGURE_RESEARCH)
    material_form = forms.ListItemForm(prefix="material")
    location_form = forms.ListItemForm(prefix="location")
    status = 200
    if request.method == "POST":
        kind = request.POST.get("list", "")
        if kind not in ("material", "location"):
            return redirect("research:lists")
        form = forms.ListItemForm(request.POST, prefix=kind)
        if form.is_valid():
            try:
                item = services.add_to_list(
                    acting_user=request.user, kind=kind, name=form.cleaned_data["name"]
                )
            except DomainError as error:
                form.add_domain_error(error)
            else:
                messages.success(request, f"Added {item}.")
                return redirect("research:lists")
        status = 400
        if kind == "material":
            material_form = form
        else:
            location_form = form
    return render(
        request,
        "research/lists.html",
        {
            "materials": MaterialKind.objects.all(),
            "locations": StorageLocation.objects.all(),
            "material_form": material_form,
            "location_form": location_form,
        },
        status=status,
    )


@require_POST
@login_required
def list_item_toggle(request: AuthenticatedHttpRequest, kind: str, pk: int) -> HttpResponse:
    permissions.require_institution_wide(request.user, Capability.CONFIGURE_RESEARCH)
    item: MaterialKind | StorageLocation
    if kind == "material":
        item = get_object_or_404(MaterialKind, pk=pk)
    elif kind == "location":
        item = get_object_or_404(StorageLocation, pk=pk)
    else:
        return redirect("research:lists")
    services.set_active(acting_user=request.user, item=item, active=not item.is_active)
    messages.success(request, f"{'Restored' if item.is_active else 'Withdrew'} {item}.")
    return redirect("research:lists")
