"""Decisions: the outcome, its conditions and the free-speech record."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction

from podium.accounts.models import User
from podium.audit.services import record
from podium.core.errors import DomainError
from podium.core.versioning import check_version
from podium.events import access, free_speech, lifecycle, rules
from podium.events.lifecycle import Action
from podium.events.models import (
    APPROVED_STATUSES,
    Condition,
    Decision,
    EventRequest,
    Mitigation,
    Outcome,
    Recommendation,
    RecommendedCondition,
)
from podium.events.services.base import (
    REJECTION_WORD_LIMIT,
    VERSION_FIELDS,
    _fresh,
    _require_reviewer,
    _touch,
)
from podium.events.services.messages import _notify_outcome, _notify_reviewers
from podium.events.services.routing import _clear_waiting, _move_to_sign_off
from podium.events.speakers.selectors import acknowledgement_refusal
from podium.training.selectors import training_lapsed_for


@dataclass
class ConditionFacts:
    text: str
    owner: str
    prevent_related: bool = False
    mitigation: Mitigation | None = None


@dataclass
class DecisionFacts:
    outcome: str
    rationale: str
    conditions: list[ConditionFacts] = field(default_factory=list)
    speech_lawful: str = ""
    practicable_steps: str = ""
    proportionality: str = ""
    viewpoint_neutral: bool = False
    rejection_category: str = ""
    rejection_reason: str = ""
    organiser_bears_security_costs: bool = False
    security_costs_reason: str = ""
    # The decider re-read reasons that mention offence or reputation (free_speech).
    reasons_reread: bool = False


def _validate_decision(facts: DecisionFacts) -> None:
    """Every problem with the decision at once (DomainError.of), not one per try."""
    problems: list[tuple[str | None, str]] = []

    def refuse(field: str, message: str) -> None:
        problems.append((field, message))

    if facts.outcome not in Outcome.values:
        refuse("outcome", "Choose the outcome.")
    if not facts.rationale.strip():
        refuse("rationale", "Give the reasons for the decision.")
    if facts.outcome == Outcome.APPROVED_WITH_CONDITIONS and not facts.conditions:
        refuse("conditions", "Add at least one condition.")
    if facts.outcome != Outcome.APPROVED_WITH_CONDITIONS and facts.conditions:
        refuse("conditions", "Only an approval with conditions has conditions.")
    for condition in facts.conditions:
        if not condition.text.strip():
            refuse("conditions", "Describe each condition.")
        if not condition.owner.strip():
            refuse("conditions", "Name who is responsible for each condition.")
    restricting = facts.outcome in (Outcome.APPROVED_WITH_CONDITIONS, Outcome.REJECTED)
    if restricting:
        # The free-speech record: a restriction must be lawful, necessary and
        # proportionate, and the record must show the decider considered each.
        if facts.speech_lawful not in ("yes", "no", "unsure"):
            refuse("speech_lawful", "Say whether the expected speech is lawful.")
        for field, message in (
            ("practicable_steps", free_speech.steps_needed()),
            ("proportionality", free_speech.proportionality_needed()),
        ):
            if not free_speech.is_substantive(getattr(facts, field)):
                refuse(field, message)
        if not facts.viewpoint_neutral:
            refuse(
                "viewpoint_neutral",
                "Confirm that the reasons are viewpoint-neutral: a decision cannot rest on "
                "the views to be expressed, on offence or on reputational risk.",
            )
        flagged = free_speech.offence_or_reputation(
            facts.rationale, facts.practicable_steps, facts.proportionality, facts.rejection_reason
        )
        if flagged and not facts.reasons_reread:
            refuse("reasons_reread", free_speech.warning(flagged))
    if facts.outcome == Outcome.REJECTED:
        if facts.rejection_category not in ("health_and_safety", "procedural", "prevent", "other"):
            refuse("rejection_category", "Choose the reason category.")
        words = len(facts.rejection_reason.split())
        if not words:
            refuse("rejection_reason", "Give the reason for rejection.")
        if words > REJECTION_WORD_LIMIT:
            refuse(
                "rejection_reason",
                f"The reason for rejection is {words} words; keep it to {REJECTION_WORD_LIMIT}.",
            )
    if facts.organiser_bears_security_costs and not facts.security_costs_reason.strip():
        refuse(
            "security_costs_reason",
            "Organisers bear security costs only in exceptional circumstances: give the reason.",
        )
    if problems:
        raise DomainError.of(problems)


def _create_decision(
    event_request: EventRequest, acting_user: User, facts: DecisionFacts, *, on_appeal: bool
) -> Decision:
    try:
        with transaction.atomic():
            decision = Decision.objects.create(
                request=event_request,
                outcome=facts.outcome,
                decided_by=acting_user,
                acting_as=event_request.waiting_role,
                rationale=facts.rationale.strip(),
                on_appeal=on_appeal,
                step_position=None
                if on_appeal or event_request.current_step is None
                else event_request.current_step.position,
                speech_lawful=facts.speech_lawful,
                practicable_steps=facts.practicable_steps.strip(),
                proportionality=facts.proportionality.strip(),
                viewpoint_neutral=facts.viewpoint_neutral,
                rejection_category=facts.rejection_category
                if facts.outcome == Outcome.REJECTED
                else "",
                rejection_reason=facts.rejection_reason.strip()
                if facts.outcome == Outcome.REJECTED
                else "",
                organiser_bears_security_costs=facts.organiser_bears_security_costs,
                security_costs_reason=facts.security_costs_reason.strip(),
            )
    except IntegrityError:  # another decision became live first
        raise DomainError("This request has already been decided.") from None
    Condition.objects.bulk_create(
        Condition(
            decision=decision,
            mitigation=c.mitigation,
            text=c.text.strip(),
            owner=c.owner.strip(),
            prevent_related=c.prevent_related,
        )
        for c in facts.conditions
    )
    return decision


def _decision_record(decision: Decision, facts: DecisionFacts) -> dict[str, Any]:
    return {
        "outcome": decision.outcome,
        # How many conditions, and how many are Prevent-related; their words and
        # the rationale stay on the decision (podium/audit/README.md).
        "conditions": {
            "count": len(facts.conditions),
            "prevent_related": sum(1 for c in facts.conditions if c.prevent_related),
        },
        "speech_lawful": decision.speech_lawful,
        "viewpoint_neutral": decision.viewpoint_neutral,
        "rejection_category": decision.rejection_category,
        "organiser_bears_security_costs": decision.organiser_bears_security_costs,
    }


def decide(
    *,
    acting_user: User,
    event_request: EventRequest,
    facts: DecisionFacts,
    expected_version: str | None = None,
) -> Decision | Recommendation:
    """Decide a request waiting for `acting_user`. One live decision per request: a
    second attempt, or one made on a stale view of the request, is refused.

    At a step with a sign-off step still to come, an approval (with or without
    conditions) is a recommendation, not a decision: it is recorded with the same
    reasons, the request moves on to the next step's queue and stays in review
    (`Recommendation` is returned). A rejection at any step decides."""
    with transaction.atomic():
        event_request = _fresh(event_request)
        # Someone who reviews nothing here is refused first (403 in the API); a
        # reviewer at another step after the state checks (`_require_reviewer`).
        access.require(
            access.is_reviewer_of(acting_user, event_request), access.NOT_WAITING_FOR_YOU
        )
        _validate_decision(facts)
        check_version(event_request, VERSION_FIELDS, expected_version)
        lifecycle.require(event_request.status, Action.DECIDE, to=facts.outcome)
        _require_reviewer(acting_user, event_request)
        refusal = decision_refusal(acting_user)
        if refusal:
            raise DomainError(refusal)
        following = sign_off_after(event_request)
        if facts.outcome in APPROVED_STATUSES and following is not None:
            return _recommend(event_request, acting_user, facts, following)
        if facts.outcome in APPROVED_STATUSES:
            waiting = acknowledgement_refusal(event_request)
            if waiting:
                raise DomainError(waiting)
        old = event_request.status
        decision = _create_decision(event_request, acting_user, facts, on_appeal=False)
        _clear_waiting(event_request)
        _touch(event_request, status=facts.outcome, reapproval_changes={})
        record(
            action="events.request.decided",
            actor=acting_user,
            target=event_request,
            unit=event_request.unit,
            data={
                "status": {"old": old, "new": facts.outcome},
                **_decision_record(decision, facts),
            },
        )
        _notify_outcome(event_request, decision)
    return decision


def sign_off_after(event_request: EventRequest) -> Any:
    """The sign-off step an approval now passes the request on to; None when the
    reviewers at its current step have the last word."""
    step = event_request.current_step
    return rules.next_sign_off_step(step) if step is not None else None


def _recommend(
    event_request: EventRequest, acting_user: User, facts: DecisionFacts, following: Any
) -> Recommendation:
    step = event_request.current_step
    assert step is not None
    try:
        with transaction.atomic():
            recommendation = Recommendation.objects.create(
                request=event_request,
                step=step,
                position=step.position,
                step_name=str(step),
                outcome=facts.outcome,
                recommended_by=acting_user,
                acting_as=event_request.waiting_role,
                rationale=facts.rationale.strip(),
                speech_lawful=facts.speech_lawful,
                practicable_steps=facts.practicable_steps.strip(),
                proportionality=facts.proportionality.strip(),
                viewpoint_neutral=facts.viewpoint_neutral,
                organiser_bears_security_costs=facts.organiser_bears_security_costs,
                security_costs_reason=facts.security_costs_reason.strip(),
            )
    except IntegrityError:  # another recommendation at this step came first
        raise DomainError("A recommendation has already been made at this step.") from None
    RecommendedCondition.objects.bulk_create(
        RecommendedCondition(
            recommendation=recommendation,
            mitigation=c.mitigation,
            text=c.text.strip(),
            owner=c.owner.strip(),
            prevent_related=c.prevent_related,
        )
        for c in facts.conditions
    )
    old = str(step)
    _move_to_sign_off(event_request, following)
    _touch(event_request)
    record(
        action="events.request.recommended",
        actor=acting_user,
        target=event_request,
        unit=event_request.unit,
        data={
            "step": {"old": old, "new": str(event_request.current_step)},
            "outcome": recommendation.outcome,
            "conditions": {
                "count": len(facts.conditions),
                "prevent_related": sum(1 for c in facts.conditions if c.prevent_related),
            },
            "speech_lawful": recommendation.speech_lawful,
            "viewpoint_neutral": recommendation.viewpoint_neutral,
        },
    )
    _notify_reviewers(
        event_request,
        "recommended",
        extra={"recommendation": recommendation, "step_name": old},
    )
    return recommendation


def decision_refusal(user: User) -> str:
    """Why this person may not decide now (empty: they may). The training an
    administrator requires of decision-makers is checked here
    (`podium.training.selectors.training_lapsed_for`)."""
    lapsed = training_lapsed_for(user)
    if not lapsed:
        return ""
    names = ", ".join(course.name for course in lapsed)
    return (
        f"You cannot decide until your Prevent training is in date. Lapsed or never "
        f"completed: {names}. Ask your training administrator to record it."
    )
