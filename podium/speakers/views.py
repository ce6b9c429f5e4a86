"""Pages of the speaker register. Thin: check access (`access`), parse the form,
call one service, redirect. The code-of-conduct acknowledgement pages are events'
(`podium.events.speakers.views`), under the same `speakers:` URL names."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from podium.core.errors import DomainError
from podium.core.http import AuthenticatedHttpRequest
from podium.core.pagination import page_query
from podium.speakers import access, forms, selectors, services
from podium.speakers.models import CheckSource, Speaker

# --- Register --------------------------------------------------------------------------


@require_GET
@login_required
def speaker_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Search the register by name."""
    access.require_register(request.user)
    form = forms.SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    visible = access.findable_filter(request.user)
    results = selectors.search(query=query, visible=visible) if query else []
    is_reviewer = access.is_reviewer(request.user)
    context: dict[str, Any] = {
        "form": form,
        "query": query,
        "results": results,
        "is_reviewer": is_reviewer,
    }
    if is_reviewer and not query:
        # Reviewers browse the whole register with its checks (issue 14, item 14).
        filters = {k: v for k, v in request.GET.items() if k in ("check", "spoke_in", "merged")}
        browse = forms.BrowseForm(filters or None)
        page = None
        if not browse.is_bound or browse.is_valid():
            data = browse.cleaned_data if browse.is_bound else {}
            page = selectors.register_page(
                visible=visible,
                check=data.get("check") or "",
                spoke_in=data.get("spoke_in"),
                merged=bool(data.get("merged")),
                after=request.GET.get("after"),
                before=request.GET.get("before"),
            )
        query_string = request.GET.copy()
        for key in ("after", "before"):
            query_string.pop(key, None)
        context |= {
            "browse": browse,
            "page": page,
            "today": timezone.localdate(),
            "page_query": query_string.urlencode(),
        }
    else:
        context["recent"] = list(selectors.recent_speakers(visible=visible))
    return render(request, "speakers/speaker_list.html", context)


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
            matches = selectors.did_you_mean(
                names=[facts.name or "", *(facts.other_names or [])],
                visible=access.findable_filter(request.user),
            )
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
    is_reviewer = access.may_see_restricted(request.user, speaker)
    view = selectors.speaker_view(speaker=speaker, is_reviewer=is_reviewer)
    # For a reviewer of a live record: other records probably the same person, with
    # the facts "did you mean" gives, each a step from being merged into this one.
    duplicates = (
        selectors.duplicates_of([speaker], visible=access.restricted_filter(request.user))[
            speaker.pk
        ]
        if is_reviewer and speaker.merged_into_id is None
        else []
    )
    return render(request, "speakers/speaker_detail.html", {"view": view, "duplicates": duplicates})


@require_GET
@login_required
def speaker_checks(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Every check on a speaker, newest first, a page at a time: the full list behind
    the speaker page's latest ones. Who may see the checks only (403 otherwise)."""
    speaker = access.get_speaker_or_404(request.user, pk)
    access.require_restricted(request.user, speaker)
    page = selectors.checks_page(
        speaker, after=request.GET.get("after"), before=request.GET.get("before")
    )
    return render(
        request,
        "speakers/speaker_checks.html",
        {"speaker": speaker, "page": page, "page_query": page_query(request)},
    )


@require_http_methods(["GET", "POST"])
@login_required
def speaker_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    speaker = access.get_speaker_or_404(request.user, pk)
    access.require_restricted(request.user, speaker)
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
    access.require_restricted(request.user, speaker)
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
    access.require_restricted(request.user, speaker)
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
    candidates = selectors.with_facts(
        selectors.likely_duplicates(
            name=speaker.name, exclude=[speaker.pk], visible=access.restricted_filter(request.user)
        )
    )
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
    due = selectors.due_rechecks(visible=access.restricted_filter(request.user))
    return render(request, "speakers/rechecks.html", {"due": due})


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
