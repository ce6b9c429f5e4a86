"""Writes for the free-speech complaints register and its reminders."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from podium.accounts.roles import Capability
from podium.audit.services import record
from podium.core.errors import DomainError
from podium.events import selectors as events_selectors
from podium.governance import selectors
from podium.governance.models import (
    ComplainantKind,
    Complaint,
    ComplaintOutcome,
    ComplaintStage,
    Scheme,
)
from podium.governance.services.base import require
from podium.notify import services as notify
from podium.speakers import selectors as speakers_selectors

if TYPE_CHECKING:
    from podium.accounts.models import User


# --- Free-speech complaints ---------------------------------------------------------

COMPLAINT_TEXT_FIELDS = ("about", "adverse_consequence", "provider_response", "remedies")


def _linked(
    event_reference: str, speaker_number: int | None
) -> tuple[Any, Any, list[tuple[str | None, str]]]:
    problems: list[tuple[str | None, str]] = []
    event = speaker = None
    if event_reference.strip():
        event = events_selectors.submitted_request_by_reference(event_reference)
        if event is None:
            problems.append(("event_reference", "No submitted event request has this reference."))
    if speaker_number:
        speaker = speakers_selectors.speaker_by_id(pk=speaker_number)
        if speaker is None:
            problems.append(("speaker_number", "No speaker in the register has this number."))
    return event, speaker, problems


@transaction.atomic
def record_complaint(
    *,
    acting_user: User,
    complainant_kind: str,
    complainant_name: str,
    complainant_email: str,
    event_reference: str = "",
    speaker_number: int | None = None,
    matter_on: date,
    received_on: date,
    about: str,
    adverse_consequence: str,
) -> Complaint:
    """A free-speech complaint received: with us, its 30-day clock running. The
    person recording it owns it."""
    require(acting_user, Capability.MANAGE_COMPLAINTS)
    event, speaker, problems = _linked(event_reference, speaker_number)
    today = timezone.localdate()
    if received_on > today:
        problems.append(("received_on", "The date received cannot be in the future."))
    if matter_on > received_on:
        problems.append(
            ("matter_on", "The matter complained of must have happened before it was received.")
        )
    if not complainant_name.strip():
        problems.append(
            ("complainant_name", "Enter the complainant's name: no anonymous complaints.")
        )
    if not adverse_consequence.strip():
        problems.append(
            ("adverse_consequence", "Say what adverse consequence the complainant claims.")
        )
    if complainant_kind not in ComplainantKind.values:
        problems.append(("complainant_kind", "Choose who is complaining."))
    if problems:
        raise DomainError.of(problems)
    complaint = Complaint.objects.create(
        complainant_kind=complainant_kind,
        complainant_name=complainant_name.strip(),
        complainant_email=complainant_email.strip(),
        event_request=event,
        speaker=speaker,
        matter_on=matter_on,
        received_on=received_on,
        about=about.strip(),
        adverse_consequence=adverse_consequence.strip(),
        owner=acting_user,
    )
    record(
        action="governance.complaint.received",
        actor=acting_user,
        target=complaint,
        data={
            "complainant_kind": complainant_kind,
            "received_on": received_on.isoformat(),
            "event_request": event.pk if event else None,
            "speaker": speaker.pk if speaker else None,
        },
    )
    return complaint


def _locked(complaint: Complaint) -> Complaint:
    return Complaint.objects.select_for_update().get(pk=complaint.pk)


@transaction.atomic
def record_response(
    *, acting_user: User, complaint: Complaint, responded_on: date, response: str
) -> Complaint:
    """Our response to the complainant: the provider's 30-day clock stops."""
    require(acting_user, Capability.MANAGE_COMPLAINTS)
    complaint = _locked(complaint)
    if complaint.stage != ComplaintStage.WITH_PROVIDER:
        raise DomainError("Only a complaint still with us can have our response recorded.")
    problems = []
    if responded_on > timezone.localdate():
        problems.append(("responded_on", "The date of the response cannot be in the future."))
    if responded_on < complaint.received_on:
        problems.append(
            ("responded_on", "The response cannot be before the complaint was received.")
        )
    if not response.strip():
        problems.append(("response", "Say how the complaint was answered."))
    if problems:
        raise DomainError.of(problems)
    complaint.provider_response_on = responded_on
    complaint.provider_response = response.strip()
    complaint.save(update_fields=["provider_response_on", "provider_response"])
    record(
        action="governance.complaint.answered",
        actor=acting_user,
        target=complaint,
        data={"responded_on": responded_on.isoformat()},
    )
    return complaint


