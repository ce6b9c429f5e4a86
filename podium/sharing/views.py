"""Pages for information sharing. Thin: check access (`access`), validate the form,
call one service, redirect."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from podium.core.files import private_download
from podium.core.forms import PodiumForm, submit_form
from podium.core.http import AuthenticatedHttpRequest
from podium.events import selectors as events_selectors
from podium.sharing import access, extensions, forms, selectors, services
from podium.sharing.models import (
    Direction,
    Disclosure,
    InformationRequest,
    Partner,
    Purpose,
    Recipient,
    SharingAgreement,
    State,
    Subject,
)
from podium.speakers import selectors as speaker_selectors


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isascii() and value.isdigit() and len(value) < 19 else None


# --- The sharing log ---------------------------------------------------------------------


@require_GET
@login_required
def disclosure_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require(access.sees_log(request.user))
    state = request.GET.get("state", "")
    state = state if state in State.values or state == "urgent" else ""
    direction = request.GET.get("direction", "")
    direction = direction if direction in Direction.values else ""
    page = selectors.disclosure_page(
        state=state,
        direction=direction,
        after=request.GET.get("after"),
        before=request.GET.get("before"),
    )
    return render(
        request,
        "sharing/disclosure_list.html",
        {
            "page": page,
            "state": state,
            "direction": direction,
            "states": State.choices,
            "may_share": access.may_share(request.user),
            "page_query": f"state={state}&direction={direction}",
        },
    )


def _subject_from(request: AuthenticatedHttpRequest) -> tuple[str, Any, Any]:
    """The subject fixed by the page the sharer came from: ?speaker= or ?request=."""
    speaker_id = _int(request.GET.get("speaker"))
    request_id = _int(request.GET.get("request"))
    if speaker_id:
        speaker = speaker_selectors.speaker_by_id(pk=speaker_id)
        if speaker is None:
            raise Http404
        return Subject.SPEAKER, speaker, None
    if request_id:
        event_request = events_selectors.request_by_id(pk=request_id)
        if event_request is None:
            raise Http404
        return Subject.REQUEST, None, event_request
    return Subject.OTHER, None, None


def _facts(
    data: dict[str, Any], *, direction: str, subject: str, speaker: Any, event_request: Any
) -> services.DisclosureFacts:
    return services.DisclosureFacts(
        direction=direction,
        partner=data["partner"],
        subject=subject,
        speaker_id=speaker.pk if speaker else None,
        request_id=event_request.pk if event_request else None,
        subject_text=data.get("subject_text", ""),
        purpose=data["purpose"],
        necessity=data["necessity"],
        benefits_and_risks=data["benefits_and_risks"],
        risks_of_not_sharing=data["risks_of_not_sharing"],
        anonymised_would_do=data["anonymised_would_do"],
        safeguards=data["safeguards"],
        lawful_basis=data["lawful_basis"],
        special_category=data["special_category"],
        special_condition=data["special_condition"],
        schedule1_paragraph=data["schedule1_paragraph"],
        statutory_power=data["statutory_power"],
        agreement=data["agreement"],
        one_off_reason=data["one_off_reason"],
        decision_maker=data["decision_maker"],
        method=data["method"],
        shared_on=data["shared_on"],
        fields_shared=data.get("fields_shared", []),
        received=data["received"],
        attachment=data.get("attachment") or None,
    )


@login_required
@require_http_methods(["GET", "POST"])
def disclosure_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require(access.may_share(request.user))
    direction = request.GET.get("direction", Direction.OUTGOING)
    if direction not in Direction.values:
        raise Http404
    subject, speaker, event_request = _subject_from(request)
    answers = None
    if answers_id := _int(request.GET.get("answers")):
        answers = get_object_or_404(
            InformationRequest, pk=answers_id, direction=Direction.INCOMING, answer__isnull=True
        )
    outgoing = direction == Direction.OUTGOING
    form = forms.DisclosureForm(
        request.POST or None,
        request.FILES or None,
        initial={"partner": answers.partner_id if answers else None},
        field_choices=services.shareable_fields(subject) if outgoing else {},
        subject_is_other=subject == Subject.OTHER,
        incoming=not outgoing,
    )

    def perform(data: dict[str, Any]) -> Disclosure:
        facts = _facts(
            data,
            direction=direction,
            subject=subject,
            speaker=speaker,
            event_request=event_request,
        )
        facts.answers = answers
        return services.create_disclosure(acting_user=request.user, facts=facts)

    done, form = submit_form(
        request,
        form,
        perform,
        success="Disclosure recorded.",
        to=lambda d: reverse("sharing:disclosure-detail", args=[d.pk]),
    )
    return done or render(
        request,
        "sharing/disclosure_form.html",
        {
            "form": form,
            "direction": direction,
            "subject": subject,
            "speaker": speaker,
            "event_request": event_request,
            "answers": answers,
            "editing": None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def disclosure_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    disclosure = access.get_disclosure_or_404(request.user, pk)
    access.require(access.may_share(request.user))
    if disclosure.direction != Direction.OUTGOING or disclosure.state not in services.EDITABLE:
        messages.error(request, "Only a draft or a refused disclosure can be corrected.")
        return redirect("sharing:disclosure-detail", pk=disclosure.pk)
    initial = {
        name: getattr(disclosure, name)
        for name in [
            "partner",
            "subject_text",
            "fields_shared",
            "received",
            "purpose",
            "necessity",
            "benefits_and_risks",
            "risks_of_not_sharing",
            "anonymised_would_do",
            "safeguards",
            "lawful_basis",
            "special_category",
            "special_condition",
            "schedule1_paragraph",
            "statutory_power",
            "agreement",
            "one_off_reason",
            "decision_maker",
            "method",
            "shared_on",
        ]
    }
    form = forms.DisclosureForm(
        request.POST or None,
        initial=initial,
        field_choices=services.shareable_fields(disclosure.subject),
        subject_is_other=disclosure.subject == Subject.OTHER,
    )

    def perform(data: dict[str, Any]) -> Disclosure:
        facts = _facts(
            data,
            direction=Direction.OUTGOING,
            subject=disclosure.subject,
            speaker=disclosure.speaker,
            event_request=disclosure.event_request,
        )
        return services.update_disclosure(
            acting_user=request.user, disclosure=disclosure, facts=facts
        )

    done, form = submit_form(
        request,
        form,
        perform,
        success="Disclosure corrected: send it for sign-off again.",
        to=lambda d: reverse("sharing:disclosure-detail", args=[d.pk]),
    )
    return done or render(
        request,
        "sharing/disclosure_form.html",
        {
            "form": form,
            "direction": Direction.OUTGOING,
            "subject": disclosure.subject,
            "speaker": disclosure.speaker,
            "event_request": disclosure.event_request,
            "answers": None,
            "editing": disclosure,
        },
    )


@require_GET
@login_required
def disclosure_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    disclosure = access.get_disclosure_or_404(request.user, pk)
    user = request.user
    may_share = access.may_share(user)
    may_sign_off = access.may_sign_off(user)
    outgoing = disclosure.direction == Direction.OUTGOING
    order = list(services.shareable_fields(disclosure.subject))
    context: dict[str, Any] = {
        "d": disclosure,
        # The fields shared, in the order the form offers them: PostgreSQL's jsonb
        # does not keep the order they were stored in.
        "snapshot": [disclosure.snapshot[name] for name in order if name in disclosure.snapshot]
        + [field for name, field in disclosure.snapshot.items() if name not in order],
        "sees_data": access.sees_data(user),
        "sign_offs": selectors.sign_offs(disclosure),
        "may_edit": may_share and outgoing and disclosure.state in services.EDITABLE,
        "may_submit": may_share and outgoing and disclosure.state == State.DRAFT,
        "may_record": may_share
        and disclosure.direction == Direction.INCOMING
        and disclosure.state == State.RECEIVED,
    }
    if may_share and outgoing and disclosure.state not in (State.SENT, State.WITHDRAWN):
        context["send_form"] = forms.SendForm(prefix="send")
        context["withdraw_form"] = forms.ReasonForm(prefix="withdraw")
    if may_sign_off and disclosure.state == State.AWAITING_SIGN_OFF:
        context["sign_off_form"] = forms.SignOffForm(prefix="sign")
    if may_sign_off and disclosure.is_urgent and disclosure.reviewed_at is None:
        context["review_form"] = forms.ReviewForm(prefix="review")
    # Apps above add sections (the Podium exchange's messages) and may send it themselves.
    context["sections"] = [
        section
        for make in extensions.disclosure_sections
        if (section := make(disclosure, user)) is not None
    ]
    context["sent_by_podium"] = outgoing and any(
        sends(disclosure) for sends in extensions.sent_elsewhere
    )
    return render(request, "sharing/disclosure_detail.html", context)


@require_GET
@login_required
def disclosure_attachment(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """The file a partner sent, only to those who read the data shared (not the
    auditor, who sees metadata); always as an attachment, and audited."""
    disclosure = access.get_disclosure_or_404(request.user, pk)
    access.require(access.sees_data(request.user))
    if not disclosure.attachment:
        raise Http404
    services.log_attachment_download(acting_user=request.user, disclosure=disclosure)
    return private_download(disclosure.attachment, disclosure.attachment_name or "attachment")


def _act(
    request: AuthenticatedHttpRequest,
    disclosure: Disclosure,
    form: Any,
    perform: Any,
    *,
    success: str,
) -> HttpResponse:
    """A POST on the disclosure page: on a refusal, the page again with the reason."""
    done, form = submit_form(
        request,
        form,
        perform,
        success=success,
        to=reverse("sharing:disclosure-detail", args=[disclosure.pk]),
    )
    if done:
        return done
    for field, errors in form.errors.items():
        for error in errors:
            label = form.fields[field].label if field in form.fields else None
            messages.error(request, f"{label}: {error}" if label else error)
    return redirect("sharing:disclosure-detail", pk=disclosure.pk)


@require_POST
@login_required
def disclosure_submit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    disclosure = access.get_disclosure_or_404(request.user, pk)
    access.require(access.may_share(request.user))
    return _act(
        request,
        disclosure,
        PodiumForm(request.POST),
        lambda data: services.submit_for_sign_off(acting_user=request.user, disclosure=disclosure),
        success="Sent to the DPO for sign-off.",
    )


@require_POST
@login_required
def disclosure_sign_off(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    disclosure = access.get_disclosure_or_404(request.user, pk)
    access.require(access.may_sign_off(request.user))
    return _act(
        request,
        disclosure,
        forms.SignOffForm(request.POST, prefix="sign"),
        lambda data: services.sign_off(
            acting_user=request.user,
            disclosure=disclosure,
            approved=data["decision"] == "approve",
            reason=data["reason"],
        ),
        success="Your decision is recorded.",
    )


@require_POST
@login_required
def disclosure_send(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    disclosure = access.get_disclosure_or_404(request.user, pk)
    access.require(access.may_share(request.user))
    return _act(
        request,
        disclosure,
        forms.SendForm(request.POST, prefix="send"),
        lambda data: services.mark_sent(
            acting_user=request.user, disclosure=disclosure, urgent_reason=data["urgent_reason"]
        ),
        success="Marked sent.",
    )


@require_POST
@login_required
def disclosure_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    disclosure = access.get_disclosure_or_404(request.user, pk)
    access.require(access.may_share(request.user))
    return _act(
        request,
        disclosure,
        forms.ReasonForm(request.POST, prefix="withdraw"),
        lambda data: services.withdraw(
            acting_user=request.user, disclosure=disclosure, reason=data["reason"]
        ),
        success="Withdrawn before sending.",
    )


@require_POST
@login_required
def disclosure_review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    disclosure = access.get_disclosure_or_404(request.user, pk)
    access.require(access.may_sign_off(request.user))
    return _act(
        request,
        disclosure,
        forms.ReviewForm(request.POST, prefix="review"),
        lambda data: services.review_urgent(
            acting_user=request.user, disclosure=disclosure, note=data["note"]
        ),
        success="Your review is recorded.",
    )


@require_POST
@login_required
def disclosure_record(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    disclosure = access.get_disclosure_or_404(request.user, pk)
    access.require(access.may_share(request.user))
    return _act(
        request,
        disclosure,
        PodiumForm(request.POST),
        lambda data: services.record_incoming(acting_user=request.user, disclosure=disclosure),
        success="Recorded: reviewers now see it on the speaker and request pages.",
    )


# --- Speaker information requests --------------------------------------------------------


@require_GET
@login_required
def request_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require(access.sees_log(request.user))
    page = selectors.request_page(after=request.GET.get("after"), before=request.GET.get("before"))
    return render(
        request,
        "sharing/request_list.html",
        {"page": page, "may_share": access.may_share(request.user)},
    )


@require_GET
@login_required
def request_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    info = access.get_request_or_404(request.user, pk)
    recipients = list(info.recipients.select_related("partner", "disclosure"))
    return render(
        request,
        "sharing/request_detail.html",
        {
            "info": info,
            "recipients": recipients,
            "sees_data": access.sees_data(request.user),
            "may_share": access.may_share(request.user),
            # Apps above add sections (the Podium exchange's messages and answer).
            "sections": [
                section
                for make in extensions.request_sections
                if (section := make(info, request.user)) is not None
            ],
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Ask partners about a speaker in the register (?speaker=)."""
    access.require(access.may_share(request.user))
    speaker = speaker_selectors.speaker_by_id(pk=_int(request.GET.get("speaker")) or 0)
    if speaker is None:
        raise Http404
    form = forms.AskForm(
        request.POST or None,
        initial={
            "question": "Has this speaker spoken at your institution? Were there any "
            "concerns, or conditions on the event?"
        },
    )
    done, form = submit_form(
        request,
        form,
        lambda data: services.ask_partners(
            acting_user=request.user,
            speaker_id=speaker.pk,
            partners=data["partners"],
            question=data["question"],
            due_on=data["due_on"],
        ),
        success="Request recorded: send it to each partner by their secure route.",
        to=lambda r: reverse("sharing:request-detail", args=[r.pk]),
    )
    return done or render(
        request,
        "sharing/request_form.html",
        {"form": form, "speaker": speaker, "default_due": services.default_due_on()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_receive(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Record a request a partner sent us (?speaker= links it to the register)."""
    access.require(access.may_share(request.user))
    speaker = None
    if speaker_id := _int(request.GET.get("speaker")):
        speaker = speaker_selectors.speaker_by_id(pk=speaker_id)
        if speaker is None:
            raise Http404
    form = forms.ReceiveForm(
        request.POST or None, initial={"speaker_name": speaker.name if speaker else ""}
    )
    done, form = submit_form(
        request,
        form,
        lambda data: services.receive_request(
            acting_user=request.user,
            partner=data["partner"],
            speaker_id=speaker.pk if speaker else None,
            speaker_name=data["speaker_name"],
            question=data["question"],
            due_on=data["due_on"],
        ),
        success="Request recorded in the Prevent lead's queue.",
        to=lambda r: reverse("sharing:request-detail", args=[r.pk]),
    )
    return done or render(
        request, "sharing/request_receive.html", {"form": form, "speaker": speaker}
    )


@login_required
@require_http_methods(["GET", "POST"])
def request_answer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Record one partner's answer to our request."""
    access.require(access.may_share(request.user))
    recipient = get_object_or_404(Recipient.objects.select_related("request", "partner"), pk=pk)
    done, form = submit_form(
        request,
        forms.AnswerForm(request.POST or None),
        lambda data: services.record_answer(
            acting_user=request.user,
            recipient=recipient,
            rag=data["rag"],
            summary=data["summary"],
            lawful_basis=data["lawful_basis"],
        ),
        success="Answer recorded: reviewers see it on the speaker and request pages.",
        to=reverse("sharing:request-detail", args=[recipient.request_id]),
    )
    return done or render(
        request, "sharing/answer_form.html", {"form": form, "recipient": recipient}
    )


# --- Registers ---------------------------------------------------------------------------


def _register(
    request: AuthenticatedHttpRequest,
    *,
    form: Any,
    save: Any,
    template: str,
    to: str,
    context: dict[str, Any],
) -> HttpResponse:
    done, form = submit_form(request, form, save, success="Saved.", to=to)
    return done or render(request, template, {"form": form, **context})


@login_required
@require_http_methods(["GET", "POST"])
def partner_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require(access.keeps_registers(request.user))
    return _register(
        request,
        form=forms.PartnerForm(request.POST or None),
        save=lambda data: services.save_partner(acting_user=request.user, partner=None, **data),
        template="sharing/partners.html",
        to="sharing:partner-list",
        context={"partners": Partner.objects.all(), "editing": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def partner_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    access.require(access.keeps_registers(request.user))
    partner = get_object_or_404(Partner, pk=pk)
    initial = {f: getattr(partner, f) for f in services.PARTNER_FIELDS}
    return _register(
        request,
        form=forms.PartnerForm(request.POST or None, initial=initial),
        save=lambda data: services.save_partner(acting_user=request.user, partner=partner, **data),
        template="sharing/partners.html",
        to="sharing:partner-list",
        context={"partners": None, "editing": partner},
    )


@login_required
@require_http_methods(["GET", "POST"])
def purpose_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require(access.keeps_registers(request.user))
    return _register(
        request,
        form=forms.PurposeForm(request.POST or None),
        save=lambda data: services.save_purpose(acting_user=request.user, purpose=None, **data),
        template="sharing/purposes.html",
        to="sharing:purpose-list",
        context={"purposes": Purpose.objects.all(), "editing": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
def purpose_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    access.require(access.keeps_registers(request.user))
    purpose = get_object_or_404(Purpose, pk=pk)
    initial = {f: getattr(purpose, f) for f in services.PURPOSE_FIELDS}
    return _register(
        request,
        form=forms.PurposeForm(request.POST or None, initial=initial),
        save=lambda data: services.save_purpose(acting_user=request.user, purpose=purpose, **data),
        template="sharing/purposes.html",
        to="sharing:purpose-list",
        context={"purposes": None, "editing": purpose},
    )


@login_required
@require_http_methods(["GET", "POST"])
def policy(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The appropriate policy document: its versions, and publishing a new one."""
    access.require(access.keeps_registers(request.user))
    current = services.policy_in_force()
    return _register(
        request,
        form=forms.PolicyForm(
            request.POST or None, initial={"text": current.text if current else ""}
        ),
        save=lambda data: services.publish_policy(acting_user=request.user, text=data["text"]),
        template="sharing/policy.html",
        to="sharing:policy",
        context={"versions": selectors.policy_versions()},
    )


# --- Data sharing agreements --------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def agreement_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    access.require(access.keeps_registers(request.user))
    due_only = request.GET.get("due") == "soon"
    form = forms.AgreementForm(request.POST or None, request.FILES or None)
    done, form = submit_form(
        request,
        form,
        lambda data: services.save_agreement(acting_user=request.user, agreement=None, **data),
        success="Agreement added.",
        to=lambda a: reverse("sharing:agreement-detail", args=[a.pk]),
    )
    return done or render(
        request,
        "sharing/agreements.html",
        {
            "form": form,
            "agreements": selectors.agreements(due_only=due_only),
            "due_only": due_only,
            "due_days": selectors.AGREEMENT_DUE_DAYS,
            "today": timezone.localdate(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def agreement_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    access.require(access.keeps_registers(request.user))
    agreement = get_object_or_404(SharingAgreement.objects.select_related("owner"), pk=pk)
    initial = {f: getattr(agreement, f) for f in services.AGREEMENT_FIELDS}
    initial["partners"] = list(agreement.partners.all())
    done, form = submit_form(
        request,
        forms.AgreementForm(request.POST or None, request.FILES or None, initial=initial),
        lambda data: services.save_agreement(acting_user=request.user, agreement=agreement, **data),
        success="Saved.",
        to=reverse("sharing:agreement-detail", args=[agreement.pk]),
    )
    return done or render(
        request,
        "sharing/agreement_detail.html",
        {
            "agreement": agreement,
            "form": form,
            "review_form": forms.AgreementReviewForm(prefix="review"),
            "reviews": agreement.reviews.select_related("reviewed_by"),
        },
    )


@require_GET
@login_required
def agreement_document(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """The signed agreement, to those who keep the registers; as an attachment."""
    access.require(access.keeps_registers(request.user))
    agreement = get_object_or_404(SharingAgreement, pk=pk)
    if not agreement.document:
        raise Http404
    return private_download(agreement.document, agreement.document_name or "agreement.pdf")


@require_POST
@login_required
def agreement_review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    access.require(access.keeps_registers(request.user))
    agreement = get_object_or_404(SharingAgreement, pk=pk)
    done, form = submit_form(
        request,
        forms.AgreementReviewForm(request.POST, prefix="review"),
        lambda data: services.record_review(
            acting_user=request.user,
            agreement=agreement,
            outcome=data["outcome"],
            note=data["note"],
        ),
        success="Review recorded.",
        to=reverse("sharing:agreement-detail", args=[agreement.pk]),
    )
    if done:
        return done
    for errors in form.errors.values():
        for error in errors:
            messages.error(request, str(error))
    return redirect("sharing:agreement-detail", pk=agreement.pk)
