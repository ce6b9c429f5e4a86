"""Pages of the speaker register. Thin: check access (`access`), parse the form,
call one service, redirect. The acknowledgement page is public: the signed link is
the speaker's only credential."""

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
from podium.events import access as events_access
from podium.speakers import access, forms, selectors, services
from podium.speakers.models import AcknowledgementStatus, CheckSource, Speaker

# --- Register --------------------------------------------------------------------------


@require_GET
@login_required
def speaker_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Search the register by name."""
    access.require_register(request.user)
    form = forms.SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    results = selectors.search(query=query) if query else []
    return render(
        request,
        "speakers/speaker_list.html",
        {
            "form": form,
            "query": query,
            "results": results,
            "recent": [] if query else list(selectors.recent_speakers()),
            "is_reviewer": access.is_reviewer(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def speaker_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Add a speaker; likely existing records are shown first ("did you mean")."""
    access.require_register(request.user)
    form = forms.CreateSpeakerForm(request.POST or None, initial={"name": request.GET.get("name")})
    matches: list[selectors.Match] = []
    if request.method == "POST" and form.is_valid():
        facts = form.facts()
        if not form.cleaned_data["confirmed"]:
            names = [facts.name or "", *(facts.other_names or [])]
            seen: dict[int, selectors.Match] = {}
            for name in names:
                for match in selectors.likely_duplicates(name=name):
                    if match.speaker.pk not in seen or seen[match.speaker.pk].score < match.score:
                        seen[match.speaker.pk] = match
            matches = sorted(seen.values(), key=lambda m: -m.score)
        if matches:
            data = request.POST.copy()
            data["confirmed"] = "True"
            form = forms.CreateSpeakerForm(data)
            form.is_valid()
        else:
            try:
                speaker = services.create_speaker(acting_user=request.user, facts=facts)
            except DomainError as error:
                form.add_domain_error(error)
            else:
                messages.success(request, f"{speaker.name} added to the register.")
                return redirect("speakers:speaker-detail", pk=speaker.pk)
    return render(request, "speakers/speaker_create.html", {"form": form, "matches": matches})


@require_GET
@login_required
def speaker_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    speaker = access.get_speaker_or_404(request.user, pk)
    is_reviewer = access.is_reviewer(request.user)
    view = selectors.speaker_view(speaker=speaker, is_reviewer=is_reviewer)
    duplicates = (
        selectors.likely_duplicates(name=speaker.name, exclude=[speaker.pk])
        if is_reviewer and speaker.merged_into_id is None
        else []
    )
    return render(request, "speakers/speaker_detail.html", {"view": view, "duplicates": duplicates})


@require_http_methods(["GET", "POST"])
@login_required
def speaker_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    speaker = access.get_speaker_or_404(request.user, pk)
    access.require_reviewer(request.user)
    initial = {
        "name": speaker.name,
        "other_names": "\n".join(n.name for n in speaker.names.all() if not n.is_primary),
        "affiliations": speaker.affiliations,
        "links": speaker.links,
        "email": speaker.email,
        "phone": speaker.phone,
        "notes": speaker.notes,
    }
    form = forms.SpeakerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_speaker(acting_user=request.user, speaker=speaker, facts=form.facts())
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, "Speaker record updated.")
            return redirect("speakers:speaker-detail", pk=speaker.pk)
    return render(request, "speakers/speaker_edit.html", {"form": form, "speaker": speaker})


