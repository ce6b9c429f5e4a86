"""Demo data protection records for the University of Exampleshire: a breach
whose 72-hour clock is running, and a legal hold on an event request. Idempotent.
Runs after the events demo (order 480), so there is a request to hold."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from podium.accounts import selectors as accounts_selectors
from podium.accounts.roles import Capability
from podium.privacy import retention, services
from podium.privacy.models import Breach, HoldKind, LegalHold, Risk

BREACH_SUMMARY = (
    "A reviewer e-mailed the speaker due-diligence notes for two events to the wrong "
    "internal mailing list (about 40 staff). Recall requested; 35 confirmed deleted."
)
HOLD_REASON = (
    "Judicial review claim about the decision on this event: keep the request and its "
    "speakers until the claim is closed."
)


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
    return lines


def demo_step(password: str) -> list[str]:
    return create_privacy_demo()
