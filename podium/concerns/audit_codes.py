"""Concerns' audit codes (`podium/audit/codes.py`). None carries what someone
typed (the concern, notes, reasons, descriptions) or who the subject is."""

from __future__ import annotations

from podium.audit.codes import code

CODES = [
    code(
        "concerns.case.shared",
        "{actor} shared a Prevent concern: {target}",
        ["urgent", "indicators"],
    ),
    code("concerns.case.changed", "{actor} updated the case {target}", ["changes"]),
    code("concerns.note.added", "{actor} added a note to the case {target}", ["note_id"]),
    code(
        "concerns.identity.changed",
        "{actor} changed the subject's identity on the case {target}",
        ["fields"],
    ),
    code(
        "concerns.identity.opened",
        "{actor} opened the subject's identity on the case {target}",
        ["break_glass"],
    ),
    code(
        "concerns.break_glass.granted",
        "{actor} used break-glass access to the case {target}",
        ["grant_id", "hours"],
    ),
    code(
        "concerns.settings.changed",
        "{actor} changed the concern settings",
        ["changes", "ideologies", "indicators"],
    ),
    code("concerns.event.recorded", "{actor} recorded a reportable event: {target}", ["changes"]),
    code("concerns.event.changed", "{actor} changed a reportable event: {target}", ["changes"]),
    code(
        "concerns.action.added",
        "{actor} added a follow-up action to {target}",
        ["action_id", "owner_id", "due_on"],
    ),
    code(
        "concerns.action.done",
        "{actor} marked a follow-up action on {target} done",
        ["action_id", "done_on"],
    ),
    code(
        "concerns.actions.reminded",
        "Podium reminded owners of overdue follow-up actions",
        ["actions"],
    ),
    code("concerns.reviews.reminded", "Podium reminded case owners of reviews due", ["cases"]),
    code(
        "concerns.events.reminded",
        "Podium reminded the Prevent leads of unreported events",
        ["events"],
    ),
]
