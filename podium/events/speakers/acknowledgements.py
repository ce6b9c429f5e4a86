"""A speaker's acknowledgement of the code of conduct for one event request: the
organiser or a reviewer e-mails the speaker a signed, expiring, single-use link; the
speaker answers through it without signing in; the organiser hears the answer.

Each service checks who may act inside one transaction, writes, and records one
audit entry; e-mail goes out after the commit and never undoes the change when it
fails. The code of conduct itself and the register's settings (whether
acknowledgements are required, how long a link lasts) are the register's
(`podium.speakers`).
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import TYPE_CHECKING

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from podium.audit.services import record
from podium.core.errors import DomainError
from podium.events import access as events_access
from podium.events.models import EventRequest, EventSpeaker
from podium.events.speakers.models import Acknowledgement, AcknowledgementStatus
from podium.notify import services as notify
from podium.speakers import services as register
from podium.speakers.models import CodeOfConduct, Speaker

if TYPE_CHECKING:
    from podium.accounts.models import User

logger = logging.getLogger(__name__)

# Unchanged since the links were the register's: links already sent keep working.
ACKNOWLEDGEMENT_SALT = "podium.speakers.acknowledgement"


def acknowledgement_token(acknowledgement: Acknowledgement) -> str:
    return signing.TimestampSigner(salt=ACKNOWLEDGEMENT_SALT).sign(str(acknowledgement.pk))


def may_send_acknowledgement(user: User, event_request: EventRequest) -> bool:
    return event_request.organiser_id == user.pk or events_access.is_reviewer_of(
        user, event_request
    )


def send_acknowledgement(
    *, acting_user: User, event_request: EventRequest, speaker: Speaker, email: str
) -> Acknowledgement:
    """E-mail the speaker a single-use, expiring link to accept or decline the current
    code of conduct for this request. A new link replaces a pending one."""
    if not may_send_acknowledgement(acting_user, event_request):
        raise DomainError("Only the organiser or a reviewer of this request can do that.")
    email = email.strip()
    if not email:
        raise DomainError("Enter the speaker's e-mail address.", field="email")
    with transaction.atomic():
        if not EventSpeaker.objects.filter(request=event_request, speaker=speaker).exists():
            raise DomainError("That speaker is not on this request.", field="speaker")
        if not CodeOfConduct.objects.exists():
            raise DomainError(
                "There is no code of conduct for speakers yet: ask an administrator to add one."
            )
        revoked = Acknowledgement.objects.filter(
            request=event_request, speaker=speaker, status=AcknowledgementStatus.PENDING
        ).update(status=AcknowledgementStatus.REVOKED)
        days = register.policy().acknowledgement_valid_days
        acknowledgement = Acknowledgement.objects.create(
            request=event_request,
            speaker=speaker,
            email=email,
            sent_by=acting_user,
            expires_at=timezone.now() + timedelta(days=days),
        )
        record(
            action="speakers.acknowledgement.sent",
            actor=acting_user,
            target=event_request,
            unit=event_request.unit,
            data={
                "speaker": {"id": speaker.pk, "name": speaker.name},
                "expires_at": acknowledgement.expires_at.isoformat(),
                "replaced": revoked,
            },
        )
        notify.mail(
            [email],
            "events/speakers/email/acknowledgement.txt",
            {
                "speaker": speaker,
                "request": event_request,
                "expires_at": acknowledgement.expires_at,
            },
            subject=f"Please confirm the code of conduct for {event_request.title}",
            link=reverse("speakers:acknowledge", args=[acknowledgement_token(acknowledgement)]),
        )
    return acknowledgement


def acknowledgement_from_token(token: str) -> Acknowledgement | None:
    """The acknowledgement a link is for, or None when the link is not one of ours."""
    try:
        pk = signing.TimestampSigner(salt=ACKNOWLEDGEMENT_SALT).unsign(token)
    except signing.BadSignature:
        return None
    return (
        Acknowledgement.objects.select_related(
            "request", "speaker", "request__campus", "request__organiser"
        )
        .filter(pk=pk)
        .first()
    )


def acknowledgement_refusal(acknowledgement: Acknowledgement) -> str:
    """Why the link can no longer be used (empty: it can)."""
    if acknowledgement.status == AcknowledgementStatus.REVOKED:
        return "This link has been replaced or withdrawn. Ask the organiser for a new one."
    if acknowledgement.status != AcknowledgementStatus.PENDING:
        return "You have already answered. Thank you."
    if acknowledgement.expires_at <= timezone.now():
        return "This link has expired. Ask the organiser for a new one."
    return ""


def respond_to_acknowledgement(
    *, acknowledgement: Acknowledgement, accept: bool, code: CodeOfConduct
) -> Acknowledgement:
    """The speaker's answer through their link (no sign-in): recorded once, with the
    version of the code they were shown."""
    with transaction.atomic():
        acknowledgement = Acknowledgement.objects.select_for_update().get(pk=acknowledgement.pk)
        refusal = acknowledgement_refusal(acknowledgement)
        if refusal:
            raise DomainError(refusal)
        acknowledgement.status = (
            AcknowledgementStatus.ACCEPTED if accept else AcknowledgementStatus.DECLINED
        )
        acknowledgement.responded_at = timezone.now()
        acknowledgement.code = code
        acknowledgement.save(update_fields=["status", "responded_at", "code"])
        request = acknowledgement.request
        record(
            action="speakers.acknowledgement.answered",
            actor=None,
            target=request,
            unit=request.unit,
            data={
                "speaker": {"id": acknowledgement.speaker_id, "name": acknowledgement.speaker.name},
                "outcome": acknowledgement.status,
                "code_version": code.version,
            },
        )
        _tell_organiser(acknowledgement)
    return acknowledgement


def _tell_organiser(acknowledgement: Acknowledgement) -> None:
    """The organiser's inbox gets the speaker's answer, and an e-mail after commit."""
    request = acknowledgement.request
    answered = (
        "accepted" if acknowledgement.status == AcknowledgementStatus.ACCEPTED else "declined"
    )
    notify.notify(
        [request.organiser],
        "events/speakers/email/acknowledgement_answered.txt",
        {"ack": acknowledgement, "request": request, "answered": answered},
        subject=f"{acknowledgement.speaker.name} {answered} the code of conduct",
        link=reverse("events:request-detail", args=[request.pk]),
        link_label=f"Open {request.reference}",
    )
