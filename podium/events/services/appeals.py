"""Appeals: the organiser lodges one within the window; someone else decides it."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from podium.accounts.models import User
from podium.accounts.roles import Role
from podium.audit.services import record
from podium.core.errors import DomainError
from podium.core.versioning import check_version
from podium.events import access, lifecycle
from podium.events.lifecycle import Action, AppealAction
from podium.events.models import (
    Appeal,
    AppealStatus,
    Decision,
    EventRequest,
    Outcome,
    Status,
)
from podium.events.services.base import (
    VERSION_FIELDS,
    _fresh,
    _require_organiser,
    _touch,
    appeal_deadline,
)
from podium.events.services.decisions import (
    ConditionFacts,
    DecisionFacts,
    _create_decision,
    _decision_record,
    _validate_decision,
    decision_refusal,
)
from podium.events.services.messages import _notify, _notify_outcome
from podium.events.services.routing import _clear_waiting, _place_at_step


def lodge_appeal(
    *,
    acting_user: User,
    event_request: EventRequest,
    grounds: str,
    expected_version: str | None = None,
) -> Appeal:
    """The organiser appeals a rejection or a condition, within the appeal window."""
    grounds = grounds.strip()
    with transaction.atomic():
        event_request = _fresh(event_request)
        _require_organiser(acting_user, event_request)
        if not grounds:
            raise DomainError("Give the grounds for your appeal.", field="grounds")
        check_version(event_request, VERSION_FIELDS, expected_version)
        live = event_request.decisions.filter(is_live=True).first()
        lifecycle.require(event_request.status, Action.APPEAL)
        if live is None or live.on_appeal:
            raise DomainError(lifecycle.refusal(event_request.status, Action.APPEAL))
        if live.appeals.exists():
            raise DomainError("This decision has already been appealed.")
        deadline = appeal_deadline(live)
        if timezone.localdate() > deadline:
            raise DomainError(f"The time to appeal ended on {deadline:%-d %B %Y}.", field="grounds")
        appeal = Appeal.objects.create(
            request=event_request, against=live, grounds=grounds, lodged_by=acting_user
        )
        old = event_request.status
        _place_at_step(event_request, None, role=Role.APPEAL_DECIDER, unit=event_request.unit)
        event_request.waiting_role = Role.APPEAL_DECIDER
        _touch(event_request, status=Status.APPEALED)
        record(
            action="events.request.appealed",
            actor=acting_user,
            target=event_request,
            unit=event_request.unit,
            data={"status": {"old": old, "new": Status.APPEALED}},
        )
        _notify(
            access.holders_of(Role.APPEAL_DECIDER, event_request.unit).exclude(
                pk=live.decided_by_id
            ),
            event_request,
            subject=f"Appeal to decide: {event_request.reference} {event_request.title}",
            template="appeal_lodged",
            extra={"grounds": grounds},
        )
    return appeal


def decide_appeal(
    *,
    acting_user: User,
    event_request: EventRequest,
    upheld: bool,
    facts: DecisionFacts,
    expected_version: str | None = None,
) -> Decision:
    """Decide an appeal. Upheld: `facts` is the new decision. Dismissed: the original
    decision stands (its conditions carried over) with the appeal's reasons. Either
    way the appeal outcome becomes the one live decision."""
    with transaction.atomic():
        event_request = _fresh(event_request)
        access.require(
            access.may_decide_appeal(acting_user, event_request),
            "You cannot decide appeals on this request.",
        )
        check_version(event_request, VERSION_FIELDS, expected_version)
        appeal = (
            event_request.appeals.filter(status=AppealStatus.LODGED)
            .select_related("against")
            .first()
        )
        lifecycle.require(event_request.status, Action.DECIDE_APPEAL)
        if appeal is None:
            raise DomainError(lifecycle.refusal(event_request.status, Action.DECIDE_APPEAL))
        refusal = decision_refusal(acting_user)
        if refusal:
            raise DomainError(refusal)
        original = appeal.against
        if original.decided_by_id == acting_user.pk:
            raise DomainError(
                "You took the decision under appeal; someone else must decide the appeal."
            )
        if not upheld:
            facts = DecisionFacts(
                outcome=original.outcome,
                rationale=facts.rationale,
                conditions=[
                    ConditionFacts(
                        text=c.text,
                        owner=c.owner,
                        prevent_related=c.prevent_related,
                        mitigation=c.mitigation,
                    )
                    for c in original.conditions.all()
                ],
                speech_lawful=original.speech_lawful,
                practicable_steps=original.practicable_steps,
                proportionality=original.proportionality,
                viewpoint_neutral=original.viewpoint_neutral,
                rejection_category=original.rejection_category,
                rejection_reason=original.rejection_reason,
                organiser_bears_security_costs=original.organiser_bears_security_costs,
                security_costs_reason=original.security_costs_reason,
            )
        _validate_decision(facts)
        if upheld and facts.outcome == Outcome.REJECTED:
            raise DomainError(
                "Upholding an appeal approves the event, with or without conditions.",
                field="outcome",
            )
        lifecycle.require(event_request.status, Action.DECIDE_APPEAL, to=facts.outcome)
        appeal_status = lifecycle.require_appeal(
            appeal.status, AppealAction.UPHOLD if upheld else AppealAction.DISMISS
        )
        original.is_live, original.retired_at = False, timezone.now()
        original.save(update_fields=["is_live", "retired_at"])
        decision = _create_decision(event_request, acting_user, facts, on_appeal=True)
        appeal.status = appeal_status
        appeal.outcome_decision = decision
        appeal.save(update_fields=["status", "outcome_decision"])
        _clear_waiting(event_request)
        _touch(event_request, status=facts.outcome)
        record(
            action="events.request.appeal_decided",
            actor=acting_user,
            target=event_request,
            unit=event_request.unit,
            data={
                "status": {"old": Status.APPEALED, "new": facts.outcome},
                "appeal": appeal.status,
                **_decision_record(decision, facts),
            },
        )
        _notify_outcome(event_request, decision, appeal=appeal)
    return decision