@require_http_methods(["GET", "POST"])
@login_required
def speaker_check(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Record a due-diligence check (reviewers)."""
    speaker = access.get_speaker_or_404(request.user, pk)
    access.require_reviewer(request.user)
    months = services.policy().recheck_months
    form = forms.CheckForm(request.POST or None, recheck_months=months)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.record_check(
                acting_user=request.user,
                speaker=speaker,
                sources=list(data["sources"]),
                checked_on=data["checked_on"],
                findings=data["findings"],
                references=data["references"],
                recheck_after=data["recheck_after"],
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, "Check recorded.")
            return redirect("speakers:speaker-detail", pk=speaker.pk)
    return render(request, "speakers/speaker_check.html", {"form": form, "speaker": speaker})


@require_http_methods(["GET", "POST"])
@login_required
def speaker_merge(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Merge a duplicate into this record (reviewers)."""
    speaker = access.get_speaker_or_404(request.user, pk)
    access.require_reviewer(request.user)
    form = forms.MergeForm(request.POST or None, initial={"other": request.GET.get("other")})
    other = None
    if form.is_bound and form.is_valid():
        other = Speaker.objects.filter(pk=form.cleaned_data["other"]).first()
        if other is None:
            form.add_error("other", "There is no speaker with that record number.")
        else:
            try:
                services.merge_speakers(
                    acting_user=request.user,
                    survivor=speaker,
                    merged=other,
                    reason=form.cleaned_data["reason"],
                )
            except DomainError as error:
                form.add_domain_error(error)
            else:
                messages.success(request, f"{other.name} merged into this record.")
                return redirect("speakers:speaker-detail", pk=speaker.pk)
    candidates = selectors.likely_duplicates(name=speaker.name, exclude=[speaker.pk])
    return render(
        request,
        "speakers/speaker_merge.html",
        {"form": form, "speaker": speaker, "candidates": candidates},
    )


@require_GET
@login_required
def rechecks(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Speakers whose latest check is past its re-check date (reviewers)."""
    access.require_reviewer(request.user)
    return render(request, "speakers/rechecks.html", {"due": selectors.due_rechecks()})


# --- Administration ----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def settings_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require_configure(request.user)
    current = services.policy()
    form = forms.PolicyForm(
        request.POST or None,
        initial={
            "recheck_months": current.recheck_months,
            "acknowledgement_required": current.acknowledgement_required,
            "acknowledgement_valid_days": current.acknowledgement_valid_days,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_policy(acting_user=request.user, **form.cleaned_data)
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, "Settings saved.")
            return redirect("speakers:settings")
    return render(
        request,
        "speakers/settings.html",
        {
            "form": form,
            "source_form": forms.SourceForm(),
            "sources": list(selectors.all_sources()),
            "code": selectors.current_code(),
        },
    )


@require_POST
@login_required
def source_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require_configure(request.user)
    form = forms.SourceForm(request.POST)
    if form.is_valid():
        try:
            services.add_check_source(acting_user=request.user, name=form.cleaned_data["name"])
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "Source added.")
    else:
        messages.error(request, "Enter the source's name.")
    return redirect("speakers:settings")


@require_POST
@login_required
def source_toggle(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Retire a source (no longer offered on new checks; past checks keep it), or
    restore it."""
    access.require_configure(request.user)
    source = get_object_or_404(CheckSource, pk=pk)
    services.set_check_source_active(
        acting_user=request.user, source=source, active=not source.is_active
    )
    messages.success(request, f"{source.name} {'restored' if source.is_active else 'retired'}.")
    return redirect("speakers:settings")


@require_http_methods(["GET", "POST"])
@login_required
def code_of_conduct(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require_configure(request.user)
    current = selectors.current_code()
    form = forms.CodeOfConductForm(
        request.POST or None, initial={"text": current.text if current else ""}
    )
    if request.method == "POST" and form.is_valid():
        try:
            code = services.publish_code_of_conduct(
                acting_user=request.user, text=form.cleaned_data["text"]
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"Version {code.version} published.")
            return redirect("speakers:settings")
    return render(request, "speakers/code_of_conduct.html", {"form": form, "current": current})


# --- Acknowledgements ----------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def acknowledgement_send(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The organiser or a reviewer e-mails a speaker the code of conduct link."""
    event = events_access.get_request_or_404(request.user, pk)
    if not services.may_send_acknowledgement(request.user, event):
        raise PermissionDenied
    links = [s for s in event.speakers.select_related("speaker") if s.speaker_id]
    choices = list({s.speaker_id: (s.speaker_id or 0, s.name) for s in links}.values())
    chosen = request.GET.get("speaker")
    initial: dict[str, Any] = {"speaker": chosen}
    if access.is_reviewer(request.user):
        emails = {s.speaker_id: s.speaker.email for s in links if s.speaker}
        initial["email"] = (
            emails.get(int(chosen)) if chosen and chosen.isascii() and chosen.isdigit() else ""
        )
    form = forms.SendAcknowledgementForm(request.POST or None, initial=initial, speakers=choices)
    if request.method == "POST" and form.is_valid():
        speaker = next(s.speaker for s in links if s.speaker_id == form.cleaned_data["speaker"])
        try:
            services.send_acknowledgement(
                acting_user=request.user,
                request=event,
                speaker=speaker,  # type: ignore[arg-type]
                email=form.cleaned_data["email"],
            )
        except DomainError as error:
            form.add_domain_error(error)
        else:
            messages.success(request, f"The code of conduct link was sent to {speaker}.")
            return redirect("events:request-detail", pk=event.pk)
    return render(
        request,
        "speakers/acknowledgement_send.html",
        {"form": form, "event": event, "code": selectors.current_code()},
    )


@require_http_methods(["GET", "POST"])
def acknowledge(request: HttpRequest, token: str) -> HttpResponse:
    """The speaker's page (no sign-in): the event, the code of conduct, and their
    answer. The signed, expiring link is single-use."""
    acknowledgement = services.acknowledgement_from_token(token)
    if acknowledgement is None:
        raise Http404
    code = selectors.current_code()
    refusal = services.acknowledgement_refusal(acknowledgement)
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
                acknowledgement = services.respond_to_acknowledgement(
                    acknowledgement=acknowledgement,
                    accept=form.cleaned_data["answer"] == "accept",
                    code=code,
                )
            except DomainError as error:
                refusal = error.message
            else:
                return render(request, "speakers/acknowledge_done.html", {"ack": acknowledgement})
    return render(
        request,
        "speakers/acknowledge.html",
        {
            "ack": acknowledgement,
            "event": acknowledgement.request,
            "code": code,
            "form": form,
            "refusal": refusal,
            "accepted": AcknowledgementStatus.ACCEPTED,
        },
    )
