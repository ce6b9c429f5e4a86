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

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac

from podium.audit.services import record
from podium.core.errors import DomainError
from podium.events import access as events_access
from podium.events.models import EventRequest, EventSpeaker
from podium.events.speakers.models import OPEN_STATUSES, Acknowledgement, AcknowledgementStatus
from podium.notify import services as notify
from podium.speakers import services as register
from podium.speakers.models import CodeOfConduct, Speaker

if TYPE_CHECKING:
    from podium.accounts.models import User

logger = logging.getLogger(__name__)

# Unchanged since the links were the register's: links already sent keep working.
ACKNOWLEDGEMENT_SALT = "podium.speakers.acknowledgement"
ADDRESS_SALT = "podium.events.acknowledgement.address"

# How an audit entry names the address a link went to (never the address itself).
ADDRESS_ON_RECORD = "on record"  # the speaker's address in the register
ADDRESS_GIVEN_BY_REVIEWER = "given by a reviewer"
ADDRESS_AWAITING = "given by the organiser, waiting for a reviewer"
ADDRESS_CONFIRMED = "given by the organiser, confirmed by a reviewer"


def acknowledgement_token(acknowledgement: Acknowledgement) -> str:
    return signing.TimestampSigner(salt=ACKNOWLEDGEMENT_SALT).sign(str(acknowledgement.pk))


def may_send_acknowledgement(user: User, event_request: EventRequest) -> bool:
    return event_request.organiser_id == user.pk or events_access.is_reviewer_of(
        user, event_request
    )


def address_reference(email: str) -> str:
    """What the audit log keeps of an address that is not the one on record: a keyed
    hash (HMAC-SHA256 under SECRET_KEY), never the address. The same address gives
    the same reference, so an investigator holding the address can match it."""
    digest = salted_hmac(ADDRESS_SALT, email.strip().casefold(), algorithm="sha256")
    return "hmac-sha256:" + digest.hexdigest()[:32]


def send_refusal(*, acting_user: User, event_request: EventRequest, speaker: Speaker) -> str:
    """Why no more links may be sent now (empty: they may): at most
    PODIUM_ACKNOWLEDGEMENT_SENDS_PER_SPEAKER to one speaker of one request, and
    PODIUM_ACKNOWLEDGEMENT_SENDS_PER_SENDER by one person, in any
    PODIUM_ACKNOWLEDGEMENT_SEND_WINDOW_HOURS. Counted from the links themselves,
    which are the record of every send."""
    hours = settings.PODIUM_ACKNOWLEDGEMENT_SEND_WINDOW_HOURS
    since = timezone.now() - timedelta(hours=hours)
    recent = Acknowledgement.objects.filter(sent_at__gt=since)
    per_speaker = settings.PODIUM_ACKNOWLEDGEMENT_SENDS_PER_SPEAKER
    if recent.filter(request=event_request, speaker=speaker).count() >= per_speaker:
        return (
            f"{speaker.name} has been sent {per_speaker} code of conduct links for this "
            f"request in the last {hours} hours: wait before sending another."
        )
    per_sender = settings.PODIUM_ACKNOWLEDGEMENT_SENDS_PER_SENDER
    if recent.filter(sent_by=acting_user).count() >= per_sender:
        return (
            f"You have sent {per_sender} code of conduct links in the last {hours} hours: "
            "wait before sending more."
        )
    return ""


