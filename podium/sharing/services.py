"""Writes for information sharing. One audit entry per state change; no free text
and no personal identity in audit data (only ids, states and field names).

Who may do what is checked here as well as in the views (`access`), so the API and
the pages refuse the same things.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone

from podium.accounts.models import User
from podium.audit.services import changes, record
from podium.core.errors import DomainError, NotAllowed
from podium.events import selectors as events_selectors
from podium.notify.services import notify
from podium.sharing import access
from podium.sharing.models import (
    DEFAULT_RETENTION_YEARS,
    RAG,
    AgreementReview,
    Direction,
    Disclosure,
    InformationRequest,
    LawfulBasis,
    Method,
    Partner,
    PartnerKind,
    PolicyVersion,
    Purpose,
    Recipient,
    ReviewOutcome,
    SharingAgreement,
    SignOff,
    SpecialCondition,
    State,
    Subject,
)
from podium.speakers import selectors as speaker_selectors

PARTNER_FIELDS = ["name", "kind", "contact_name", "contact_route", "is_active"]
PURPOSE_FIELDS = ["name", "is_active"]
DISCLOSURE_FIELDS = [
    "partner",
    "subject",
    "speaker",
    "event_request",
    "purpose",
    "lawful_basis",
    "special_category",
    "special_condition",
    "agreement",
    "decision_maker",
    "method",
    "shared_on",
    "delete_on",
    "fields_shared",
]
# States an outgoing disclosure may still be edited in (by its sharer).
EDITABLE = (State.DRAFT, State.REFUSED)


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def urgent_review_days() -> int:
    return int(settings.PODIUM_SHARING_URGENT_REVIEW_DAYS)


def request_due_days() -> int:
    return int(settings.PODIUM_SHARING_REQUEST_DUE_DAYS)


# --- Registers ---------------------------------------------------------------------------


def _require_registers(user: User) -> None:
    if not access.keeps_registers(user):
        raise NotAllowed("Only the DPO or an administrator keeps the sharing registers.")


@transaction.atomic
def save_partner(*, acting_user: User, partner: Partner | None, **values: Any) -> Partner:
    _require_registers(acting_user)
    name = str(values.get("name", "")).strip()
    if not name:
        raise DomainError("Enter the partner's name.", field="name")
    if values.get("kind") not in PartnerKind.values:
        raise DomainError("Choose what kind of organisation the partner is.", field="kind")
    clash = Partner.objects.filter(name__iexact=name)
    if partner is not None:
        clash = clash.exclude(pk=partner.pk)
    if clash.exists():
        raise DomainError("A partner with this name is already in the register.", field="name")
    values["name"] = name
    before = {f: getattr(partner, f) for f in PARTNER_FIELDS} if partner else {}
    created = partner is None
    partner = partner or Partner()
    for name_, value in values.items():
        if name_ in PARTNER_FIELDS:
            setattr(partner, name_, value)
    partner.save()
    after = {f: getattr(partner, f) for f in PARTNER_FIELDS}
    record(
        action="sharing.partner.created" if created else "sharing.partner.changed",
        actor=acting_user,
        target=partner,
        data={"changes": changes(before, after)},
    )
    return partner


@transaction.atomic
def save_purpose(*, acting_user: User, purpose: Purpose | None, **values: Any) -> Purpose:
    _require_registers(acting_user)
    name = str(values.get("name", "")).strip()
    if not name:
        raise DomainError("Enter the purpose.", field="name")
    clash = Purpose.objects.filter(name__iexact=name)
    if purpose is not None:
        clash = clash.exclude(pk=purpose.pk)
    if clash.exists():
        raise DomainError("This purpose is already in the list.", field="name")
    before = {f: getattr(purpose, f) for f in PURPOSE_FIELDS} if purpose else {}
    created = purpose is None
    purpose = purpose or Purpose()
    purpose.name = name
    purpose.is_active = bool(values.get("is_active", True))
    purpose.save()
    record(
        action="sharing.purpose.created" if created else "sharing.purpose.changed",
        actor=acting_user,
        target=purpose,
        data={"changes": changes(before, {f: getattr(purpose, f) for f in PURPOSE_FIELDS})},
    )
    return purpose


@transaction.atomic
def publish_policy(*, acting_user: User, text: str) -> PolicyVersion:
    """Adds a version of the appropriate policy document; never edits one."""
    _require_registers(acting_user)
    text = text.strip()
    if not text:
        raise DomainError("Enter the policy's text.", field="text")
    number = (PolicyVersion.objects.aggregate(n=Max("number"))["n"] or 0) + 1
    version = PolicyVersion.objects.create(number=number, text=text, published_by=acting_user)
    record(
        action="sharing.policy.published",
        actor=acting_user,
        target=version,
        data={"number": number},
    )
    return version


def policy_in_force() -> PolicyVersion | None:
    return PolicyVersion.objects.order_by("-number").first()


# --- Data sharing agreements ------------------------------------------------------------

AGREEMENT_FIELDS = [
    "title",
    "purpose",
    "data_categories",
    "lawful_bases",
    "starts_on",
    "review_on",
    "ends_on",
    "retention_years",
    "owner",
]
# Reminders go this many days before an agreement's review date.
AGREEMENT_REMINDER_DAYS = 30


def _agreement_values(agreement: SharingAgreement) -> dict[str, Any]:
    values = {f: getattr(agreement, f) for f in AGREEMENT_FIELDS if f != "owner"}
    values["owner"] = agreement.owner_id
    return values


@transaction.atomic
def save_agreement(
    *,
    acting_user: User,
    agreement: SharingAgreement | None,
    partners: Iterable[Partner],
    **values: Any,
) -> SharingAgreement:
    """Add or change an agreement. Without a review date, a year after the start."""
    _require_registers(acting_user)
    partners = list(partners)
    problems: list[tuple[str | None, str]] = []
    for name, message in [
        ("title", "Enter the agreement's title."),
        ("purpose", "Enter the agreement's purpose."),
        ("data_categories", "Enter the categories of data shared."),
        ("lawful_bases", "Enter the lawful bases relied on."),
    ]:
        if not str(values.get(name) or "").strip():
            problems.append((name, message))
    if not partners:
        problems.append(("partners", "Choose at least one partner."))
    starts_on = values.get("starts_on")
    if starts_on is None:
        problems.append(("starts_on", "Enter the start date."))
    owner = values.get("owner")
    if owner is None or not access.keeps_registers(owner):
        problems.append(("owner", "Choose the owner: the DPO or an administrator."))
    review_on = values.get("review_on") or (_years_after(starts_on, 1) if starts_on else None)
    ends_on = values.get("ends_on")
    if starts_on and review_on and review_on <= starts_on:
        problems.append(("review_on", "The review date must be after the start date."))
    if starts_on and ends_on and ends_on < starts_on:
        problems.append(("ends_on", "The end date cannot be before the start date."))
    if problems:
        raise DomainError.of(problems)
    created = agreement is None
    before = _agreement_values(agreement) if agreement else {}
    agreement = agreement or SharingAgreement()
    for name in AGREEMENT_FIELDS:
        if name in values:
            value = values[name]
            setattr(agreement, name, value.strip() if isinstance(value, str) else value)
    agreement.review_on = review_on  # type: ignore[assignment]
    if not agreement.retention_years:
        agreement.retention_years = DEFAULT_RETENTION_YEARS
    agreement.save()
    agreement.partners.set(partners)
    record(
        action="sharing.agreement.created" if created else "sharing.agreement.changed",
        actor=acting_user,
        target=agreement,
        data={
            "changes": changes(before, _agreement_values(agreement)),
            "partners": sorted(p.pk for p in partners),
        },
    )
    return agreement


@transaction.atomic
def record_review(
    *,
    acting_user: User,
    agreement: SharingAgreement,
    outcome: str,
    note: str = "",
    reviewed_on: date | None = None,
) -> AgreementReview:
    """Continue or amend: the next review is a year on. End: the agreement ends today."""
    _require_registers(acting_user)
    if outcome not in ReviewOutcome.values:
        raise DomainError("Choose the outcome: continue, amend or end.", field="outcome")
    day = reviewed_on or timezone.localdate()
    review = AgreementReview.objects.create(
        agreement=agreement, reviewed_by=acting_user, reviewed_on=day, outcome=outcome, note=note
    )
    if outcome == ReviewOutcome.END:
        agreement.ends_on = day
    else:
        agreement.review_on = _years_after(day, 1)
    agreement.save(update_fields=["ends_on", "review_on"])
    record(
        action="sharing.agreement.reviewed",
        actor=acting_user,
        target=agreement,
        data={"outcome": outcome, "review_on": agreement.review_on, "ends_on": agreement.ends_on},
    )
    return review


# --- Disclosures -------------------------------------------------------------------------


@dataclass
class DisclosureFacts:
    """What the sharer enters. `fields_shared` are the ticked fields of the linked
    speaker or request (outgoing); `received` is what came (incoming)."""

    direction: str
    partner: Partner | None
    subject: str
    purpose: Purpose | None
    necessity: str
    lawful_basis: str
    decision_maker: User | None
    method: str
    shared_on: date | None
    speaker_id: int | None = None
    request_id: int | None = None
    subject_text: str = ""
    benefits_and_risks: str = ""
    risks_of_not_sharing: str = ""
    anonymised_would_do: bool = False
    safeguards: str = ""
    special_category: bool = False
    special_condition: str = ""
    schedule1_paragraph: str = ""
    statutory_power: str = ""
    agreement: SharingAgreement | None = None
    one_off_reason: str = ""
    fields_shared: Sequence[str] = field(default_factory=list)
    received: str = ""
    answers: InformationRequest | None = None


def shareable_fields(subject: str) -> dict[str, str]:
    if subject == Subject.SPEAKER:
        return dict(speaker_selectors.SHAREABLE_FIELDS)
    if subject == Subject.REQUEST:
        return dict(events_selectors.SHAREABLE_FIELDS)
    return {}


def _check(facts: DisclosureFacts) -> tuple[Any, Any]:
    """Every problem at once (`DomainError.of`); returns the linked speaker and request."""
    problems: list[tuple[str | None, str]] = []
    if facts.direction not in Direction.values:
        problems.append(("direction", "Choose whether the information goes out or comes in."))
    if facts.partner is None or not facts.partner.is_active:
        problems.append(("partner", "Choose the partner organisation from the register."))
    if facts.purpose is None:
        problems.append(("purpose", "Choose the purpose of sharing."))
    if not facts.necessity.strip():
        problems.append(
            ("necessity", "Say why sharing is necessary and proportionate for this purpose.")
        )
    if facts.lawful_basis not in LawfulBasis.values:
        problems.append(("lawful_basis", "Choose the UK GDPR Article 6 lawful basis."))
    if facts.special_category:
        if facts.special_condition not in SpecialCondition.values:
            problems.append(
                (
                    "special_condition",
                    "Special category or criminal offence data needs its Article 9 or "
                    "Article 10 condition.",
                )
            )
        if not facts.schedule1_paragraph.strip():
            problems.append(
                (
                    "schedule1_paragraph",
                    "Special category or criminal offence data needs the DPA 2018 "
                    "Schedule 1 paragraph relied on.",
                )
            )
    if facts.agreement is None and not facts.one_off_reason.strip():
        problems.append(
            ("one_off_reason", "Choose the data sharing agreement, or say why this is a one-off.")
        )
    if facts.decision_maker is None or not access.may_decide_to_share(facts.decision_maker):
        problems.append(
            ("decision_maker", "Choose the person who decided: a Prevent lead or head of security.")
        )
    if facts.method not in Method.values:
        problems.append(("method", "Choose how the information is shared."))
    if facts.shared_on is None:
        problems.append(("shared_on", "Enter the date of sharing."))
    speaker = request = None
    if facts.subject == Subject.SPEAKER:
        speaker = speaker_selectors.speaker_by_id(pk=facts.speaker_id) if facts.speaker_id else None
        if speaker is None:
            problems.append(("subject", "Choose the speaker from the register."))
    elif facts.subject == Subject.REQUEST:
        request = events_selectors.request_by_id(pk=facts.request_id) if facts.request_id else None
        if request is None:
            problems.append(("subject", "Choose the event request."))
    elif facts.subject == Subject.OTHER:
        if not facts.subject_text.strip():
            problems.append(("subject_text", "Describe what the information is about."))
    else:
        problems.append(("subject", "Choose what the information is about."))
    if facts.direction == Direction.OUTGOING:
        allowed = shareable_fields(facts.subject)
        if allowed:
            if not facts.fields_shared:
                problems.append(("fields_shared", "Tick the fields you are sharing."))
            elif set(facts.fields_shared) - set(allowed):
                problems.append(("fields_shared", "Tick only the fields listed."))
        elif not facts.received.strip() and facts.subject == Subject.OTHER:
            problems.append(("received", "Describe exactly what is shared."))
    elif not facts.received.strip():
        problems.append(("received", "Describe what was received."))
    if problems:
        raise DomainError.of(problems)
    return speaker, request


def _snapshot(facts: DisclosureFacts, speaker: Any, request: Any) -> dict[str, Any]:
    """Exactly the ticked fields: label and value as shared."""
    if facts.direction != Direction.OUTGOING:
        return {}
    labels = shareable_fields(facts.subject)
    if speaker is not None:
        values = speaker_selectors.shareable_facts(speaker=speaker, fields=facts.fields_shared)
    elif request is not None:
        values = events_selectors.shareable_facts(request=request, fields=facts.fields_shared)
    else:
        return {}
    return {name: {"label": labels[name], "value": value} for name, value in values.items()}


def _apply(disclosure: Disclosure, facts: DisclosureFacts, speaker: Any, request: Any) -> None:
    disclosure.direction = facts.direction
    disclosure.partner = facts.partner  # type: ignore[assignment]
    disclosure.subject = facts.subject
    disclosure.speaker = speaker
    disclosure.event_request = request
    disclosure.subject_text = facts.subject_text.strip() if facts.subject == Subject.OTHER else ""
    disclosure.purpose = facts.purpose  # type: ignore[assignment]
    disclosure.necessity = facts.necessity.strip()
    disclosure.benefits_and_risks = facts.benefits_and_risks.strip()
    disclosure.risks_of_not_sharing = facts.risks_of_not_sharing.strip()
    disclosure.anonymised_would_do = facts.anonymised_would_do
    disclosure.safeguards = facts.safeguards.strip()
    disclosure.lawful_basis = facts.lawful_basis
    disclosure.special_category = facts.special_category
    disclosure.special_condition = facts.special_condition if facts.special_category else ""
    disclosure.schedule1_paragraph = (
        facts.schedule1_paragraph.strip() if facts.special_category else ""
    )
    disclosure.statutory_power = facts.statutory_power.strip()
    disclosure.agreement = facts.agreement
    disclosure.one_off_reason = "" if facts.agreement else facts.one_off_reason.strip()
    disclosure.decision_maker = facts.decision_maker  # type: ignore[assignment]
    disclosure.method = facts.method
    disclosure.shared_on = facts.shared_on  # type: ignore[assignment]
    years = facts.agreement.retention_years if facts.agreement else DEFAULT_RETENTION_YEARS
    disclosure.delete_on = _years_after(facts.shared_on, years)  # type: ignore[arg-type]
    outgoing_fields = facts.direction == Direction.OUTGOING and (speaker or request)
    disclosure.fields_shared = list(facts.fields_shared) if outgoing_fields else []
    disclosure.snapshot = _snapshot(facts, speaker, request)
    disclosure.received = facts.received.strip()
    disclosure.policy_version = policy_in_force()
    disclosure.updated_at = timezone.now()


def _audit_facts(disclosure: Disclosure) -> dict[str, Any]:
    return {
        "direction": disclosure.direction,
        "state": disclosure.state,
        "partner": disclosure.partner_id,
        "subject": disclosure.subject,
        "speaker": disclosure.speaker_id,
        "event_request": disclosure.event_request_id,
        "fields_shared": list(disclosure.fields_shared),
        "special_category": disclosure.special_category,
        "policy_version": disclosure.policy_version.number if disclosure.policy_version else None,
    }


def _require_sharer(user: User) -> None:
    if not access.may_share(user):
        raise NotAllowed("Only a Prevent lead or head of security records disclosures.")


@transaction.atomic
def create_disclosure(*, acting_user: User, facts: DisclosureFacts) -> Disclosure:
    """An outgoing disclosure starts as a draft; an incoming one as received."""
    _require_sharer(acting_user)
    speaker, request = _check(facts)
    if facts.answers is not None:
        if facts.answers.direction != Direction.INCOMING or facts.answers.answer_id:
            raise DomainError("That request is already answered.")
        if facts.direction != Direction.OUTGOING:
            raise DomainError("An answer to a request is an outgoing disclosure.")
    outgoing = facts.direction == Direction.OUTGOING
    disclosure = Disclosure(
        state=State.DRAFT if outgoing else State.RECEIVED, created_by=acting_user
    )
    _apply(disclosure, facts, speaker, request)
    disclosure.save()
    if facts.answers is not None:
        facts.answers.answer = disclosure
        facts.answers.save(update_fields=["answer"])
    record(
        action="sharing.disclosure.created",
        actor=acting_user,
        target=disclosure,
        data={
            **_audit_facts(disclosure),
            "answers": facts.answers.pk if facts.answers else None,
        },
    )
    return disclosure


def _lock(disclosure: Disclosure) -> Disclosure:
    return Disclosure.objects.select_for_update().get(pk=disclosure.pk)


@transaction.atomic
def update_disclosure(
    *, acting_user: User, disclosure: Disclosure, facts: DisclosureFacts
) -> Disclosure:
    """Correct a draft or a refused disclosure (a refused one goes back to draft)."""
    _require_sharer(acting_user)
    disclosure = _lock(disclosure)
    if disclosure.direction != Direction.OUTGOING or disclosure.state not in EDITABLE:
        raise DomainError("Only a draft or a refused disclosure can be corrected.")
    facts.direction = Direction.OUTGOING
    speaker, request = _check(facts)
    before = _audit_facts(disclosure)
    _apply(disclosure, facts, speaker, request)
    disclosure.state = State.DRAFT
    disclosure.save()
    record(
        action="sharing.disclosure.changed",
        actor=acting_user,
        target=disclosure,
        data={"changes": changes(before, _audit_facts(disclosure))},
    )
    return disclosure


def _dpos() -> list[User]:
    return list(access.sign_off_people())


@transaction.atomic
def submit_for_sign_off(*, acting_user: User, disclosure: Disclosure) -> Disclosure:
    _require_sharer(acting_user)
    disclosure = _lock(disclosure)
    if disclosure.direction != Direction.OUTGOING or disclosure.state != State.DRAFT:
        raise DomainError("Only a draft outgoing disclosure goes to the DPO for sign-off.")
    disclosure.state = State.AWAITING_SIGN_OFF
    disclosure.updated_at = timezone.now()
    disclosure.save(update_fields=["state", "updated_at"])
    record(
        action="sharing.disclosure.submitted",
        actor=acting_user,
        target=disclosure,
        data={"state": disclosure.state},
    )
    link = reverse("sharing:disclosure-detail", args=[disclosure.pk])
    notify(
        _dpos(),
        "sharing/email/sign_off_needed.txt",
        {"disclosure": disclosure},
        subject=f"Sign-off needed: disclosure {disclosure.audit_label}",
        link=link,
        link_label="Open the disclosure",
    )
    return disclosure


@transaction.atomic
def sign_off(
    *, acting_user: User, disclosure: Disclosure, approved: bool, reason: str = ""
) -> Disclosure:
    """The DPO approves, or refuses with reasons (the sharer may correct and resubmit)."""
    if not access.may_sign_off(acting_user):
        raise NotAllowed("Only the data protection officer signs off disclosures.")
    disclosure = _lock(disclosure)
    if disclosure.state != State.AWAITING_SIGN_OFF:
        raise DomainError("Only a disclosure awaiting sign-off can be approved or refused.")
    if not approved and not reason.strip():
        raise DomainError("Give the reasons for refusing.", field="reason")
    SignOff.objects.create(
        disclosure=disclosure, approved=approved, reason=reason.strip(), decided_by=acting_user
    )
    disclosure.state = State.APPROVED if approved else State.REFUSED
    disclosure.updated_at = timezone.now()
    disclosure.save(update_fields=["state", "updated_at"])
    record(
        action="sharing.disclosure.approved" if approved else "sharing.disclosure.refused",
        actor=acting_user,
        target=disclosure,
        data={"state": disclosure.state},
    )
    notify(
        [disclosure.created_by],
        "sharing/email/signed_off.txt",
        {"disclosure": disclosure, "approved": approved},
        subject=f"Disclosure {disclosure.audit_label} {'approved' if approved else 'refused'}",
        link=reverse("sharing:disclosure-detail", args=[disclosure.pk]),
        link_label="Open the disclosure",
    )
    return disclosure


@transaction.atomic
def mark_sent(
    *, acting_user: User, disclosure: Disclosure, urgent_reason: str = "", today: date | None = None
) -> Disclosure:
    """Sent after the DPO's approval; or, when urgent (risk to life or of serious harm),
    before it, with the reason recorded and a review by the DPO due after the fact."""
    _require_sharer(acting_user)
    disclosure = _lock(disclosure)
    urgent_reason = urgent_reason.strip()
    if disclosure.direction != Direction.OUTGOING:
        raise DomainError("Only an outgoing disclosure is sent.")
    if disclosure.state == State.APPROVED:
        urgent_reason = ""
    elif disclosure.state in (State.DRAFT, State.AWAITING_SIGN_OFF, State.REFUSED):
        if not urgent_reason:
            raise DomainError(
                "This disclosure has no DPO sign-off. Only an urgent disclosure (a risk to "
                "life or of serious harm) is sent without it: give the reason it is urgent.",
                field="urgent_reason",
            )
    else:
        raise DomainError("This disclosure cannot be sent now.")
    day = today or timezone.localdate()
    disclosure.state = State.SENT
    disclosure.sent_at = timezone.now()
    disclosure.updated_at = disclosure.sent_at
    if urgent_reason:
        disclosure.urgent_reason = urgent_reason
        disclosure.review_due_on = events_selectors.working_days_after(day, urgent_review_days())
    disclosure.save()
    record(
        action="sharing.disclosure.sent",
        actor=acting_user,
        target=disclosure,
        data={"state": disclosure.state, "urgent": bool(urgent_reason)},
    )
    if urgent_reason:
        notify(
            _dpos(),
            "sharing/email/urgent_review.txt",
            {"disclosure": disclosure},
            subject=f"Urgent disclosure {disclosure.audit_label} to review",
            link=reverse("sharing:disclosure-detail", args=[disclosure.pk]),
            link_label="Review the disclosure",
        )
    return disclosure


@transaction.atomic
def withdraw(*, acting_user: User, disclosure: Disclosure, reason: str) -> Disclosure:
    _require_sharer(acting_user)
    disclosure = _lock(disclosure)
    if disclosure.direction != Direction.OUTGOING or disclosure.state in (
        State.SENT,
        State.WITHDRAWN,
    ):
        raise DomainError("Only a disclosure not yet sent can be withdrawn.")
    if not reason.strip():
        raise DomainError("Say why the disclosure is withdrawn.", field="reason")
    disclosure.state = State.WITHDRAWN
    disclosure.withdrawn_reason = reason.strip()
    disclosure.updated_at = timezone.now()
    disclosure.save(update_fields=["state", "withdrawn_reason", "updated_at"])
    record(
        action="sharing.disclosure.withdrawn",
        actor=acting_user,
        target=disclosure,
        data={"state": disclosure.state},
    )
    return disclosure


@transaction.atomic
def review_urgent(*, acting_user: User, disclosure: Disclosure, note: str) -> Disclosure:
    """The DPO's review after the fact of an urgent disclosure."""
    if not access.may_sign_off(acting_user):
        raise NotAllowed("Only the data protection officer reviews urgent disclosures.")
    disclosure = _lock(disclosure)
    if not disclosure.is_urgent or disclosure.reviewed_at is not None:
        raise DomainError("Only an urgent disclosure not yet reviewed can be reviewed.")
    if not note.strip():
        raise DomainError("Record the outcome of your review.", field="note")
    disclosure.reviewed_at = timezone.now()
    disclosure.reviewed_by = acting_user
    disclosure.review_note = note.strip()
    disclosure.save(update_fields=["reviewed_at", "reviewed_by", "review_note"])
    record(
        action="sharing.disclosure.reviewed",
        actor=acting_user,
        target=disclosure,
        data={"late": disclosure.review_due_on < timezone.localdate()},  # type: ignore[operator]
    )
    return disclosure