def scheme_for(kind: str) -> str:
    """Students go to the OIA; everyone else to the OfS scheme."""
    return Scheme.OIA if kind == ComplainantKind.STUDENT else Scheme.OFS


@transaction.atomic
def escalate_complaint(
    *, acting_user: User, complaint: Complaint, escalated_on: date, external_reference: str
) -> Complaint:
    """The complainant took it to the scheme (OIA for students, OfS for others)."""
    require(acting_user, Capability.MANAGE_COMPLAINTS)
    complaint = _locked(complaint)
    if complaint.stage != ComplaintStage.WITH_PROVIDER:
        raise DomainError("Only a complaint still with us can be escalated.")
    problems = []
    if escalated_on > timezone.localdate():
        problems.append(("escalated_on", "The date of escalation cannot be in the future."))
    if escalated_on < complaint.received_on:
        problems.append(("escalated_on", "It cannot be escalated before we received it."))
    if not external_reference.strip():
        problems.append(("external_reference", "Enter the scheme's reference for the complaint."))
    if problems:
        raise DomainError.of(problems)
    complaint.stage = ComplaintStage.ESCALATED
    complaint.scheme = scheme_for(complaint.complainant_kind)
    complaint.escalated_on = escalated_on
    complaint.external_reference = external_reference.strip()
    complaint.save(update_fields=["stage", "scheme", "escalated_on", "external_reference"])
    record(
        action="governance.complaint.escalated",
        actor=acting_user,
        target=complaint,
        data={"scheme": complaint.scheme, "escalated_on": escalated_on.isoformat()},
    )
    return complaint


@transaction.atomic
def close_complaint(
    *, acting_user: User, complaint: Complaint, outcome: str, remedies: str, closed_on: date
) -> Complaint:
    """The outcome (ours, or the scheme's once escalated) and any remedies."""
    require(acting_user, Capability.MANAGE_COMPLAINTS)
    complaint = _locked(complaint)
    if complaint.stage == ComplaintStage.CLOSED:
        raise DomainError("This complaint is already closed.")
    problems = []
    if outcome not in ComplaintOutcome.values:
        problems.append(("outcome", "Choose the outcome."))
    if closed_on > timezone.localdate():
        problems.append(("closed_on", "The date closed cannot be in the future."))
    if closed_on < complaint.received_on:
        problems.append(("closed_on", "It cannot close before it was received."))
    if problems:
        raise DomainError.of(problems)
    complaint.stage = ComplaintStage.CLOSED
    complaint.outcome = outcome
    complaint.remedies = remedies.strip()
    complaint.closed_on = closed_on
    complaint.save(update_fields=["stage", "outcome", "remedies", "closed_on"])
    record(
        action="governance.complaint.closed",
        actor=acting_user,
        target=complaint,
        data={"outcome": outcome, "closed_on": closed_on.isoformat(), "scheme": complaint.scheme},
    )
    return complaint


def send_complaint_reminders(*, today: date | None = None) -> int:
    """Tell each owner of a complaint still with us, unanswered, past its 30 days:
    once per complaint."""
    today = today or timezone.localdate()
    sent = 0
    with transaction.atomic():
        overdue = (
            selectors.overdue_complaints(today=today)
            .filter(provider_response_on__isnull=True, overdue_reminded_for__isnull=True)
            .select_for_update(of=("self",))
        )
        for complaint in overdue:
            complaint.overdue_reminded_for = today
            complaint.save(update_fields=["overdue_reminded_for"])
            notify.notify(
                [complaint.owner],
                "governance/email/complaint_overdue.txt",
                {"complaint": complaint, "clocks": selectors.clocks(complaint, today)},
                subject=f"{complaint} is past its 30 days with us",
                link=reverse("governance:complaint-detail", args=[complaint.pk]),
                link_label="Open the complaint",
            )
            sent += 1
        if sent:
            record(
                action="governance.complaint_reminders.sent", actor=None, data={"complaints": sent}
            )
    return sent