def send_acknowledgement(
    *, acting_user: User, event_request: EventRequest, speaker: Speaker, email: str = ""
) -> Acknowledgement:
    """E-mail the speaker a single-use, expiring link to accept or decline the current
    code of conduct for this request. A new link replaces an open one.

    The link goes to the speaker's address on record in the register (`email`
    empty). A reviewer of the request may give another address, and it is used. An
    address the organiser gives is not written to until another reviewer of the
    request confirms it (`confirm_acknowledgement_address`): until then the link
    waits, unsent. The audit entry names the address only as "on record" or by a
    keyed hash (`address_reference`)."""
    if not may_send_acknowledgement(acting_user, event_request):
        raise DomainError("Only the organiser or a reviewer of this request can do that.")
    given = email.strip()
    on_record = speaker.email.strip()
    reviewer = events_access.is_reviewer_of(acting_user, event_request)
    if not given and not on_record:
        raise DomainError(
            "The speaker register has no e-mail address for this speaker: enter one."
            + ("" if reviewer else " A reviewer will confirm it before the link is sent."),
            field="email",
        )
    if reviewer and given.casefold() == on_record.casefold():
        given = ""
    with transaction.atomic():
        if not EventSpeaker.objects.filter(request=event_request, speaker=speaker).exists():
            raise DomainError("That speaker is not on this request.", field="speaker")
        if not CodeOfConduct.objects.exists():
            raise DomainError(
                "There is no code of conduct for speakers yet: ask an administrator to add one."
            )
        refusal = send_refusal(
            acting_user=acting_user, event_request=event_request, speaker=speaker
        )
        if refusal:
            raise DomainError(refusal)
        revoked = Acknowledgement.objects.filter(
            request=event_request, speaker=speaker, status__in=OPEN_STATUSES
        ).update(status=AcknowledgementStatus.REVOKED)
        days = register.policy().acknowledgement_valid_days
        now = timezone.now()
        awaiting = bool(given) and not reviewer
        acknowledgement = Acknowledgement.objects.create(
            request=event_request,
            speaker=speaker,
            email=given or on_record,
            status=AcknowledgementStatus.AWAITING_ADDRESS
            if awaiting
            else AcknowledgementStatus.PENDING,
            sent_by=acting_user,
            sent_at=now,
            expires_at=now + timedelta(days=days),
            address_confirmed_by=acting_user if given and reviewer else None,
            address_confirmed_at=now if given and reviewer else None,
        )
        address: dict[str, str] = (
            {"kind": ADDRESS_ON_RECORD}
            if not given
            else {
                "kind": ADDRESS_GIVEN_BY_REVIEWER if reviewer else ADDRESS_AWAITING,
                "ref": address_reference(given),
            }
        )
        record(
            action="speakers.acknowledgement.address_given"
            if awaiting
            else "speakers.acknowledgement.sent",
            actor=acting_user,
            target=event_request,
            unit=event_request.unit,
            data={
                "speaker": {"id": speaker.pk, "name": speaker.name},
                "address": address,
                "expires_at": acknowledgement.expires_at.isoformat(),
                "replaced": revoked,
            },
        )
        if not awaiting:
            _mail_link(acknowledgement)
    return acknowledgement


def confirm_acknowledgement_address(
    *, acting_user: User, acknowledgement: Acknowledgement
) -> Acknowledgement:
    """A reviewer of the request confirms the address the organiser gave, and the
    link goes to it (valid from now). The person who gave it cannot confirm it."""
    with transaction.atomic():
        acknowledgement = (
            Acknowledgement.objects.select_for_update()
            .select_related("request", "speaker")
            .get(pk=acknowledgement.pk)
        )
        event_request = acknowledgement.request
        if not events_access.is_reviewer_of(acting_user, event_request):
            raise DomainError("Only a reviewer of this request can confirm the address.")
        if acknowledgement.status != AcknowledgementStatus.AWAITING_ADDRESS:
            raise DomainError("This address is no longer waiting for confirmation.")
        if acknowledgement.sent_by_id == acting_user.pk:
            raise DomainError("Another reviewer must confirm an address you gave.")
        days = register.policy().acknowledgement_valid_days
        now = timezone.now()
        acknowledgement.status = AcknowledgementStatus.PENDING
        acknowledgement.address_confirmed_by = acting_user
        acknowledgement.address_confirmed_at = now
        acknowledgement.expires_at = now + timedelta(days=days)
        acknowledgement.save(
            update_fields=["status", "address_confirmed_by", "address_confirmed_at", "expires_at"]
        )
        record(
            action="speakers.acknowledgement.address_confirmed",
            actor=acting_user,
            target=event_request,
            unit=event_request.unit,
            data={
                "speaker": {
                    "id": acknowledgement.speaker_id,
                    "name": acknowledgement.speaker.name,
                },
                "address": {
                    "kind": ADDRESS_CONFIRMED,
                    "ref": address_reference(acknowledgement.email),
                },
                "given_by": acknowledgement.sent_by_id,
                "expires_at": acknowledgement.expires_at.isoformat(),
            },
        )
        _mail_link(acknowledgement)
    return acknowledgement


def _mail_link(acknowledgement: Acknowledgement) -> None:
    """The speaker's e-mail with their link, after commit."""
    event_request = acknowledgement.request
    notify.mail(
        [acknowledgement.email],
        "events/speakers/email/acknowledgement.txt",
        {
            "speaker": acknowledgement.speaker,
            "request": event_request,
            "expires_at": acknowledgement.expires_at,
        },
        subject=f"Please confirm the code of conduct for {event_request.title}",
        link=reverse("speakers:acknowledge", args=[acknowledgement_token(acknowledgement)]),
    )


def awaiting_addresses(event_request: EventRequest) -> list[Acknowledgement]:
    """The links of this request waiting for a reviewer to confirm their address."""
    return list(
        Acknowledgement.objects.filter(
            request=event_request, status=AcknowledgementStatus.AWAITING_ADDRESS
        )
        .select_related("speaker", "sent_by")
        .order_by("sent_at", "pk")
    )


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
    if acknowledgement.status == AcknowledgementStatus.AWAITING_ADDRESS:
        return "This link has not been sent yet. Ask the organiser for a new one."
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
