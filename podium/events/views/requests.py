"""Lists and the request page: my requests, the reviewer's queue, the inbox."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from podium.accounts import permissions
from podium.core import academic_year
from podium.core.http import AuthenticatedHttpRequest
from podium.events import access, extensions, forms, lifecycle, selectors, services
from podium.events.lifecycle import Action
from podium.events.models import (
    Status,
)
from podium.events.speakers import selectors as speaker_selectors
from podium.events.views.base import _requesting_units, _version

# --- Lists -------------------------------------------------------------------------


@require_GET
@login_required
def request_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Requests in every state: a reviewer's list opens on every request in their
    scope, an organiser's on their own; a reviewer can switch between the two."""
    status = request.GET.get("status", "")
    if status not in Status.values:
        status = ""
    reviewer = bool(access.acting_assignments(request.user)) or any(
        permissions.has_capability(request.user, c) for c in access.SEEING
    )
    scope = request.GET.get("scope") or ("all" if reviewer else "mine")
    cursor = {"after": request.GET.get("after"), "before": request.GET.get("before")}
    year, bucket = _return_filter(request)
    if year is not None and reviewer:
        # One number of the regulator's return (podium/reporting), within the scope.
        page = selectors.return_requests(user=request.user, year=year, bucket=bucket, **cursor)
        status, scope = "", "all"
    elif scope == "all" and reviewer:
        page = selectors.requests_in_scope(user=request.user, status=status, **cursor)
    else:
        scope = "mine"
        page = selectors.my_requests(user=request.user, status=status, **cursor)
    return render(
        request,
        "events/request_list.html",
        {
            "page": page,
            "rows": selectors.request_rows(page.items),
            "scope": scope,
            "status": status,
            "statuses": Status.choices,
            "is_reviewer": reviewer,
            "can_request": _requesting_units(request.user).exists(),
            "return_filter": (
                {
                    "year": academic_year.label(year),
                    "label": selectors.RETURN_FILTERS[bucket],
                    "query": f"year={year}&bucket={bucket}",
                }
                if year is not None and reviewer
                else None
            ),
        },
    )


def _return_filter(request: AuthenticatedHttpRequest) -> tuple[int | None, str]:
    """`?year=2025&bucket=approved`: the requests behind a number of the return."""
    raw, bucket = request.GET.get("year", ""), request.GET.get("bucket", "")
    if not (raw.isascii() and raw.isdigit() and len(raw) == 4) or bucket not in (
        selectors.RETURN_FILTERS
    ):
        return None, ""
    return int(raw), bucket


@require_GET
@login_required
def queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Waiting for me: oldest first, with the due date; `?due=overdue|soon` keeps
    those past or near their due date (the reviewer's home card links here)."""
    if not access.acting_assignments(request.user):
        raise PermissionDenied
    due = request.GET.get("due", "")
    if due not in selectors.QUEUE_DUE:
        due = ""
    page = selectors.review_queue(
        user=request.user,
        due=due,
        after=request.GET.get("after"),
        before=request.GET.get("before"),
    )
    return render(
        request,
        "events/queue.html",
        {
            "page": page,
            "rows": selectors.request_rows(page.items),
            "due": due,
            "due_choices": selectors.QUEUE_DUE.items(),
            "paused": selectors.request_rows(selectors.awaiting_organisers(user=request.user)),
            "refusal": services.decision_refusal(request.user),
            "names_deputies": access.names_deputies(request.user),
        },
    )


# --- The request page --------------------------------------------------------------


@require_GET
@login_required
def request_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    event_request = access.get_request_or_404(request.user, pk)
    view = selectors.request_view(user=request.user, request=event_request)
    version = _version(event_request)
    context: dict[str, Any] = {"view": view, "event": event_request, "version": version}
    if view.can_act and lifecycle.allows(event_request.status, Action.DECIDE):
        context["refusal"] = services.decision_refusal(request.user)
        context["question_form"] = forms.QuestionForm(initial={"version": version})
        context["escalate_form"] = forms.ReasonForm(initial={"version": version})
    if view.is_reviewer:
        context["note_form"] = forms.NoteForm()
    # The speaker register (podium.speakers): history summaries and acknowledgements.
    context["register"] = speaker_selectors.request_speakers(
        event_request, view.speakers, reviewer=request.user if view.is_reviewer else None
    )
    context["may_send_acknowledgement"] = view.is_organiser or view.is_reviewer
    if view.can_act and lifecycle.allows(event_request.status, Action.DECIDE):
        context["acknowledgement_refusal"] = speaker_selectors.acknowledgement_refusal(
            event_request
        )
    if view.is_organiser and lifecycle.allows(event_request.status, Action.ANSWER):
        context["answer_form"] = forms.AnswerForm(initial={"version": version})
    # What the apps above events know about the request (`extensions.py`).
    context["sections"] = [
        section
        for make_section in extensions.request_sections
        if (section := make_section(event_request, request.user, view)) is not None
    ]
    return render(request, "events/request_detail.html", context)
