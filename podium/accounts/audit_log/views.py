from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from podium.accounts import permissions
from podium.accounts.audit_log import selectors
from podium.accounts.audit_log.forms import AuditFilterForm
from podium.accounts.roles import Capability
from podium.core.http import AuthenticatedHttpRequest


@require_GET
@login_required
def entry_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    permissions.require(request.user, Capability.VIEW_AUDIT)
    units = permissions.units_where(request.user, Capability.VIEW_AUDIT)
    form = AuditFilterForm(request.GET or None, units=units)
    page = None
    if form.is_bound and not form.is_valid():
        page = None  # the errors are shown; no half-filtered list
    else:
        data = form.cleaned_data if form.is_bound else {}
        page = selectors.entries_page(
            viewer=request.user,
            filters=selectors.AuditFilter(**{k: v for k, v in data.items() if v not in (None, "")}),
            after=request.GET.get("after"),
            before=request.GET.get("before"),
        )
    query = request.GET.copy()
    for key in ("after", "before"):
        query.pop(key, None)
    rows = selectors.describe(viewer=request.user, entries=list(page.items)) if page else []
    return render(
        request,
        "audit/entry_list.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "page_query": query.urlencode(),
            "anchor": selectors.pruned_behind(),
        },
    )
