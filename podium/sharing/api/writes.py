"""Writes over the API, with the same services and access rules as the pages:
record a disclosure (outgoing: a draft; incoming: received) and send it for DPO
sign-off; ask partners about a speaker and record a partner's answer; record a
review of a data sharing agreement.

Ids that match nothing are passed on as missing, so the service names every field
that is wrong in one answer (400); a refusal about the record's state is 409.
Attachments and the signed agreement are uploaded on the pages (a JSON body carries
no file)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest
from ninja import Field, Status

from podium.accounts.models import User
from podium.api.kit import ERRORS, WRITE, Id, In, required_text, user_of
from podium.core.errors import DomainError
from podium.sharing import access, services
from podium.sharing.api.endpoints import (
    AgreementOut,
    DisclosureOut,
    RequestOut,
    agreements_router,
    disclosures_router,
    requests_router,
)
from podium.sharing.models import (
    Direction,
    InformationRequest,
    Partner,
    Purpose,
    Recipient,
    SharingAgreement,
)

TEXT = 20000


def _id(name: str) -> str:
    return f"podium_sharing_api_{name}"


def _one(model: Any, pk: int | None, **filters: Any) -> Any:
    return model.objects.filter(pk=pk, **filters).first() if pk else None


class DisclosureIn(In):
    direction: Annotated[str, Field(max_length=16, description="outgoing or incoming")]
    partner: Id = Field(description="The partner's id (the partner register).")
    subject: Annotated[str, Field(max_length=16, description="speaker, request or other")]
    speaker: Id | None = Field(None, description="The speaker's id (subject: speaker).")
    event_request: Id | None = Field(None, description="The event request's id (subject: request).")
    subject_text: Annotated[str, Field(max_length=300)] = Field(
        "", description="What it is about (subject: other)."
    )
    fields_shared: list[Annotated[str, Field(max_length=64)]] = Field(
        default_factory=list,
        max_length=50,
        description="Outgoing about a speaker or request: the fields ticked; Podium keeps a "
        "snapshot of exactly these.",
    )
    received: Annotated[str, Field(max_length=TEXT)] = Field(
        "", description="Incoming: what was received. Outgoing about neither: what is shared."
    )
    purpose: Id = Field(description="The purpose's id (the purposes list).")
    necessity: Annotated[str, required_text(TEXT)]
    benefits_and_risks: Annotated[str, Field(max_length=TEXT)] = ""
    risks_of_not_sharing: Annotated[str, Field(max_length=TEXT)] = ""
    anonymised_would_do: bool = False
    safeguards: Annotated[str, Field(max_length=TEXT)] = ""
    lawful_basis: Annotated[str, Field(max_length=32, description="UK GDPR Art 6(1) basis")]
    special_category: bool = False
    special_condition: Annotated[str, Field(max_length=16)] = Field(
        "", description="Art 9 or Art 10 condition: required with special_category."
    )
    schedule1_paragraph: Annotated[str, Field(max_length=200)] = Field(
        "", description="DPA 2018 Sch. 1 paragraph: required with special_category."
    )
    statutory_power: Annotated[str, Field(max_length=300)] = ""
    agreement: Id | None = Field(None, description="The data sharing agreement relied on.")
    one_off_reason: Annotated[str, Field(max_length=TEXT)] = Field(
        "", description="Without an agreement: why this is a one-off."
    )
    decision_maker: Id = Field(description="The user id of the person who decided.")
    method: Annotated[str, Field(max_length=16)] = Field(
        description="secure_email, telephone, meeting or podium"
    )
    shared_on: date
    answers: Id | None = Field(
        None, description="An incoming speaker information request this disclosure answers."
    )


@disclosures_router.post(
    "",
    response={201: DisclosureOut, **ERRORS},
    auth=WRITE,
    summary="Record a disclosure",
    url_name="disclosures",
    operation_id=_id("disclosure_create"),
)
def disclosure_create(request: HttpRequest, payload: DisclosureIn) -> Status[DisclosureOut]:
    """Prevent lead or head of security. Outgoing starts as a draft (send it for
    sign-off next); incoming as received. Every wrong field is named at once."""
    user = user_of(request)
    access.require(access.may_share(user))
    answers = _one(InformationRequest, payload.answers, direction=Direction.INCOMING)
    agreement = _one(SharingAgreement, payload.agreement)
    unknown: list[tuple[str | None, str]] = []
    if payload.answers is not None and answers is None:
        unknown.append(("answers", "Unknown incoming speaker information request."))
    if payload.agreement is not None and agreement is None:
        unknown.append(("agreement", "Unknown data sharing agreement."))
    if unknown:
        raise DomainError.of(unknown)
    facts = services.DisclosureFacts(
        direction=payload.direction,
        partner=_one(Partner, payload.partner),
        subject=payload.subject,
        speaker_id=payload.speaker,
        request_id=payload.event_request,
        subject_text=payload.subject_text,
        purpose=_one(Purpose, payload.purpose, is_active=True),
        necessity=payload.necessity,
        benefits_and_risks=payload.benefits_and_risks,
        risks_of_not_sharing=payload.risks_of_not_sharing,
        anonymised_would_do=payload.anonymised_would_do,
        safeguards=payload.safeguards,
        lawful_basis=payload.lawful_basis,
        special_category=payload.special_category,
        special_condition=payload.special_condition,
        schedule1_paragraph=payload.schedule1_paragraph,
        statutory_power=payload.statutory_power,
        agreement=agreement,
        one_off_reason=payload.one_off_reason,
        decision_maker=_one(User, payload.decision_maker),
        method=payload.method,
        shared_on=payload.shared_on,
        fields_shared=payload.fields_shared,
        received=payload.received,
        answers=answers,
    )
    disclosure = services.create_disclosure(acting_user=user, facts=facts)
    return Status(
        201, DisclosureOut.of(access.get_disclosure_or_404(user, disclosure.pk), data=True)
    )


@disclosures_router.post(
    "/{pk}/submit",
    response={200: DisclosureOut, **ERRORS},
    auth=WRITE,
    summary="Send a draft disclosure for DPO sign-off",
    url_name="disclosure-submit",
    operation_id=_id("disclosure_submit"),
)
def disclosure_submit(request: HttpRequest, pk: Id) -> DisclosureOut:
    """Prevent lead or head of security; only a draft outgoing disclosure (409
    otherwise). The DPOs are notified."""
    user = user_of(request)
    access.require(access.may_share(user))
    disclosure = access.get_disclosure_or_404(user, pk)
    services.submit_for_sign_off(acting_user=user, disclosure=disclosure)
    return DisclosureOut.of(access.get_disclosure_or_404(user, pk), data=True)


def _request_out(user: User, pk: int) -> RequestOut:
    asked = access.get_request_or_404(user, pk)
    prefetch_related_objects([asked], "recipients__partner")
    return RequestOut.of(asked, data=True)


class AskIn(In):
    speaker: Id = Field(description="The speaker's id in the register.")
    partners: Annotated[list[Id], Field(min_length=1, max_length=50)] = Field(
        description="The partners asked."
    )
    question: Annotated[str, required_text(TEXT)]
    due_on: date | None = Field(
        None, description="Default: 10 working days (PODIUM_SHARING_REQUEST_DUE_DAYS)."
    )


@requests_router.post(
    "",
    response={201: RequestOut, **ERRORS},
    auth=WRITE,
    summary="Ask partners about a speaker",
    url_name="speaker-information-requests",
    operation_id=_id("request_create"),
)
def request_create(request: HttpRequest, payload: AskIn) -> Status[RequestOut]:
    """Prevent lead or head of security: an outgoing speaker information request to
    one or more partners."""
    user = user_of(request)
    access.require(access.may_share(user))
    partners = list(Partner.objects.filter(pk__in=payload.partners))
    if len(partners) != len(set(payload.partners)):
        partners = []  # the service names the field
    created = services.ask_partners(
        acting_user=user,
        speaker_id=payload.speaker,
        partners=partners,
        question=payload.question,
        due_on=payload.due_on,
    )
    return Status(201, _request_out(user, created.pk))


class PartnerAnswerIn(In):
    partner: Id = Field(description="The partner who answered (one of those asked).")
    rag: Annotated[str, Field(max_length=8)] = Field(description="red, amber or green")
    summary: Annotated[str, required_text(TEXT)] = Field(
        description="A factual summary of the answer."
    )
    lawful_basis: Annotated[str, Field(max_length=32)] = Field(
        "public_task", description="UK GDPR Art 6(1) basis for receiving it."
    )


@requests_router.post(
    "/{pk}/answers",
    response={200: RequestOut, **ERRORS},
    auth=WRITE,
    summary="Record a partner's answer",
    url_name="speaker-information-request-answers",
    operation_id=_id("request_answer"),
)
def request_answer(request: HttpRequest, pk: Id, payload: PartnerAnswerIn) -> RequestOut:
    """Prevent lead or head of security. Recorded as an incoming disclosure linked to
    the speaker; the person who asked is notified. 409 when already answered."""
    user = user_of(request)
    access.require(access.may_share(user))
    asked = access.get_request_or_404(user, pk)
    recipient = Recipient.objects.filter(request=asked, partner_id=payload.partner).first()
    if recipient is None:
        raise DomainError("That partner was not asked in this request.", field="partner")
    services.record_answer(
        acting_user=user,
        recipient=recipient,
        rag=payload.rag,
        summary=payload.summary,
        lawful_basis=payload.lawful_basis,
    )
    return _request_out(user, asked.pk)


class AgreementReviewIn(In):
    outcome: Annotated[str, Field(max_length=16)] = Field(description="continue, amend or end")
    note: Annotated[str, Field(max_length=TEXT)] = ""
    reviewed_on: date | None = Field(None, description="Default: today.")


@agreements_router.post(
    "/{pk}/reviews",
    response={200: AgreementOut, **ERRORS},
    auth=WRITE,
    summary="Record a review of a data sharing agreement",
    url_name="sharing-agreement-reviews",
    operation_id=_id("agreement_review"),
)
def agreement_review(request: HttpRequest, pk: Id, payload: AgreementReviewIn) -> AgreementOut:
    """DPO or administrator. Continue or amend: the next review a year on; end: the
    agreement ends on the review's date."""
    user = user_of(request)
    access.require(access.keeps_registers(user))
    agreement = _one(SharingAgreement, pk)
    if agreement is None:
        raise Http404
    services.record_review(
        acting_user=user,
        agreement=agreement,
        outcome=payload.outcome,
        note=payload.note,
        reviewed_on=payload.reviewed_on,
    )
    return AgreementOut.of(
        SharingAgreement.objects.select_related("owner").prefetch_related("partners").get(pk=pk)
    )
