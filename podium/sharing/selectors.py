"""Reads for information sharing. Lists are keyset pages with a fixed number of
queries whatever their length."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from podium.core.memo import per_request
from podium.core.pagination import Page, keyset_page
from podium.sharing.models import (
    RAG,
    Direction,
    Disclosure,
    InformationRequest,
    LawfulBasis,
    Method,
    Partner,
    PolicyVersion,
    Purpose,
    Recipient,
    SharingAgreement,
    State,
    Subject,
)

LIST_RELATED = ("partner", "purpose")
OPEN_STATES = (State.DRAFT, State.AWAITING_SIGN_OFF, State.APPROVED, State.REFUSED)


def disclosure_page(
    *,
    state: str = "",
    direction: str = "",
    after: str | None = None,
    before: str | None = None,
    size: int = 50,
    related: tuple[str, ...] = (),
) -> Page[Disclosure]:
    """The sharing log, newest first: one query for a page."""
    rows = Disclosure.objects.select_related(*LIST_RELATED, *related)
    if state == "urgent":
        rows = rows.filter(review_due_on__isnull=False, reviewed_at__isnull=True)
    elif state in State.values:
        rows = rows.filter(state=state)
    if direction in Direction.values:
        rows = rows.filter(direction=direction)
    return keyset_page(
        rows, field="created_at", after=after, before=before, size=size, descending=True
    )


def request_page(
    *, after: str | None = None, before: str | None = None, size: int = 50
) -> Page[InformationRequest]:
    rows = InformationRequest.objects.select_related("partner").prefetch_related(
        Prefetch("recipients", queryset=Recipient.objects.select_related("partner"))
    )
    return keyset_page(
        rows, field="created_at", after=after, before=before, size=size, descending=True
    )


def awaiting_sign_off() -> QuerySet[Disclosure]:
    return Disclosure.objects.filter(state=State.AWAITING_SIGN_OFF)


def urgent_to_review() -> QuerySet[Disclosure]:
    return Disclosure.objects.filter(review_due_on__isnull=False, reviewed_at__isnull=True)


def sharer_work() -> QuerySet[Disclosure]:
    """Drafts and refused disclosures: what the sharers have to finish or correct."""
    return Disclosure.objects.filter(state__in=(State.DRAFT, State.REFUSED))


@dataclass(frozen=True)
class SharerFigures:
    drafts: int
    refused: int
    incoming: int


@per_request
def sharer_figures() -> SharerFigures:
    """The sharers' card and their home page's lines: two queries, once per page."""
    counts = sharer_work().aggregate(
        drafts=Count("pk", filter=Q(state=State.DRAFT)),
        refused=Count("pk", filter=Q(state=State.REFUSED)),
    )
    return SharerFigures(counts["drafts"], counts["refused"], incoming_requests_open().count())


def incoming_requests_open() -> QuerySet[InformationRequest]:
    return InformationRequest.objects.filter(direction=Direction.INCOMING, answer__isnull=True)


def active_partners() -> QuerySet[Partner]:
    return Partner.objects.filter(is_active=True)


def processing_recipients() -> list[str]:
    """The record of processing's recipients (UK GDPR Art 30(1)(d); registered in
    `apps.py` with `core.registry.PROCESSING_RECIPIENTS`): one line per partner in
    the register, with the agreements in force that cover it and the data they name.
    Two queries."""
    today = timezone.localdate()
    in_force = Prefetch(
        "agreements",
        queryset=SharingAgreement.objects.filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=today), starts_on__lte=today
        ).order_by("title", "pk"),
        to_attr="in_force",
    )
    lines = []
    for partner in active_partners().order_by("name").prefetch_related(in_force):
        line = f"{partner.name} ({partner.get_kind_display()}): "
        if partner.in_force:
            line += "; ".join(
                f"under “{agreement.title}”: {agreement.data_categories}"
                for agreement in partner.in_force
            )
        else:
            line += "what each disclosure records (no data sharing agreement in force)"
        lines.append(line)
    return lines


def active_purposes() -> QuerySet[Purpose]:
    return Purpose.objects.filter(is_active=True)


def current_agreements() -> QuerySet[SharingAgreement]:
    today = timezone.localdate()
    return SharingAgreement.objects.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today), starts_on__lte=today
    )


def agreements(*, due_only: bool = False) -> QuerySet[SharingAgreement]:
    """Every agreement (or those due for review), the next review first (a short
    register: not paged)."""
    rows = SharingAgreement.objects.select_related("owner").prefetch_related("partners")
    return rows.filter(pk__in=agreements_due().values("pk")) if due_only else rows


# An agreement is "due for review" this many days before its review date.
AGREEMENT_DUE_DAYS = 30


def agreements_due(*, within_days: int = AGREEMENT_DUE_DAYS) -> QuerySet[SharingAgreement]:
    today = timezone.localdate()
    return SharingAgreement.objects.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gt=today),
        review_on__lte=today + timedelta(days=within_days),
    )


def policy_versions() -> QuerySet[PolicyVersion]:
    return PolicyVersion.objects.select_related("published_by").order_by("-number")


@dataclass
class SpeakerSharing:
    """What partners said about a speaker, and what is still asked."""

    answers: list[Recipient] = field(default_factory=list)
    incoming: list[Disclosure] = field(default_factory=list)
    open_requests: list[InformationRequest] = field(default_factory=list)

    @property
    def anything(self) -> bool:
        return bool(self.answers or self.incoming or self.open_requests)


def sharing_about(speaker_ids: Iterable[int]) -> dict[int, SpeakerSharing]:
    """For each speaker: partners' answers, other incoming disclosures recorded, and
    outgoing requests with partners still to answer (two queries)."""
    ids = [pk for pk in set(speaker_ids) if pk]
    found: dict[int, SpeakerSharing] = {pk: SpeakerSharing() for pk in ids}
    if not ids:
        return found
    answered_disclosures: set[int] = set()
    open_requests: dict[int, InformationRequest] = {}
    for recipient in (
        Recipient.objects.filter(request__speaker_id__in=ids, request__direction=Direction.OUTGOING)
        .select_related("partner", "request")
        .order_by("-answered_at", "request__due_on", "pk")
    ):
        request = recipient.request
        about = found[request.speaker_id]  # type: ignore[index]
        if recipient.answered_at is not None:
            about.answers.append(recipient)
            if recipient.disclosure_id:
                answered_disclosures.add(recipient.disclosure_id)
            continue
        if request.pk not in open_requests:
            request.waiting = []  # type: ignore[attr-defined]
            open_requests[request.pk] = request
            about.open_requests.append(request)
        open_requests[request.pk].waiting.append(recipient)  # type: ignore[attr-defined]
    for disclosure in (
        Disclosure.objects.filter(
            speaker_id__in=ids, direction=Direction.INCOMING, state=State.RECORDED
        )
        .exclude(pk__in=answered_disclosures)
        .select_related("partner")
        .order_by("-shared_on", "-pk")
    ):
        found[disclosure.speaker_id].incoming.append(disclosure)  # type: ignore[index]
    return found


def sign_offs(disclosure: Disclosure) -> list[Any]:
    return list(disclosure.sign_offs.select_related("decided_by"))


# --- For the Podium-to-Podium exchange (podium.exchange) ------------------------------


def request_by_id(pk: int) -> InformationRequest | None:
    return (
        InformationRequest.objects.select_related("partner", "speaker", "answer", "created_by")
        .filter(pk=pk)
        .first()
    )


def disclosure_by_id(pk: int) -> Disclosure | None:
    return Disclosure.objects.select_related("partner", "speaker").filter(pk=pk).first()


def recipient_of(*, request_id: int, partner_id: int) -> Recipient | None:
    """The partner's row on an outgoing request (its answer, once recorded)."""
    return Recipient.objects.filter(request_id=request_id, partner_id=partner_id).first()


def request_answered_by(disclosure: Disclosure) -> InformationRequest | None:
    """The incoming request this outgoing disclosure answers, if any."""
    return InformationRequest.objects.filter(answer=disclosure).first()


def partners_of(request: InformationRequest) -> list[Partner]:
    """The partners asked in an outgoing request."""
    return [r.partner for r in request.recipients.select_related("partner")]


# The choices another app's form offers when it records an answer through sharing.
RAG_CHOICES = RAG.choices
LAWFUL_BASIS_CHOICES = LawfulBasis.choices
PODIUM_METHOD = Method.PODIUM
SPEAKER_SUBJECT = Subject.SPEAKER
OUTGOING = Direction.OUTGOING
INCOMING = Direction.INCOMING
