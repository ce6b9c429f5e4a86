"""Event requests, from draft to decision to the post-event report, and the rules
that drive them.

Two kinds of model live here, a module each (`policy`, `requests`); this
package re-exports them all, so `from podium.events.models import X` works:

- **Policy** (administrator-edited data, never constants in code): event types and
  their notice periods, closure days, screening questions, the risk matrix, routing
  rules and their review steps, the mitigation catalogue, campuses, and one
  `EventsPolicy` row (the institution's nation for bank holidays, the appeal window).
- **Requests**: `EventRequest` and what hangs off it — speakers, screening answers,
  information requests, notes, decisions and their conditions, appeals, the
  post-event report, incidents and inbox messages.

Only `podium.events.services` writes them; every state change there is audited.
"""

from __future__ import annotations

from podium.events.models.policy import (
    IMPACT_LABELS,
    LIKELIHOOD_LABELS,
    MATRIX_SCALE,
    Attendance,
    Campus,
    ClosureDay,
    EventsPolicy,
    EventType,
    Mitigation,
    Nation,
    NoticePeriod,
    RiskLevel,
    RiskMatrixCell,
    RoutingRule,
    RoutingStep,
    ScreeningQuestion,
    StepKind,
)
from podium.events.models.requests import (
    APPROVED_STATUSES,
    OPEN_STATUSES,
    REQUEST_RETENTION,
    Appeal,
    AppealStatus,
    CalendarFeed,
    Condition,
    ConditionMet,
    Decision,
    Deputy,
    EventRequest,
    EventSpeaker,
    Format,
    Incident,
    InformationRequest,
    OrganiserKind,
    Outcome,
    PostEventReport,
    Recording,
    RejectionCategory,
    ReminderSent,
    RequestText,
    ReviewNote,
    ScreeningAnswer,
    SpeakerRole,
    SpeechLawful,
    Status,
    VenueKind,
)
from podium.events.models.routes import Recommendation, RecommendedCondition

__all__ = [
    "APPROVED_STATUSES",
    "IMPACT_LABELS",
    "LIKELIHOOD_LABELS",
    "MATRIX_SCALE",
    "OPEN_STATUSES",
    "REQUEST_RETENTION",
    "Appeal",
    "AppealStatus",
    "Attendance",
    "CalendarFeed",
    "Campus",
    "ClosureDay",
    "Condition",
    "ConditionMet",
    "Decision",
    "Deputy",
    "EventRequest",
    "EventSpeaker",
    "EventType",
    "EventsPolicy",
    "Format",
    "Incident",
    "InformationRequest",
    "Mitigation",
    "Nation",
    "NoticePeriod",
    "OrganiserKind",
    "Outcome",
    "PostEventReport",
    "Recommendation",
    "RecommendedCondition",
    "Recording",
    "RejectionCategory",
    "ReminderSent",
    "RequestText",
    "ReviewNote",
    "RiskLevel",
    "RiskMatrixCell",
    "RoutingRule",
    "RoutingStep",
    "ScreeningAnswer",
    "ScreeningQuestion",
    "SpeakerRole",
    "SpeechLawful",
    "Status",
    "StepKind",
    "VenueKind",
]
