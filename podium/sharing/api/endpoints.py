"""The sharing log, speaker information requests and agreements over the API, with
the same access rules (`podium.sharing.access`) and services as the pages. The data
shared (snapshot, what was received, statements, questions, summaries) is answered
only to those who read the log with its data; the auditor gets the metadata (null)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from podium.api.kit import ERRORS, WRITE, Cursor, Id, In, user_of
from podium.sharing import access, selectors, services
from podium.sharing.models import Disclosure, InformationRequest, SharingAgreement

disclosures_router: Router = Router(tags=["information sharing"])
requests_router: Router = Router(tags=["information sharing"])
agreements_router: Router = Router(tags=["information sharing"])


class DisclosureOut(Schema):
    id: int
    direction: str
    state: str
    partner: str
    subject: str = Field(description="speaker, request or other")
    purpose: str
    lawful_basis: str
    special_category: bool
    decision_maker: str
    method: str
    shared_on: date
    delete_on: date
    urgent: bool
    review_due_on: date | None
    sent_at: datetime | None
    policy_version: int | None
    # Only to those who read the data shared: null for the auditor.
    speaker: int | None = None
    event_request: int | None = None
    fields_shared: list[str] | None = None
    snapshot: dict[str, Any] | None = Field(
        default=None, description="Exactly the fields shared: {field: {label, value}}."
    )
    received: str | None = None
    necessity: str | None = None

    @classmethod
    def of(cls, d: Disclosure, *, data: bool) -> DisclosureOut:
        out = cls(
            id=d.pk,
            direction=d.direction,
            state=d.state,
            partner=d.partner.name,
            subject=d.subject,
            purpose=d.purpose.name,
            lawful_basis=d.lawful_basis,
            special_category=d.special_category,
            decision_maker=d.decision_maker.get_full_name(),
            method=d.method,
            shared_on=d.shared_on,
            delete_on=d.delete_on,
            urgent=d.is_urgent,
            review_due_on=d.review_due_on,
            sent_at=d.sent_at,
            policy_version=d.policy_version.number if d.policy_version else None,
        )
        if data:
            out.speaker = d.speaker_id
            out.event_request = d.event_request_id
            out.fields_shared = list(d.fields_shared)
            out.snapshot = dict(d.snapshot)
            out.received = d.received
            out.necessity = d.necessity
        return out


class DisclosurePage(Schema):
    items: list[DisclosureOut]
    next_cursor: str | None


class DisclosureFilter(Schema):
    state: Literal[
        "",
        "draft",
        "awaiting_sign_off",
        "approved",
        "refused",
        "sent",
        "withdrawn",
        "received",
        "recorded",
        "urgent",
    ] = ""
    direction: Literal["", "outgoing", "incoming"] = ""
    cursor: Cursor = None


class SignOffIn(In):
    approve: bool
    reason: str = Field(default="", max_length=5000, description="Required when refusing.")


@disclosures_router.get(
    "",
    response={200: DisclosurePage, **ERRORS},
    summary="The sharing log",
    url_name="disclosures",
)
def disclosure_list(request: HttpRequest, filters: Query[DisclosureFilter]) -> DisclosurePage:
    """Disclosures newest first, 50 a page; `state=urgent` for urgent disclosures
    awaiting the DPO's review after the fact."""
    user = user_of(request)
    access.require(access.sees_log(user))
    page = selectors.disclosure_page(
        state=filters.state,
        direction=filters.direction,
        after=filters.cursor,
        related=("decision_maker", "policy_version"),
    )
    data = access.sees_data(user)
    return DisclosurePage(
        items=[DisclosureOut.of(d, data=data) for d in page.items], next_cursor=page.next_cursor
    )


@disclosures_router.get(
    "/{pk}",
    response={200: DisclosureOut, **ERRORS},
    summary="A disclosure",
    url_name="disclosure",
)
def disclosure_detail(request: HttpRequest, pk: Id) -> DisclosureOut:
    user = user_of(request)
    disclosure = access.get_disclosure_or_404(user, pk)
    return DisclosureOut.of(disclosure, data=access.sees_data(user))


