"""Demo data protection records for the University of Exampleshire: a breach
whose 72-hour clock is running, a legal hold on an event request, and the audit
log's oldest entries pruned behind a signed anchor. Idempotent.

Two steps: `earlier_years_step` (order 10, before any other demo step writes to
the log) dates a run of entries eight years back, on a new log only; the main
step (order 480, after the events demo, so there is a request to hold) places the
hold and then runs the retention schedule once, as the worker's daily job would,
which prunes those entries behind an anchor (`podium/audit/pruning.py`), so the
audit log page and `podium audit-verify` show where verification starts.

Before that run, three inbox messages sent past their two years, and a legal hold
on the line manager, one of their recipients: the run deletes two and keeps his, so
the DPO's dry run afterwards shows a record past its period kept by a hold (the
worker's first daily run, when `make run` starts it, finds the same)."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from podium.accounts import selectors as accounts_selectors
from podium.accounts.models import User
from podium.accounts.roles import Capability
from podium.audit import pruning
from podium.audit.models import AuditEntry
from podium.audit.services import bulk_record
from podium.notify.models import Message
from podium.privacy import retention, services
from podium.privacy.models import Breach, HoldKind, LegalHold, RetentionRun, Risk

BREACH_SUMMARY = (
    "A reviewer e-mailed the speaker due-diligence notes for two events to the wrong "
    "internal mailing list (about 40 staff). Recall requested; 35 confirmed deleted."
)
HOLD_REASON = (
    "Judicial review claim about the decision on this event: keep the request and its "
    "speakers until the claim is closed."
)

PERSON_HOLD_REASON = (
    "Employment tribunal claim by a former member of his team: keep his records and "
    "messages until the claim is closed."
)
OLD_MESSAGE_SUBJECT = "Reminder: your Prevent training is due"
# The line manager (held), the governor and the training administrator.
OLD_MESSAGE_RECIPIENTS = (
    "manager@example.ac.uk",
    "governor@example.ac.uk",
    "training@example.ac.uk",
)
OLD_MESSAGE_AGE = timedelta(days=365 * 2 + 90)  # past the inbox's two years

EARLIER_ENTRIES = 240  # the log of the demo's earlier years, pruned by its retention run
EARLIER_YEARS = 8  # past the log's seven years


def write_earlier_years() -> list[str]:
    """On a new log only: entries dated eight years back, for the retention run
    below to prune (the log cannot be dated backwards once it has entries)."""
    if AuditEntry.objects.exists() or pruning.newest_anchor() is not None:
        return []
    written_at = timezone.now() - timedelta(days=365 * EARLIER_YEARS)
    with transaction.atomic():
        bulk_record(
            entries=[
                {
                    "action": "privacy.demo.earlier_entry",
                    "actor": None,
                    "data": {"year": written_at.year},
                }
                for _ in range(EARLIER_ENTRIES)
            ],
            written_at=written_at,
        )
    return []  # said by the main step, once pruned


def prune_earlier_years() -> list[str]:
    """Run the schedule once (as the worker's daily job does) when the log holds
    entries past its retention and no run has pruned it yet."""
    if retention.record_type(pruning.RECORD_TYPE) is None or pruning.newest_anchor():
        return []
    if RetentionRun.objects.filter(dry_run=False).exists():
        return []
    if not AuditEntry.objects.filter(action="privacy.demo.earlier_entry").exists():
        return []
    services.run_retention(acting_user=None, dry_run=False)
    anchor = pruning.newest_anchor()
    if anchor is None:
        return []
    return [
        f"The audit log's entries up to {anchor.sequence} were pruned behind a signed "
        "anchor by a retention run (the audit log page and `podium audit-verify` show it)."
    ]


def old_messages_and_a_held_person(officer: User) -> list[str]:
    """Inbox messages past their two years, once (the hold keeps one of them for
    every later run), and a hold on the first recipient."""
    if Message.objects.filter(subject=OLD_MESSAGE_SUBJECT).exists():
        return []
    people = list(User.objects.filter(email__in=OLD_MESSAGE_RECIPIENTS).order_by("email"))
    held = next((u for u in people if u.email == OLD_MESSAGE_RECIPIENTS[0]), None)
    if held is None:
        return []
    sent_at = timezone.now() - OLD_MESSAGE_AGE
    Message.objects.bulk_create(
        Message(
            recipient=person,
            subject=OLD_MESSAGE_SUBJECT,
            body="Your Prevent awareness training is due. (Demo: sent over two years ago.)",
            sent_at=sent_at,
            read_at=sent_at,
        )
        for person in people
    )
    if not LegalHold.objects.filter(reason=PERSON_HOLD_REASON).exists():
        services.place_hold(
            acting_user=officer, kind=HoldKind.PERSON, record_id=held.pk, reason=PERSON_HOLD_REASON
        )
    return [
        f"{len(people)} inbox messages past their two years and a legal hold on "
        f"{held.full_name}: retention deletes the others and keeps his."
    ]


def create_privacy_demo() -> list[str]:
    officer = accounts_selectors.holders_of(capability=Capability.MANAGE_PRIVACY).first()
    if officer is None:
        return []
    lines = []
    if not Breach.objects.filter(summary=BREACH_SUMMARY).exists():
        services.record_breach(
            acting_user=officer,
            discovered_at=timezone.now() - timedelta(hours=30),
            summary=BREACH_SUMMARY,
            data_subjects=(
                "Two external speakers: names, affiliations and due-diligence findings."
            ),
            risk=Risk.RISK,
            risk_assessment=(
                "Findings include allegations about the speakers; recipients are staff."
            ),
            reported_to_ico=False,
            reported_at=None,
            ico_reference="",
        )
        lines.append("A breach with its 72-hour clock running (the DPO's home shows it).")
    requests = retention.record_type("events.eventrequest")
    request = requests.model._default_manager.order_by("pk").first() if requests else None
    if request is not None and not LegalHold.objects.filter(reason=HOLD_REASON).exists():
        services.place_hold(
            acting_user=officer, kind=HoldKind.REQUEST, record_id=request.pk, reason=HOLD_REASON
        )
        lines.append(f"A legal hold on event request {request.pk}.")
    lines += old_messages_and_a_held_person(officer)
    return lines + prune_earlier_years()


def earlier_years_step(password: str) -> list[str]:
    return write_earlier_years()


def demo_step(password: str) -> list[str]:
    return create_privacy_demo()
