"""Events' audit codes (`podium/audit/codes.py`) and the link to a request.

A request's entries carry facts: states, dates, ids, choices, counts, and which
fields changed. The words people typed (titles, descriptions, venues, questions,
answers, notes, reasons, rationale, grounds, condition notes) stay on the request,
where its own access rules guard them; a changed text field is named, never quoted
(`services.base.TEXT_FIELDS`). An entry's label is the request's reference, never
its title (`EventRequest.audit_label`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.urls import reverse

from podium.audit.codes import TargetLink, code
from podium.events import access
from podium.events.services.base import TEXT_FIELDS

DECISION_KEYS = [
    "status",
    "outcome",
    "conditions",
    "speech_lawful",
    "viewpoint_neutral",
    "rejection_category",
    "organiser_bears_security_costs",
]
_OUTCOME_WORDS = {
    "approved": "approved",
    "approved_with_conditions": "approved with conditions",
    "rejected": "rejected",
}


def _decided(data: Mapping[str, Any]) -> str:
    word = _OUTCOME_WORDS.get(str(data.get("outcome", "")))
    return f"{{actor}} {word} event request {{target}}" if word else ""


def _appeal_decided(data: Mapping[str, Any]) -> str:
    appeal = str(data.get("appeal", ""))
    if appeal in ("upheld", "dismissed"):
        return f"{{actor}} decided the appeal on event request {{target}}: {appeal}"
    return ""


# Before issue 13, some keys these codes still carry held words (`facts` and
# `changes` the title and description, `speakers` names, `condition` the wording,
# `conditions` a list with the wording). The page shows such older values only as
# far as the code carries them now (`codes.shown_data`); the log keeps every byte.
_TEXT_FIELDS = {*TEXT_FIELDS, "speakers"}


def _show(data: dict[str, Any]) -> dict[str, Any]:
    if isinstance(data.get("facts"), dict):
        data["facts"] = {k: v for k, v in data["facts"].items() if k not in _TEXT_FIELDS}
    if isinstance(data.get("changes"), dict):
        data["changes"] = {
            k: {"changed": True} if k in _TEXT_FIELDS else v for k, v in data["changes"].items()
        }
    if isinstance(data.get("speakers"), list):
        data["speakers"] = [
            {"role": s.get("role"), "speaker": s.get("speaker")}
            for s in data["speakers"]
            if isinstance(s, dict)
        ]
    if "condition" in data and not isinstance(data["condition"], int):
        del data["condition"]
    if "conditions" in data and not isinstance(data["conditions"], dict):
        del data["conditions"]
    return data


POLICY_THINGS = {
    "settings": "the events settings",
    "closure_day": "a closure day",
    "event_type": "an event type",
    "campus": "a campus",
    "notice_period": "a notice period",
    "risk_level": "a risk level",
    "question": "a screening question",
    "mitigation": "a mitigation",
    "routing_rule": "a routing rule",
}
_VERBS = {"created": "added", "changed": "changed", "deleted": "deleted"}

CODES = [
    code(
        "events.request.created",
        "{actor} started event request {target}",
        ["facts", "speakers"],
        show=_show,
    ),
    code(
        "events.request.changed", "{actor} changed event request {target}", ["changes"], show=_show
    ),
    code(
        "events.request.submitted",
        "{actor} submitted event request {target}",
        ["status", "notice", "suggested_level", "routing", "waiting_for"],
        show=_show,
    ),
    code(
        "events.request.withdrawn",
        "{actor} withdrew event request {target}",
        ["status"],
        show=_show,
    ),
    code(
        "events.request.suspended_for_reapproval",
        "{actor} changed approved event request {target}, which goes back for re-approval",
        ["status", "changes"],
        show=_show,
    ),
    code(
        "events.request.information_requested",
        "{actor} asked the organiser of event request {target} for information",
        ["status", "information_request"],
        show=_show,
    ),
    code(
        "events.request.information_given",
        "{actor} answered the question on event request {target}",
        ["status", "information_request", "clock_stopped_working_days"],
        show=_show,
    ),
    code(
        "events.request.note_added",
        "{actor} added a note to event request {target}",
        ["review_note"],
        show=_show,
    ),
    code(
        "events.request.fast_tracked",
        "{actor} fast-tracked event request {target}",
        ["due_on"],
        show=_show,
    ),
    code(
        "events.request.escalated",
        "{actor} escalated event request {target}",
        ["step", "by_deadline"],
        show=_show,
    ),
    code(
        "events.request.recommended",
        "{actor} recommended approval of event request {target} and passed it on",
        ["step", "outcome", "conditions", "speech_lawful", "viewpoint_neutral"],
        show=_show,
    ),
    code(
        "events.request.decided",
        "{actor} decided event request {target}",
        DECISION_KEYS,
        _decided,
        show=_show,
    ),
    code(
        "events.request.appealed",
        "{actor} appealed the decision on event request {target}",
        ["status"],
        show=_show,
    ),
    code(
        "events.request.appeal_decided",
        "{actor} decided the appeal on event request {target}",
        [*DECISION_KEYS, "appeal"],
        _appeal_decided,
        show=_show,
    ),
    code(
        "events.request.cancelled",
        "{actor} cancelled event request {target}",
        ["status"],
        show=_show,
    ),
    code(
        "events.request.lapsed", "Event request {target} lapsed undecided", ["status"], show=_show
    ),
    code(
        "events.condition.confirmed",
        "{actor} confirmed a condition of event request {target} in place",
        ["condition"],
        show=_show,
    ),
    code(
        "events.condition.reviewed",
        "{actor} reviewed a condition of event request {target} after the event",
        ["condition", "review"],
        show=_show,
    ),
    code(
        "events.request.post_event_reported",
        "{actor} reported on event request {target} after the event",
        ["went_ahead", "attendance", "conditions_met", "incidents_reported"],
        show=_show,
    ),
    code(
        "events.incident.recorded",
        "{actor} logged an incident at event request {target}",
        ["severity", "occurred_at"],
        show=_show,
    ),
    code("events.deputy.added", "{actor} named a deputy", ["deputy", "starts_on", "ends_on"]),
    code("events.deputy.ended", "{actor} ended a deputy's cover", ["ends_on"]),
    code("events.calendar_feed.created", "{actor} created a calendar feed", ["feed_owner"]),
    code("events.calendar_feed.replaced", "{actor} replaced their calendar feed", ["feed_owner"]),
    code("events.policy.risk_matrix.changed", "{actor} changed the risk matrix", ["changes"]),
    *[
        code(
            f"events.policy.{thing}.{verb}",
            f"{{actor}} {_VERBS[verb]} {words}: {{target}}",
            ["changes", "route"] if thing == "routing_rule" else ["changes"],
        )
        for thing, words in POLICY_THINGS.items()
        for verb in ("created", "changed", "deleted")
    ],
    # `address` is a reference, never the address: "on record", or a keyed hash
    # (`acknowledgements.address_reference`).
    code(
        "speakers.acknowledgement.sent",
        "{actor} sent the code of conduct to a speaker of event request {target}",
        ["speaker", "address", "expires_at", "replaced"],
    ),
    code(
        "speakers.acknowledgement.address_given",
        "{actor} gave a new address for a speaker of event request {target}, "
        "to be confirmed by a reviewer",
        ["speaker", "address", "expires_at", "replaced"],
    ),
    code(
        "speakers.acknowledgement.address_confirmed",
        "{actor} confirmed a speaker's address for event request {target} "
        "and sent the code of conduct",
        ["speaker", "address", "given_by", "expires_at"],
    ),
    code(
        "speakers.acknowledgement.answered",
        "A speaker answered the code of conduct for event request {target}",
        ["speaker", "outcome", "code_version"],
    ),
]


def _request_urls(reader: Any, ids: list[int]) -> dict[int, str]:
    # The request page's own rule (`access.get_request_or_404`): a reader who may
    # not open the request (an administrator, a private draft) gets no link.
    found = access.visible_requests(reader).filter(pk__in=ids).values_list("pk", flat=True)
    return {pk: reverse("events:request-detail", args=[pk]) for pk in found}


# Older entries were labelled "EV-2026-000012: title"; the page shows the reference.
LINKS = [
    TargetLink(
        "events.eventrequest", _request_urls, clean_label=lambda label: label.split(":", 1)[0]
    )
]
