"""Writes for speaker information requests: asking partners, their answers, and
requests partners send us."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from podium.accounts.models import User
from podium.audit.services import record
from podium.core.errors import DomainError
from podium.events import selectors as events_selectors
from podium.notify.services import notify
from podium.sharing import access, extensions
from podium.sharing.models import (
    DEFAULT_RETENTION_YEARS,
    RAG,
    Direction,
    Disclosure,
    InformationRequest,
    LawfulBasis,
    Method,
    Partner,
    Purpose,
    Recipient,
    State,
    Subject,
)
from podium.sharing.services.base import request_due_days, years_after
from podium.sharing.services.disclosures import require_sharer
from podium.sharing.services.registers import policy_in_force
from podium.speakers import selectors as speaker_selectors

# --- Speaker information requests ------------------------------------------------------


def default_due_on(today: date | None = None) -> date:
    return events_selectors.working_days_after(today or timezone.localdate(), request_due_days())


@transaction.atomic
def ask_partners(
    *,
    acting_user: User,
    speaker_id: int | None,
    partners: Iterable[Partner],
    question: str,
    due_on: date | None,
) -> InformationRequest:
    """An outgoing request about a speaker in the register to one or more partners."""
    require_sharer(acting_user)
    partners = list(partners)
    speaker = speaker_selectors.speaker_by_id(pk=speaker_id) if speaker_id else None
    problems: list[tuple[str | None, str]] = []
    if speaker is None:
        problems.append(("speaker", "Choose the speaker from the register."))
    if not partners or any(not p.is_active for p in partners):
        problems.append(("partners", "Choose at least one partner from the register."))
    if not question.strip():
        problems.append(("question", "Enter the question you are asking."))
    if due_on is not None and due_on <= timezone.localdate():
        problems.append(("due_on", "The due date must be after today."))
    if problems:
        raise DomainError.of(problems)
    assert speaker is not None
    request = InformationRequest.objects.create(
        direction=Direction.OUTGOING,
        speaker=speaker,
        speaker_name=speaker.name,
        question=question.strip(),
        due_on=due_on or default_due_on(),
        created_by=acting_user,
    )
    Recipient.objects.bulk_create(Recipient(request=request, partner=p) for p in partners)
    record(
        action="sharing.request.created",
        actor=acting_user,
        target=request,
        data={
            "direction": request.direction,
            "speaker": speaker.pk,
            "partners": sorted(p.pk for p in partners),
            "due_on": request.due_on,
        },
    )
    for sent in extensions.request_sent:
        sent(request)
    return request


@transaction.atomic
def record_answer(
    *,
    acting_user: User | None,
    recipient: Recipient,
    rag: str,
    summary: str,
    lawful_basis: str,
    method: str = Method.SECURE_EMAIL,
    snapshot: dict[str, Any] | None = None,
) -> Recipient:
    """A partner's answer: a RAG rating and a factual summary, recorded as an incoming
    disclosure linked to the speaker. `acting_user` None: it came electronically
    (`podium.exchange`, method "Podium exchange", with the fields the partner
    shared as `snapshot`), recorded for the person who asked, by Podium."""
    if acting_user is not None:
        require_sharer(acting_user)
    recipient = Recipient.objects.select_for_update().get(pk=recipient.pk)
    problems: list[tuple[str | None, str]] = []
    if recipient.answered_at is not None:
        raise DomainError("This partner's answer is already recorded.")
    if rag not in RAG.values:
        problems.append(("rag", "Choose the rating: red, amber or green."))
    if not summary.strip():
        problems.append(("summary", "Enter a factual summary of the answer."))
    if lawful_basis not in LawfulBasis.values:
        problems.append(("lawful_basis", "Choose the UK GDPR Article 6 lawful basis."))
    if problems:
        raise DomainError.of(problems)
    request = recipient.request
    recorded_for = acting_user or request.created_by
    purpose = Purpose.objects.filter(is_active=True).order_by("pk").first()
    if purpose is None:
        raise DomainError("Add a purpose to the purposes list first.")
    today = timezone.localdate()
    disclosure = Disclosure.objects.create(
        direction=Direction.INCOMING,
        state=State.RECORDED,
        partner=recipient.partner,
        subject=Subject.SPEAKER,
        speaker=request.speaker,
        purpose=purpose,
        necessity=f"Answer to speaker information request {request.audit_label}.",
        lawful_basis=lawful_basis,
        one_off_reason=f"Answer to speaker information request {request.audit_label}.",
        decision_maker=recorded_for,
        method=method,
        shared_on=today,
        delete_on=years_after(today, DEFAULT_RETENTION_YEARS),
        received=f"{RAG(rag).label}. {summary.strip()}",
        fields_shared=list(snapshot or {}),
        snapshot=snapshot or {},
        policy_version=policy_in_force(),
        created_by=recorded_for,
    )
    recipient.rag = rag
    recipient.summary = summary.strip()
    recipient.answered_at = timezone.now()
    recipient.disclosure = disclosure
    recipient.save()
    record(
        action="sharing.request.answered",
        actor=acting_user,
        target=request,
        data={"partner": recipient.partner_id, "rag": rag, "disclosure": disclosure.pk},
    )
    notify(
        [request.created_by],
        "sharing/email/answer_received.txt",
        {"request": request, "recipient": recipient},
        subject=f"Answer received: speaker request {request.audit_label}",
        link=reverse("sharing:request-detail", args=[request.pk]),
        link_label="Open the request",
    )
    return recipient


@transaction.atomic
def receive_request(
    *,
    acting_user: User | None,
    partner: Partner | None,
    speaker_id: int | None,
    speaker_name: str,
    question: str,
    due_on: date | None,
) -> InformationRequest:
    """A partner asks about a speaker: it lands in the Prevent lead's queue.
    `acting_user` None: it came electronically (`podium.exchange`), recorded by
    Podium for the first of the sharers."""
    if acting_user is not None:
        require_sharer(acting_user)
    recorded_for = acting_user or access.sharing_people().order_by("pk").first()
    speaker = speaker_selectors.speaker_by_id(pk=speaker_id) if speaker_id else None
    problems: list[tuple[str | None, str]] = []
    if partner is None or not partner.is_active:
        problems.append(("partner", "Choose the partner who asked."))
    if speaker is None and not speaker_name.strip():
        problems.append(("speaker_name", "Enter the speaker's name as the partner gave it."))
    if not question.strip():
        problems.append(("question", "Enter the partner's question."))
    if recorded_for is None:
        problems.append((None, "Nobody here holds the Prevent lead's sharing role."))
    if problems:
        raise DomainError.of(problems)
    assert recorded_for is not None
    request = InformationRequest.objects.create(
        direction=Direction.INCOMING,
        speaker=speaker,
        speaker_name=speaker_name.strip() or (speaker.name if speaker else ""),
        question=question.strip(),
        partner=partner,
        due_on=due_on or default_due_on(),
        created_by=recorded_for,
    )
    record(
        action="sharing.request.created",
        actor=acting_user,
        target=request,
        data={
            "direction": request.direction,
            "speaker": request.speaker_id,
            "partners": [partner.pk] if partner else [],
            "due_on": request.due_on,
        },
    )
    return request
