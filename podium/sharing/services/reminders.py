"""The daily reminders of the sharing app (`tasks.send_reminders`)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from podium.audit.services import record
from podium.events import selectors as events_selectors
from podium.notify.services import notify
from podium.sharing import access
from podium.sharing.models import (
    Direction,
    Disclosure,
    InformationRequest,
    Recipient,
    SharingAgreement,
)
from podium.sharing.services.disclosures import dpos
from podium.sharing.services.registers import AGREEMENT_REMINDER_DAYS

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
            people = dpos() + (list(access.sharing_people()) if overdue else [])
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
                [agreement.owner, *dpos()],
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
