"""Writes for disclosures: drafts, DPO sign-off, sending, urgent review, incoming."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from podium.accounts.models import User
from podium.audit.services import changes, record
from podium.core.errors import DomainError, NotAllowed
from podium.core.files import PDF_OR_TEXT, check_upload, display_name, generated_name
from podium.events import selectors as events_selectors
from podium.notify.services import notify
from podium.sharing import access, extensions
from podium.sharing.models import (
    DEFAULT_RETENTION_YEARS,
    Direction,
    Disclosure,
    InformationRequest,
    LawfulBasis,
    Method,
    Partner,
    Purpose,
    SharingAgreement,
    SignOff,
    SpecialCondition,
    State,
    Subject,
)
from podium.sharing.services.base import EDITABLE, urgent_review_days, years_after
from podium.sharing.services.registers import policy_in_force
from podium.speakers import selectors as speaker_selectors

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
    # Incoming only: what came as a file (PDF or plain text, `podium.core.files`).
    attachment: UploadedFile | None = None
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
    if facts.attachment is not None:
        if facts.direction != Direction.INCOMING:
            problems.append(("attachment", "Only an incoming disclosure carries an attachment."))
        else:
            try:
                check_upload(
                    facts.attachment, kinds=PDF_OR_TEXT, field="attachment", what="The attachment"
                )
            except DomainError as error:
                problems.extend(error.problems)
    if problems:
        raise DomainError.of(problems)
    return speaker, request


def _store_attachment(disclosure: Disclosure, upload: UploadedFile) -> None:
    """Under a generated name in private storage (checked by `_check`)."""
    extension = check_upload(upload, kinds=PDF_OR_TEXT, field="attachment")
    disclosure.attachment_name = display_name(upload, "attachment")
    disclosure.attachment.save(generated_name(extension), upload, save=False)


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
    disclosure.delete_on = years_after(facts.shared_on, years)  # type: ignore[arg-type]
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
        "attachment": bool(disclosure.attachment),
        "policy_version": disclosure.policy_version.number if disclosure.policy_version else None,
    }


def require_sharer(user: User) -> None:
    if not access.may_share(user):
        raise NotAllowed("Only a Prevent lead or head of security records disclosures.")


@transaction.atomic
def create_disclosure(*, acting_user: User, facts: DisclosureFacts) -> Disclosure:
    """An outgoing disclosure starts as a draft; an incoming one as received."""
    require_sharer(acting_user)
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
    if facts.attachment is not None:
        _store_attachment(disclosure, facts.attachment)
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
    require_sharer(acting_user)
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


def dpos() -> list[User]:
    return list(access.sign_off_people())


@transaction.atomic
def submit_for_sign_off(*, acting_user: User, disclosure: Disclosure) -> Disclosure:
    require_sharer(acting_user)
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
        dpos(),
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
    if approved:
        for approved_hook in extensions.disclosure_approved:
            approved_hook(disclosure)
    return disclosure


@transaction.atomic
def mark_delivered(*, disclosure: Disclosure) -> Disclosure:
    """An approved disclosure another app delivered electronically (`podium.exchange`)
    is sent: by Podium, so the audit entry names no one."""
    disclosure = _lock(disclosure)
    if disclosure.direction != Direction.OUTGOING or disclosure.state != State.APPROVED:
        raise DomainError("Only an approved outgoing disclosure is delivered.")
    disclosure.state = State.SENT
    disclosure.sent_at = timezone.now()
    disclosure.updated_at = disclosure.sent_at
    disclosure.save(update_fields=["state", "sent_at", "updated_at"])
    record(
        action="sharing.disclosure.sent",
        actor=None,
        target=disclosure,
        data={"state": disclosure.state, "urgent": False},
    )
    return disclosure


@transaction.atomic
def mark_sent(
    *, acting_user: User, disclosure: Disclosure, urgent_reason: str = "", today: date | None = None
) -> Disclosure:
    """Sent after the DPO's approval; or, when urgent (risk to life or of serious harm),
    before it, with the reason recorded and a review by the DPO due after the fact."""
    require_sharer(acting_user)
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
            dpos(),
            "sharing/email/urgent_review.txt",
            {"disclosure": disclosure},
            subject=f"Urgent disclosure {disclosure.audit_label} to review",
            link=reverse("sharing:disclosure-detail", args=[disclosure.pk]),
            link_label="Review the disclosure",
        )
    return disclosure


@transaction.atomic
def withdraw(*, acting_user: User, disclosure: Disclosure, reason: str) -> Disclosure:
    require_sharer(acting_user)
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
    require_sharer(acting_user)
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


@transaction.atomic
def log_attachment_download(*, acting_user: User, disclosure: Disclosure) -> None:
    """Reading what a partner sent us as a file is written to the audit log (who,
    which disclosure; never the file or its name)."""
    if not access.sees_data(acting_user):
        raise NotAllowed("Only those who read the data shared download attachments.")
    record(action="sharing.disclosure.attachment_downloaded", actor=acting_user, target=disclosure)
