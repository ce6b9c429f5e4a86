"""Governance's audit codes (`podium/audit/codes.py`). Free text (descriptions,
controls, actions, progress notes) is named in `changes` as changed, never quoted."""

from __future__ import annotations

from podium.audit.codes import code

CODES = [
    code(
        "governance.version.started",
        "{actor} started a version of the Prevent risk assessment: {target}",
        ["number", "copied_from"],
    ),
    code(
        "governance.version.submitted",
        "{actor} sent a risk assessment version for sign-off: {target}",
        ["number"],
    ),
    code(
        "governance.version.returned",
        "{actor} returned a risk assessment version to draft: {target}",
        ["number"],
    ),
    code(
        "governance.version.signed",
        "{actor} signed off a risk assessment version: {target}",
        ["number", "signed_on"],
    ),
    code("governance.risk.added", "{actor} added a risk: {target}", ["version", "changes"]),
    code("governance.risk.changed", "{actor} changed a risk: {target}", ["version", "changes"]),
    code("governance.risk.removed", "{actor} removed a risk from a draft: {target}", ["version"]),
    code("governance.action.added", "{actor} added a Prevent action: {target}", ["changes"]),
    code("governance.action.changed", "{actor} changed a Prevent action: {target}", ["changes"]),
    code(
        "governance.reminders.sent",
        "Podium sent Prevent action reminders",
        ["due_soon", "overdue"],
    ),
    code("governance.topic.created", "{actor} added a risk topic: {target}", ["changes"]),
    code("governance.topic.changed", "{actor} changed a risk topic: {target}", ["changes"]),
    code("governance.bands.changed", "{actor} changed the RAG bands", ["changes"]),
    code(
        "governance.complaint.received",
        "{actor} recorded a free-speech complaint: {target}",
        ["complainant_kind", "received_on", "event_request", "speaker"],
    ),
    code(
        "governance.complaint.answered",
        "{actor} recorded the response to a complaint: {target}",
        ["responded_on"],
    ),
    code(
        "governance.complaint.escalated",
        "{actor} recorded a complaint's escalation: {target}",
        ["scheme", "escalated_on"],
    ),
    code(
        "governance.complaint.closed",
        "{actor} closed a complaint: {target}",
        ["outcome", "closed_on", "scheme"],
    ),
    code(
        "governance.code.started",
        "{actor} started a version of the code of practice: {target}",
        ["number", "copied_from"],
    ),
    code("governance.code.changed", "{actor} changed the code of practice: {target}", ["changes"]),
    code(
        "governance.code.published",
        "{actor} published the code of practice: {target}",
        ["number"],
    ),
    code(
        "governance.notice.recorded",
        "{actor} recorded a notice to students: {target}",
        ["sent_on", "channel"],
    ),
    code(
        "governance.notice_reminders.sent",
        "Podium reminded the free-speech officers of the yearly notice",
        ["people"],
    ),
    code(
        "governance.complaint_reminders.sent",
        "Podium reminded owners of complaints past their 30 days",
        ["complaints"],
    ),
]
