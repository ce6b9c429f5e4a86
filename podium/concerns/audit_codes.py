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
    code("concerns.reviews.reminded", "Podium reminded case owners of reviews due", ["cases"]),
    code(
        "concerns.events.reminded",
        "Podium reminded the Prevent leads of unreported events",
        ["events"],
    ),
]