@transaction.atomic
def record_incoming(*, acting_user: User, disclosure: Disclosure) -> Disclosure:
    """Received → recorded: reviewers now see it on the speaker and request pages."""
    _require_sharer(acting_user)
    disclosure = _lock(disclosure)
    if disclosure.direction != Direction.INCOMING or disclosure.state != State.RECEIVED:
        raise DomainError("Only an incoming disclosure just received can be recorded.")
    disclosure.state = State.RECORDED
    disclosure.updated_at = timezone.now()
    disclosure.save(update_fields=["state", "updated_at"])
    record(
        action="sharing.disclosure.recorded",
        actor=acting_user,
        target=disclosure,
        data={"state": disclosure.state},
    )
    return disclosure


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
    _require_sharer(acting_user)
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
    return request


@transaction.atomic
def record_answer(
    *, acting_user: User, recipient: Recipient, rag: str, summary: str, lawful_basis: str
) -> Recipient:
    """A partner's answer: a RAG rating and a factual summary, recorded as an incoming
    disclosure linked to the speaker."""
    _require_sharer(acting_user)
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
        decision_maker=acting_user,
        method=Method.SECURE_EMAIL,
        shared_on=today,
        delete_on=_years_after(today, DEFAULT_RETENTION_YEARS),
        received=f"{RAG(rag).label}. {summary.strip()}",
        policy_version=policy_in_force(),
        created_by=acting_user,
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
    acting_user: User,
    partner: Partner | None,
    speaker_id: int | None,
    speaker_name: str,
    question: str,
    due_on: date | None,
) -> InformationRequest:
    """A partner asks about a speaker: it lands in the Prevent lead's queue."""
    _require_sharer(acting_user)
    speaker = speaker_selectors.speaker_by_id(pk=speaker_id) if speaker_id else None
    problems: list[tuple[str | None, str]] = []
    if partner is None or not partner.is_active:
        problems.append(("partner", "Choose the partner who asked."))
    if speaker is None and not speaker_name.strip():
        problems.append(("speaker_name", "Enter the speaker's name as the partner gave it."))
    if not question.strip():
        problems.append(("question", "Enter the partner's question."))
    if problems:
        raise DomainError.of(problems)
    request = InformationRequest.objects.create(
        direction=Direction.INCOMING,
        speaker=speaker,
        speaker_name=speaker_name.strip() or (speaker.name if speaker else ""),
        question=question.strip(),
        partner=partner,
        due_on=due_on or default_due_on(),
        created_by=acting_user,
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


# --- Jobs --------------------------------------------------------------------------------


def remind(*, today: date | None = None) -> dict[str, int]:
    """Daily: urgent disclosures whose review is due within a working day (reminder) or
    overdue (escalated to every DPO and sharer), and outgoing requests due within two
    working days with partners yet to answer. Each acts once (the dates it stamps)."""
    day = today or timezone.localdate()
    soon = events_selectors.working_days_after(day, 1)
    counts = {
        "urgent_reminders": 0,
        "urgent_escalations": 0,
        "request_reminders": 0,
        "agreement_reminders": 0,
    }
    for disclosure in Disclosure.objects.filter(
        reviewed_at__isnull=True, review_due_on__isnull=False, review_due_on__lte=soon
    ).exclude(review_escalated=True):
        overdue = disclosure.review_due_on < day  # type: ignore[operator]
        if not overdue and disclosure.review_reminded_on is not None:
            continue
        with transaction.atomic():
            people = _dpos() + (list(access.sharing_people()) if overdue else [])
            notify(
                people,
                "sharing/email/urgent_review.txt",
                {"disclosure": disclosure, "overdue": overdue},
                subject=(
                    f"Overdue: review of urgent disclosure {disclosure.audit_label}"
                    if overdue
                    else f"Due soon: review of urgent disclosure {disclosure.audit_label}"
                ),
                link=reverse("sharing:disclosure-detail", args=[disclosure.pk]),
                link_label="Review the disclosure",
            )
            disclosure.review_reminded_on = day
            disclosure.review_escalated = overdue
            disclosure.save(update_fields=["review_reminded_on", "review_escalated"])
        counts["urgent_escalations" if overdue else "urgent_reminders"] += 1
    horizon = events_selectors.working_days_after(day, 2)
    open_recipients = Recipient.objects.filter(
        answered_at__isnull=True, reminded_on__isnull=True, request__due_on__lte=horizon
    ).select_related("request", "request__created_by", "partner")
    for recipient in open_recipients:
        with transaction.atomic():
            notify(
                [recipient.request.created_by],
                "sharing/email/request_due.txt",
                {"request": recipient.request, "recipient": recipient},
                subject=f"Due soon: speaker request {recipient.request.audit_label}",
                link=reverse("sharing:request-detail", args=[recipient.request_id]),
                link_label="Open the request",
            )
            recipient.reminded_on = day
            recipient.save(update_fields=["reminded_on"])
        counts["request_reminders"] += 1
    # Partners' requests to us, unanswered and due within two working days: the sharers.
    for asked in InformationRequest.objects.filter(
        direction=Direction.INCOMING,
        answer__isnull=True,
        reminded_on__isnull=True,
        due_on__lte=horizon,
    ).select_related("partner"):
        with transaction.atomic():
            notify(
                access.sharing_people(),
                "sharing/email/incoming_due.txt",
                {"request": asked},
                subject=f"Due soon: a partner's speaker request {asked.audit_label}",
                link=reverse("sharing:request-detail", args=[asked.pk]),
                link_label="Open the request",
            )
            asked.reminded_on = day
            asked.save(update_fields=["reminded_on"])
        counts["request_reminders"] += 1
    # Agreements: once per review date, to the owner and the DPO.
    due_reviews = (
        SharingAgreement.objects.filter(
            review_on__lte=day + timedelta(days=AGREEMENT_REMINDER_DAYS)
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gt=day))
        .select_related("owner")
    )
    for agreement in due_reviews:
        if agreement.review_reminded_on == agreement.review_on:
            continue
        with transaction.atomic():
            notify(
                [agreement.owner, *_dpos()],
                "sharing/email/agreement_review.txt",
                {"agreement": agreement},
                subject=f"Agreement review due: {agreement.title}",
                link=reverse("sharing:agreement-detail", args=[agreement.pk]),
                link_label="Open the agreement",
            )
            agreement.review_reminded_on = agreement.review_on
            agreement.save(update_fields=["review_reminded_on"])
        counts["agreement_reminders"] += 1
    if any(counts.values()):
        with transaction.atomic():
            record(action="sharing.reminders.sent", actor=None, data=counts)
    return counts