@disclosures_router.post(
    "/{pk}/sign-off",
    response={200: DisclosureOut, **ERRORS},
    auth=WRITE,
    summary="Sign off a disclosure (DPO)",
    url_name="disclosure-sign-off",
)
def disclosure_sign_off(request: HttpRequest, pk: Id, payload: SignOffIn) -> DisclosureOut:
    """Approve, or refuse with reasons, a disclosure awaiting sign-off (409 otherwise)."""
    user = user_of(request)
    access.require(access.may_sign_off(user))
    disclosure = access.get_disclosure_or_404(user, pk)
    disclosure = services.sign_off(
        acting_user=user, disclosure=disclosure, approved=payload.approve, reason=payload.reason
    )
    return DisclosureOut.of(access.get_disclosure_or_404(user, disclosure.pk), data=True)


class PartnerAnswerOut(Schema):
    partner: str
    rag: str | None
    summary: str | None
    answered_at: datetime | None
    disclosure: int | None


class RequestOut(Schema):
    id: int
    direction: str
    partner: str | None = Field(description="Who asked us (incoming).")
    due_on: date
    answer: int | None = Field(description="Our answering disclosure (incoming).")
    answers: list[PartnerAnswerOut] = Field(description="Each partner asked (outgoing).")
    # Only to those who read the data shared.
    speaker: int | None = None
    speaker_name: str | None = None
    question: str | None = None

    @classmethod
    def of(cls, r: InformationRequest, *, data: bool) -> RequestOut:
        return cls(
            id=r.pk,
            direction=r.direction,
            partner=r.partner.name if r.partner else None,
            due_on=r.due_on,
            answer=r.answer_id,
            answers=[
                PartnerAnswerOut(
                    partner=x.partner.name,
                    rag=x.rag or None,
                    summary=x.summary if data else None,
                    answered_at=x.answered_at,
                    disclosure=x.disclosure_id,
                )
                for x in r.recipients.all()
            ],
            speaker=r.speaker_id if data else None,
            speaker_name=r.speaker_name if data else None,
            question=r.question if data else None,
        )


class RequestPage(Schema):
    items: list[RequestOut]
    next_cursor: str | None


class SharingPageFilter(Schema):
    cursor: Cursor = None


@requests_router.get(
    "",
    response={200: RequestPage, **ERRORS},
    summary="Speaker information requests",
    url_name="speaker-information-requests",
)
def request_list(request: HttpRequest, filters: Query[SharingPageFilter]) -> RequestPage:
    """Requests sent and received, newest first, 50 a page."""
    user = user_of(request)
    access.require(access.sees_log(user))
    page = selectors.request_page(after=filters.cursor)
    data = access.sees_data(user)
    return RequestPage(
        items=[RequestOut.of(r, data=data) for r in page.items], next_cursor=page.next_cursor
    )


class AgreementOut(Schema):
    id: int
    title: str
    partners: list[str]
    purpose: str
    data_categories: str
    lawful_bases: str
    starts_on: date
    review_on: date
    ends_on: date | None
    retention_years: int
    owner: str

    @classmethod
    def of(cls, a: SharingAgreement) -> AgreementOut:
        return cls(
            id=a.pk,
            title=a.title,
            partners=[p.name for p in a.partners.all()],
            purpose=a.purpose,
            data_categories=a.data_categories,
            lawful_bases=a.lawful_bases,
            starts_on=a.starts_on,
            review_on=a.review_on,
            ends_on=a.ends_on,
            retention_years=a.retention_years,
            owner=a.owner.get_full_name(),
        )


@agreements_router.get(
    "",
    response={200: list[AgreementOut], **ERRORS},
    summary="Data sharing agreements",
    url_name="sharing-agreements",
)
def agreement_list(request: HttpRequest) -> list[AgreementOut]:
    """Every agreement, the next review first (for the DPO and administrators)."""
    access.require(access.keeps_registers(user_of(request)))
    return [AgreementOut.of(a) for a in selectors.agreements()]
