"""Events' pages about speakers. A speaker's full list of event requests (reviewers
who may see the speaker's history). The code-of-conduct acknowledgement pages: the
organiser or a reviewer sends a request's speaker the link, and the speaker answers
through it. The answer page is public: the signed link is the speaker's only
credential. The routes keep the register's URL names and paths
(`speakers:acknowledgement-send`, `speakers:acknowledge`: links already e-mailed stay
valid); `config/urls.py` mounts them with the register's."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from podium.core.errors import DomainError
from podium.core.http import AuthenticatedHttpRequest
from podium.core.pagination import page_query
from podium.events import access as events_access
from podium.events.speakers import acknowledgements, forms, history
from podium.events.speakers.models import Acknowledgement, AcknowledgementStatus
from podium.speakers import access as register_access
from podium.speakers import selectors as register_selectors


@require_GET
@login_required
def speaker_events(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Every event request a speaker was on, newest first, a page at a time: the full
    list behind the speaker page's latest ones (`history.history_section`). Who may
    see the speaker's history only: the register's restricted fields (403
    otherwise; 404 for a speaker the person may not find)."""
    speaker = register_access.get_speaker_or_404(request.user, pk)
    register_access.require_restricted(request.user, speaker)
    page = history.appearances_page(
        speaker, after=request.GET.get("after"), before=request.GET.get("before")
    )
    return render(
        request,
        "events/speakers/speaker_events.html",
        {"speaker": speaker, "page": page, "page_query": page_query(request)},
    )


@require_http_methods(["GET", "POST"])
@login_required
def acknowledgement_send(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The organiser or a reviewer e-mails a speaker the code of conduct link."""
    event_request = events_access.get_request_or_404(request.user, pk)
    if not acknowledgements.may_send_acknowledgement(request.user, event_request):
        raise PermissionDenied
    links = [s for s in event_request.speakers.select_related("speaker") if s.speaker_id]
    choices = list({s.speaker_id: (s.speaker_id or 0, s.name) for s in links}.values())
    chosen = request.GET.get("speaker")
    initial: dict[str, Any] = {"speaker": chosen}
    reviewer = events_access.is_reviewer_of(request.user, event_request)
    if reviewer and chosen and chosen.isascii() and chosen.isdigit():
        # A speaker's address is a restricted field of the register.
        speaker = next((s.speaker for s in links if s.speaker_id == int(chosen)), None)
        if speaker is not None and register_access.may_see_restricted(request.user, speaker):
            initial["email"] = speaker.email
    form = forms.SendAcknowledgementForm(
        request.POST or None, initial=initial, speakers=choices, reviewer=reviewer
    )
    if request.method == "POST" and form.is_valid():
        speaker = next(s.speaker for s in links if s.speaker_id == form.cleaned_data["speaker"])
        try:
            sent = acknowledgements.send_acknowledgement(
                acting_user=request.user,
                event_request=event_request,
                speaker=speaker,  # type: ignore[arg-type]
                email=form.cleaned_data["email"] or "",
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            if sent.status == AcknowledgementStatus.AWAITING_ADDRESS:
                messages.success(
                    request,
                    f"Nothing has been sent to {speaker} yet: a reviewer of this request "
                    "must first confirm the address you gave.",
                )
            else:
                messages.success(request, f"The code of conduct link was sent to {speaker}.")
            return redirect("events:request-detail", pk=event_request.pk)
    return render(
        request,
        "events/speakers/acknowledgement_send.html",
        {
            "form": form,
            "event": event_request,
            "code": register_selectors.current_code(),
            "awaiting": acknowledgements.awaiting_addresses(event_request) if reviewer else [],
        },
    )


@require_POST
@login_required
def acknowledgement_confirm_address(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A reviewer of the request confirms the address the organiser gave for a
    speaker's link, and the link is sent to it."""
    acknowledgement = get_object_or_404(Acknowledgement, pk=pk)
    event_request = events_access.get_request_or_404(request.user, acknowledgement.request_id)
    if not events_access.is_reviewer_of(request.user, event_request):
        raise PermissionDenied
    try:
        confirmed = acknowledgements.confirm_acknowledgement_address(
            acting_user=request.user, acknowledgement=acknowledgement
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, f"The address was confirmed and the link sent to {confirmed.speaker}."
        )
    return redirect("speakers:acknowledgement-send", pk=event_request.pk)


@require_http_methods(["GET", "POST"])
def acknowledge(request: HttpRequest, token: str) -> HttpResponse:
    """The speaker's page (no sign-in): the event, the code of conduct, and their
    answer. The signed, expiring link is single-use."""
    acknowledgement = acknowledgements.acknowledgement_from_token(token)
    if acknowledgement is None:
        raise Http404
    code = register_selectors.current_code()
    refusal = acknowledgements.acknowledgement_refusal(acknowledgement)
    form = forms.AnswerForm(
        request.POST or None, initial={"version": code.version if code else None}
    )
    if request.method == "POST" and not refusal and code is not None and form.is_valid():
        if form.cleaned_data["version"] != code.version:
            form.add_error(
                None, "The code of conduct changed while you were reading it. Read it again."
            )
        else:
            try:
                acknowledgement = acknowledgements.respond_to_acknowledgement(
                    acknowledgement=acknowledgement,
                    accept=form.cleaned_data["answer"] == "accept",
                    code=code,
                )
            except DomainError as error:
                refusal = error.message
            else:
                return render(
                    request, "events/speakers/acknowledge_done.html", {"ack": acknowledgement}
                )
    return render(
        request,
        "events/speakers/acknowledge.html",
        {
            "ack": acknowledgement,
            "event": acknowledgement.request,
            "code": code,
            "form": form,
            "refusal": refusal,
            "accepted": AcknowledgementStatus.ACCEPTED,
        },
    )
