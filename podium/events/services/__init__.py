"""Writes for event requests: every state change of the lifecycle in README.md.

Each service is keyword-only, locks the request, checks its state and the actor's
right to act inside one transaction, raises `DomainError` with a message the person
can read, writes exactly one audit entry, and sends e-mail only after the
transaction commits. The API calls these same functions.

One module per use case; this package re-exports the public names, so callers
write `from podium.events import services` and `services.decide(...)`.
"""

from __future__ import annotations

from podium.events.services.after_decision import (
    cancel_event,
    confirm_condition,
    record_incident,
    report_after_event,
    review_condition,
)
from podium.events.services.appeals import (
    decide_appeal,
    lodge_appeal,
)
from podium.events.services.base import (
    EDITABLE_FIELDS,
    EDITABLE_STATUSES,
    MATERIAL_FIELDS,
    REJECTION_WORD_LIMIT,
    VERSION_FIELDS,
    RequestFacts,
    SpeakerFacts,
    appeal_deadline,
)
from podium.events.services.decisions import (
    ConditionFacts,
    DecisionFacts,
    decide,
    decision_refusal,
    sign_off_after,
)
from podium.events.services.deputies import (
    add_deputy,
    end_deputy,
)
from podium.events.services.drafts import (
    briefing_refusal,
    create_request,
    missing_for_submission,
    submit_request,
    update_request,
    withdraw_request,
)
from podium.events.services.jobs import (
    lapse_undecided,
    remind_and_escalate,
)
from podium.events.services.review import (
    add_note,
    answer_information,
    escalate,
    fast_track,
    request_information,
)

__all__ = [
    "EDITABLE_FIELDS",
    "EDITABLE_STATUSES",
    "MATERIAL_FIELDS",
    "REJECTION_WORD_LIMIT",
    "VERSION_FIELDS",
    "ConditionFacts",
    "DecisionFacts",
    "RequestFacts",
    "SpeakerFacts",
    "add_deputy",
    "add_note",
    "answer_information",
    "appeal_deadline",
    "briefing_refusal",
    "cancel_event",
    "confirm_condition",
    "create_request",
    "decide",
    "decide_appeal",
    "decision_refusal",
    "end_deputy",
    "escalate",
    "fast_track",
    "lapse_undecided",
    "lodge_appeal",
    "missing_for_submission",
    "record_incident",
    "remind_and_escalate",
    "report_after_event",
    "request_information",
    "review_condition",
    "sign_off_after",
    "submit_request",
    "update_request",
    "withdraw_request",
]
