"""Subject access (`podium/core/subject_export.py`): what event requests hold about a
person, as organiser, reviewer or speaker."""

from __future__ import annotations

from podium.core.subject_export import ExportMapping

USER = "accounts.User"
SPEAKER = "speakers.Speaker"

MAPPINGS = [
    ExportMapping(
        "events.EventRequest",
        "Event requests you organised",
        {USER: ("organiser",)},
        context=("reference", "title", "status", "starts_at", "ends_at", "venue", "submitted_at"),
    ),
    ExportMapping(
        "events.EventSpeaker",
        "Events you were asked to speak at",
        {SPEAKER: ("speaker",)},
        context=("request", "role"),
    ),
    ExportMapping(
        "events.ScreeningAnswer",
        "Screening answers on your event requests",
        {USER: ("request__organiser",)},
        context=("request", "question_text", "answer"),
    ),
    ExportMapping(
        "events.InformationRequest",
        "Questions on event requests",
        {USER: ("asked_by", "answered_by", "request__organiser")},
        context=("request", "asked_at", "answered_at"),
    ),
    ExportMapping(
        "events.RequestText",
        "What you wrote on your event requests",
        {USER: ("request__organiser",)},
        context=("request", "entry_sequence"),
    ),
    ExportMapping(
        "events.ReviewNote",
        "Reviewers' notes you wrote, or on requests where you spoke",
        {USER: ("author",), SPEAKER: ("request__speakers__speaker",)},
        context=("request", "created_at"),
    ),
    ExportMapping(
        "events.Recommendation",
        "Recommendations you made at a step of a request's route",
        {USER: ("recommended_by",)},
        context=("request", "step", "outcome", "recommended_at"),
    ),
    ExportMapping(
        "events.Decision",
        "Decisions you made, on your requests, or on requests where you spoke",
        {
            USER: ("decided_by", "request__organiser"),
            SPEAKER: ("request__speakers__speaker",),
        },
        context=("request", "outcome", "decided_at", "rejection_category"),
    ),
    ExportMapping(
        "events.Condition",
        "Conditions you confirmed",
        {USER: ("confirmed_by",)},
        context=("decision", "owner", "confirmed_at"),
    ),
    ExportMapping(
        "events.Appeal",
        "Appeals you lodged",
        {USER: ("lodged_by",)},
        context=("request", "lodged_at", "status"),
    ),
    ExportMapping(
        "events.PostEventReport",
        "Reports after your events",
        {USER: ("reported_by", "request__organiser")},
        context=("request", "went_ahead", "attendance", "reported_at"),
    ),
    ExportMapping(
        "events.Incident",
        "Incidents you recorded, or at events where you spoke",
        {USER: ("recorded_by",), SPEAKER: ("request__speakers__speaker",)},
        context=("request", "occurred_at", "severity", "recorded_at"),
    ),
    ExportMapping(
        "events.CalendarFeed",
        "Your calendar feed",
        {USER: ("user",)},
        context=("created_at",),
    ),
    ExportMapping(
        "events.Deputy",
        "Deputies you named or stood in for",
        {USER: ("reviewer", "deputy")},
        context=("created_at",),
    ),
    ExportMapping(
        "events.Acknowledgement",
        "Code-of-conduct acknowledgements",
        {SPEAKER: ("speaker",), USER: ("sent_by", "address_confirmed_by")},
        context=("request", "speaker", "status", "sent_at", "responded_at"),
    ),
]
